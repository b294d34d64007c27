"""Results of the expert review: scorecard totals, project figures, normalisation, ranking.

This is the one module that computes results; pages and exports call :func:`compute_results`.

Formulas
--------
Scorecard total (0–100 whatever the scales), over the *counted* criteria that have a score::

    total = Σ wᵢ · (sᵢ − minᵢ) / (maxᵢ − minᵢ)  /  Σ wᵢ  × 100

A submitted scorecard scores every counted criterion, so the sums run over all of them; a draft
(only with ``include_drafts``) counts the criteria it has scored so far, its weights renormalised.
"Reported, not counted" criteria (weight 0) never enter the total; their raw means are reported
beside it.

Per project, over the totals ``t₁ … tₙ`` of its ``n`` scorecards (after normalisation, if any):

- mean ``m = Σ tⱼ / n``; median (the middle value, or the mean of the two middle values);
- standard deviation, the *population* one: ``sd = √(Σ (tⱼ − m)² / n)`` (0 for a single
  scorecard), because the panel is the whole population of the project's reviewers;
- minimum, maximum, range ``max − min``;
- per criterion, the mean of the raw scores ``Σ sᵢⱼ / nᵢ`` (always raw, on the criterion's scale).

Per-expert normalisation (``method="zscore"``) cancels lenient and harsh experts. For each
expert ``e`` with totals ``t`` (over every project they scored in the set): ``z = (t − mₑ) / sdₑ``
with ``mₑ``, ``sdₑ`` the mean and population deviation of that expert's totals (``z = 0`` when
``sdₑ = 0``, e.g. a single scorecard; below :data:`EPSILON` counts as 0: floating-point noise).
Each ``z`` is mapped back to the panel's scale: ``t' = M + z · SD`` where ``M`` and ``SD`` are
the mean and population deviation of all the totals in the set. Project figures are then
computed over ``t'``. Adding a constant to all of one expert's totals leaves every ``z`` — and
so the ranking — unchanged.

Flags: *disagreement* when ``sd > session.disagreement_stdev`` or ``max − min >
session.disagreement_range``; *too few* when ``n < session.review_min_scorecards``.

Ranking, overall and within each direction, by the mean (highest first), competition style:
a project's rank is 1 + the number of projects with a strictly higher mean, so ties share a rank
(1, 2, 2, 4). Means are compared rounded to :data:`TIE_PRECISION` decimals so that floating-point
noise never splits a tie. Tied projects are listed by title. Projects without a scorecard in the
set have no rank and come last.

Queries: a fixed number whatever the size of the panel (criteria; projects with their
directions; experts; the scores grouped by scorecard in SQL, a column per criterion); one pass
in Python over those rows gives the totals and the criterion means.

Pages and exports ask :func:`results_for`, which keeps each computed result under the data
revision it was computed at (:mod:`..core.revision`) and computes again once anything has been
written: the facilitator reloads the ranking all day, and between two scorecards nothing in it
can change.
"""

from __future__ import annotations

import itertools
import math
import operator
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from threading import Lock
from typing import NamedTuple

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ...core import revision
from ...extensions import db
from ...people.models import ExpertKind, Participant, ParticipantRole
from ...projects.models import Project, ProjectState
from ...sessions.models import Direction, StrategicSession
from ..models import Conflict, Criterion, Score, Scorecard, ScorecardState

RAW = "raw"
ZSCORE = "zscore"
METHODS = {
    RAW: _l("Raw scores: the mean of the scorecard totals"),
    ZSCORE: _l("Normalised per expert (z-scores mapped back to the panel's mean and spread)"),
}
TIE_BREAK = _l(
    "Projects with equal mean scores share a rank (1, 2, 2, 4) and are listed by title; "
    "projects without scorecards are not ranked."
)
# Means equal to this many decimals are a tie.
TIE_PRECISION = 6
# A spread of totals below this is no spread (all equal but for floating-point noise).
EPSILON = 1e-9
# Projects in these states are reviewed and ranked.
RANKED_STATES = (ProjectState.ACCEPTED, ProjectState.RECOMMENDED, ProjectState.NOT_RECOMMENDED)

DISAGREEMENT = "disagreement"
TOO_FEW = "too_few"
FLAG_TITLES = {
    DISAGREEMENT: _l("Experts disagree"),
    TOO_FEW: _l("Too few reviews"),
}


# ----------------------------------------------------------------------------------------------
# Result types
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion as the results use it (detached from the database session)."""

    id: int
    title: str
    weight: float
    counted: bool
    scale_min: int
    scale_max: int
    position: int = 0


@dataclass(frozen=True)
class ProjectInfo:
    """A reviewed project as the results use it."""

    id: int
    title: str
    short_title: str
    direction_id: int
    direction_title: str
    direction_position: int
    state: ProjectState


@dataclass(frozen=True)
class ExpertInfo:
    id: int
    name: str
    kind: ExpertKind


class CardTotal(NamedTuple):
    """One scorecard's total: which project, which expert, the 0–100 total (a plain tuple)."""

    project_id: int
    expert_id: int
    total: float


@dataclass(frozen=True)
class Thresholds:
    """The session's settings for the flags."""

    min_scorecards: int = 2
    disagreement_stdev: float = 15.0
    disagreement_range: float = 40.0

    @classmethod
    def of(cls, strategic_session: StrategicSession) -> Thresholds:
        return cls(
            min_scorecards=strategic_session.review_min_scorecards,
            disagreement_stdev=strategic_session.disagreement_stdev,
            disagreement_range=strategic_session.disagreement_range,
        )


@dataclass(frozen=True)
class ProjectResult:
    """One project's figures. ``mean`` … ``maximum`` are ``None`` when ``n == 0``.

    ``totals`` are the scorecard totals the figures are computed over (normalised ones under
    the z-score method; ``raw_mean`` is always the mean of the raw totals).
    """

    project_id: int
    title: str
    short_title: str
    direction_id: int
    direction_title: str
    direction_position: int
    state: ProjectState
    n: int
    mean: float | None
    median: float | None
    stdev: float | None
    minimum: float | None
    maximum: float | None
    raw_mean: float | None
    criterion_means: dict[int, float]
    reported_means: dict[int, float]
    totals: tuple[float, ...]
    rank: int | None
    direction_rank: int | None
    flags: frozenset[str]

    @property
    def display_title(self) -> str:
        return self.short_title or self.title

    @property
    def spread(self) -> float | None:
        """The range: maximum − minimum."""
        return None if self.n == 0 else self.maximum - self.minimum

    @property
    def disagreement(self) -> bool:
        return DISAGREEMENT in self.flags

    def histogram(self, bins: int = 10) -> list[int]:
        """How many totals fall in each of ``bins`` equal slices of 0–100 (100 in the last)."""
        counts = [0] * bins
        last = bins - 1
        for total in self.totals:
            index = int(total * bins / 100)
            counts[index if 0 <= index < last else (last if index > 0 else 0)] += 1
        return counts

    @property
    def too_few(self) -> bool:
        return TOO_FEW in self.flags


@dataclass(frozen=True)
class ExpertStat:
    """One expert's leniency: their mean raw total against the panel's, and how many scored."""

    participant_id: int
    name: str
    kind: ExpertKind
    n_scored: int
    mean_total: float | None
    panel_mean: float | None

    @property
    def difference(self) -> float | None:
        """``mean_total − panel_mean``: positive for a lenient expert, negative for a harsh one."""
        if self.mean_total is None or self.panel_mean is None:
            return None
        return self.mean_total - self.panel_mean


@dataclass(frozen=True)
class SessionResults:
    """The review's results for a session, ranked; see the module docstring for the formulas."""

    method: str
    expert_kind: ExpertKind | None
    include_drafts: bool
    criteria: tuple[CriterionInfo, ...]
    projects: list[ProjectResult]
    experts: list[ExpertStat]
    panel_mean: float | None
    panel_stdev: float | None
    thresholds: Thresholds
    tie_break: str = field(default=TIE_BREAK)

    @property
    def method_title(self) -> str:
        return str(METHODS[self.method])

    @property
    def counted_criteria(self) -> tuple[CriterionInfo, ...]:
        return tuple(c for c in self.criteria if c.counted)

    @property
    def reported_criteria(self) -> tuple[CriterionInfo, ...]:
        return tuple(c for c in self.criteria if not c.counted)

    @cached_property
    def _projects_by_id(self) -> dict[int, ProjectResult]:
        return {p.project_id: p for p in self.projects}

    def project(self, project_id: int) -> ProjectResult | None:
        return self._projects_by_id.get(project_id)

    def criterion(self, criterion_id: int) -> CriterionInfo | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def expert(self, participant_id: int) -> ExpertStat | None:
        return next((e for e in self.experts if e.participant_id == participant_id), None)

    @cached_property
    def by_direction(self) -> dict[int, list[ProjectResult]]:
        """Direction id → its projects in direction-rank order (directions in session order)."""
        grouped: dict[int, list[ProjectResult]] = {}
        in_order = sorted(self.projects, key=lambda p: (p.direction_position, p.direction_id))
        for result in in_order:
            grouped.setdefault(result.direction_id, []).append(result)
        return grouped

    @property
    def ranked(self) -> list[ProjectResult]:
        """The projects that have a rank (at least one scorecard)."""
        return [p for p in self.projects if p.rank is not None]

    @cached_property
    def _lines_by_language(self) -> dict:
        return {}

    @property
    def lines(self) -> list:
        """The projects' rows as the results page prints them, in the interface language
        (formatted once per language, kept with the result): :func:`.display.lines`."""
        from ..display import lines

        language = str(get_locale())
        if language not in self._lines_by_language:
            self._lines_by_language[language] = lines(self)
        return self._lines_by_language[language]


# ----------------------------------------------------------------------------------------------
# Formulas
# ----------------------------------------------------------------------------------------------


def scorecard_total(scores: Mapping[int, int], criteria: Iterable) -> float:
    """The 0–100 total of one scorecard.

    ``total = Σ wᵢ · (sᵢ − minᵢ) / (maxᵢ − minᵢ) / Σ wᵢ × 100`` over the counted criteria that
    have a score in ``scores`` (criterion id → value). ``criteria`` are objects with ``id``,
    ``weight``, ``counted``, ``scale_min`` and ``scale_max`` (criteria or :class:`CriterionInfo`).

    :raise ValueError: if no counted criterion has a score.
    """
    weighted = weights = 0.0
    for criterion in criteria:
        if not criterion.counted or criterion.id not in scores:
            continue
        span = criterion.scale_max - criterion.scale_min
        weighted += criterion.weight * (scores[criterion.id] - criterion.scale_min) / span
        weights += criterion.weight
    if weights == 0:
        raise ValueError("no counted criterion has a score")
    return weighted / weights * 100


def population_stdev(values: Sequence[float], mean: float | None = None) -> float:
    """``√(Σ (x − m)² / n)``; 0 for a single value."""
    if mean is None:
        mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((x - mean) ** 2 for x in values) / len(values))


def normalise(cards: Sequence[CardTotal]) -> list[CardTotal]:
    """Per-expert z-scores mapped back to the panel: ``t' = M + SD · (t − mₑ) / sdₑ``.

    ``mₑ``/``sdₑ``: the expert's mean and population deviation; ``M``/``SD``: those of every
    total in ``cards``. ``z = 0`` when ``sdₑ < EPSILON``. The cards keep their order.
    """
    if not cards:
        return []
    by_expert: dict[int, list[float]] = defaultdict(list)
    for card in cards:
        by_expert[card.expert_id].append(card.total)
    expert_stats = {}
    for expert_id, totals in by_expert.items():
        mean = math.fsum(totals) / len(totals)
        expert_stats[expert_id] = (mean, population_stdev(totals, mean))
    all_totals = [card.total for card in cards]
    panel_mean = math.fsum(all_totals) / len(all_totals)
    panel_sd = population_stdev(all_totals, panel_mean)
    normalised = []
    for card in cards:
        mean, sd = expert_stats[card.expert_id]
        z = (card.total - mean) / sd if sd >= EPSILON else 0.0
        normalised.append(CardTotal(card.project_id, card.expert_id, panel_mean + z * panel_sd))
    return normalised


def competition_ranks(means: Mapping[int, float | None]) -> dict[int, int | None]:
    """Rank ids by mean, highest first; ties (to :data:`TIE_PRECISION`) share a rank (1, 2, 2, 4).

    Ids whose mean is ``None`` get no rank.
    """
    keyed = sorted(
        ((round(mean, TIE_PRECISION), key) for key, mean in means.items() if mean is not None),
        reverse=True,
    )
    ranks: dict[int, int | None] = dict.fromkeys(means)
    previous = None
    rank = 0
    for position, (value, key) in enumerate(keyed, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def rank_projects(
    projects: Iterable[ProjectInfo],
    cards: Iterable[CardTotal],
    *,
    method: str = RAW,
    thresholds: Thresholds | None = None,
    criterion_means: Mapping[int, Mapping[int, float]] | None = None,
    counted_ids: frozenset[int] | set[int] = frozenset(),
) -> list[ProjectResult]:
    """Every figure of every project, ranked (the pure core of :func:`compute_results`).

    ``cards`` whose project is not among ``projects`` are ignored. ``criterion_means`` maps a
    project id to {criterion id: mean raw score}; ``counted_ids`` says which criteria count.
    The result is in ranking order: rank, then title, then id; unranked projects last.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    thresholds = thresholds or Thresholds()
    criterion_means = criterion_means or {}
    projects = list(projects)
    known = {p.id for p in projects}
    cards = [card for card in cards if card.project_id in known]
    raw_totals: dict[int, list[float]] = defaultdict(list)
    for card in cards:
        raw_totals[card.project_id].append(card.total)
    if method == ZSCORE:
        cards = normalise(cards)
    totals: dict[int, list[float]] = defaultdict(list)
    for card in cards:
        totals[card.project_id].append(card.total)

    figures = {p.id: _figures(sorted(totals.get(p.id, ())), thresholds) for p in projects}
    overall = competition_ranks({pid: f["mean"] for pid, f in figures.items()})
    by_direction: dict[int, dict[int, float | None]] = defaultdict(dict)
    for p in projects:
        by_direction[p.direction_id][p.id] = figures[p.id]["mean"]
    direction_ranks: dict[int, int | None] = {}
    for means in by_direction.values():
        direction_ranks.update(competition_ranks(means))

    results = []
    for p in projects:
        means = criterion_means.get(p.id, {})
        raw = raw_totals.get(p.id)
        results.append(
            ProjectResult(
                project_id=p.id,
                title=p.title,
                short_title=p.short_title,
                direction_id=p.direction_id,
                direction_title=p.direction_title,
                direction_position=p.direction_position,
                state=p.state,
                raw_mean=math.fsum(raw) / len(raw) if raw else None,
                criterion_means={cid: m for cid, m in means.items() if cid in counted_ids},
                reported_means={cid: m for cid, m in means.items() if cid not in counted_ids},
                rank=overall[p.id],
                direction_rank=direction_ranks[p.id],
                **figures[p.id],
            )
        )
    results.sort(key=_ranking_key)
    return results


def _ranking_key(result: ProjectResult) -> tuple:
    return (
        result.rank is None,
        result.rank or 0,
        result.title.casefold(),
        result.project_id,
    )


def _figures(totals: list[float], thresholds: Thresholds) -> dict:
    """n, mean, median, population stdev, minimum, maximum, flags of sorted ``totals``."""
    n = len(totals)
    flags = set()
    if n < thresholds.min_scorecards:
        flags.add(TOO_FEW)
    if n == 0:
        return {
            "n": 0,
            "mean": None,
            "median": None,
            "stdev": None,
            "minimum": None,
            "maximum": None,
            "totals": (),
            "flags": frozenset(flags),
        }
    mean = math.fsum(totals) / n
    stdev = population_stdev(totals, mean)
    if (
        stdev > thresholds.disagreement_stdev
        or totals[-1] - totals[0] > thresholds.disagreement_range
    ):
        flags.add(DISAGREEMENT)
    return {
        "n": n,
        "mean": mean,
        "median": statistics.median(totals),
        "stdev": stdev,
        "minimum": totals[0],
        "maximum": totals[-1],
        "totals": tuple(totals),
        "flags": frozenset(flags),
    }


def expert_stats(experts: Iterable[ExpertInfo], cards: Sequence[CardTotal]) -> list[ExpertStat]:
    """Each expert's number of scorecards and mean raw total, against the panel's mean."""
    all_totals = [card.total for card in cards]
    panel_mean = math.fsum(all_totals) / len(all_totals) if all_totals else None
    by_expert: dict[int, list[float]] = defaultdict(list)
    for card in cards:
        by_expert[card.expert_id].append(card.total)
    stats = []
    for expert in experts:
        totals = by_expert.get(expert.id, [])
        stats.append(
            ExpertStat(
                participant_id=expert.id,
                name=expert.name,
                kind=expert.kind,
                n_scored=len(totals),
                mean_total=math.fsum(totals) / len(totals) if totals else None,
                panel_mean=panel_mean,
            )
        )
    return stats


# ----------------------------------------------------------------------------------------------
# Loading from the database
# ----------------------------------------------------------------------------------------------

# Results kept per application (one per worker process): the latest for each session, method
# and kind of expert — a result of an older revision can never be served again.
CACHE_SIZE = 32
_CACHE_KEY = "sessiontrack.results"


def session_method(strategic_session: StrategicSession) -> str:
    """The method the session ranks by: normalised per expert when the facilitator chose it."""
    return ZSCORE if strategic_session.normalise_scores else RAW


def results_for(
    strategic_session: StrategicSession,
    *,
    method: str = RAW,
    expert_kind: ExpertKind | None = None,
) -> SessionResults:
    """:func:`compute_results` of the submitted scorecards, kept until the data changes.

    A result is kept with the data revision read *before* it was computed (see
    :mod:`..core.revision`) and served only while that revision is current, so never for data
    it was not computed from. One query when kept; the computation's own when not.
    """
    token = revision.current_token()
    if token is None:
        return compute_results(strategic_session, method=method, expert_kind=expert_kind)
    if _CACHE_KEY not in current_app.extensions:
        current_app.extensions.setdefault(_CACHE_KEY, (LRUCache(CACHE_SIZE), Lock()))
    cache, lock = current_app.extensions[_CACHE_KEY]
    # The flags' thresholds come from the session row this request loaded, which may be older
    # than the token: they are part of the key, so a result is served only with its own.
    key = (strategic_session.id, method, expert_kind, Thresholds.of(strategic_session))
    with lock:
        kept_token, kept = cache.get(key, (None, None))
    if kept_token != token:
        kept = compute_results(strategic_session, method=method, expert_kind=expert_kind)
        with lock:
            cache[key] = (token, kept)
    return kept


def compute_results(
    strategic_session: StrategicSession,
    *,
    method: str = RAW,
    expert_kind: ExpertKind | None = None,
    include_drafts: bool = False,
) -> SessionResults:
    """The session's results, ranked, by ``method`` (``"raw"`` or ``"zscore"``).

    Counts the submitted scorecards of projects in :data:`RANKED_STATES` (drafts too with
    ``include_drafts``), of every expert or of one ``expert_kind``, leaving out any scorecard
    whose expert has a conflict of interest with the project. Four queries, whatever the
    number of projects, experts and criteria.

    :raise ValueError: for an unknown method.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    sid = strategic_session.id
    criteria = load_criteria(strategic_session)
    projects = _load_projects(sid)
    experts = _load_experts(sid, expert_kind)
    card_filter = [
        Project.session_id == sid,
        Project.state.in_(RANKED_STATES),
        # A scorecard of a conflicted pair (declared or detected after scoring) never counts.
        ~sa.exists().where(
            Conflict.expert_id == Scorecard.expert_id, Conflict.project_id == Scorecard.project_id
        ),
    ]
    if not include_drafts:
        card_filter.append(Scorecard.state == ScorecardState.SUBMITTED)
    cards, criterion_means = _load_cards(card_filter, expert_kind, criteria)
    thresholds = Thresholds.of(strategic_session)
    all_totals = [card.total for card in cards]
    panel_mean = math.fsum(all_totals) / len(all_totals) if all_totals else None
    return SessionResults(
        method=method,
        expert_kind=expert_kind,
        include_drafts=include_drafts,
        criteria=criteria,
        projects=rank_projects(
            projects,
            cards,
            method=method,
            thresholds=thresholds,
            criterion_means=criterion_means,
            counted_ids={c.id for c in criteria if c.counted},
        ),
        experts=expert_stats(experts, cards),
        panel_mean=panel_mean,
        panel_stdev=population_stdev(all_totals, panel_mean) if all_totals else None,
        thresholds=thresholds,
    )


def load_criteria(strategic_session: StrategicSession) -> tuple[CriterionInfo, ...]:
    """The session's criteria in order (one query)."""
    rows = db.session.execute(
        sa.select(
            Criterion.id,
            Criterion.title,
            Criterion.weight,
            Criterion.counted,
            Criterion.scale_min,
            Criterion.scale_max,
            Criterion.position,
        )
        .where(Criterion.session_id == strategic_session.id)
        .order_by(Criterion.position, Criterion.id)
    )
    return tuple(CriterionInfo(*row) for row in rows)


def _load_projects(session_id: int) -> list[ProjectInfo]:
    rows = db.session.execute(
        sa.select(
            Project.id,
            Project.title,
            Project.short_title,
            Project.direction_id,
            Direction.title,
            Direction.position,
            Project.state,
        )
        .join(Direction, Direction.id == Project.direction_id)
        .where(Project.session_id == session_id, Project.state.in_(RANKED_STATES))
    )
    return [ProjectInfo(*row) for row in rows]


def _load_experts(session_id: int, kind: ExpertKind | None) -> list[ExpertInfo]:
    query = sa.select(Participant.id, Participant.full_name, Participant.expert_kind).where(
        Participant.session_id == session_id, Participant.role == ParticipantRole.EXPERT
    )
    if kind is not None:
        query = query.where(Participant.expert_kind == kind)
    rows = db.session.execute(query.order_by(Participant.full_name, Participant.id))
    return [ExpertInfo(*row) for row in rows]


def _scored_rows(card_filter: list, expert_kind: ExpertKind | None, *columns):
    """scorecard ⋈ project ⋈ score (⋈ expert for one kind), selecting ``columns``."""
    query = (
        sa.select(*columns)
        .select_from(Scorecard)
        .join(Project, Project.id == Scorecard.project_id)
        .join(Score, Score.scorecard_id == Scorecard.id)
        .where(*card_filter)
    )
    if expert_kind is not None:
        query = query.join(Participant, Participant.id == Scorecard.expert_id).where(
            Participant.expert_kind == expert_kind
        )
    return query


def _load_cards(
    card_filter: list, expert_kind: ExpertKind | None, criteria: Sequence[CriterionInfo]
) -> tuple[list[CardTotal], dict[int, dict[int, float]]]:
    """Each scorecard's total, and each project's mean raw score per criterion.

    One query: the database groups the scores by scorecard, one column per criterion (the
    score, or null where the scorecard has none: an aggregate ``FILTER``, cheaper than a
    ``CASE`` per score) and the total worked out from them, in project order; then one pass
    over those rows, a project at a time, takes the criterion means. (One scan of the scores
    and no per-row type conversion: two aggregations of the same scores took three times as
    long.)

    :return: the totals by scorecard, and project id → {criterion id: mean raw score}.
    """
    if not criteria:
        return [], {}
    pivot = (
        _scored_rows(
            card_filter,
            expert_kind,
            Scorecard.id.label("scorecard_id"),
            Scorecard.project_id,
            Scorecard.expert_id,
            *[
                sa.func.max(Score.value).filter(Score.criterion_id == c.id).label(f"c{i}")
                for i, c in enumerate(criteria)
            ],
        )
        # In the order the rows come (project, then scorecard): no sorting to group them.
        .group_by(Project.id, Scorecard.id, Scorecard.project_id, Scorecard.expert_id)
        .subquery()
    )
    columns = [pivot.c[f"c{i}"] for i in range(len(criteria))]
    rows = (
        db.session.connection()
        .execute(
            sa.select(
                pivot.c.project_id, pivot.c.expert_id, _total_of(columns, criteria), *columns
            ).order_by(pivot.c.project_id, pivot.c.scorecard_id)
        )
        .all()
    )
    cards: list[CardTotal] = []
    means: dict[int, dict[int, float]] = {}
    for project_id, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        _project_ids, expert_ids, totals, *scores = zip(*group, strict=True)
        means[project_id] = {
            criterion.id: sum(values) / len(values)
            for criterion, column in zip(criteria, scores, strict=True)
            if (values := column if None not in column else [v for v in column if v is not None])
        }
        if None in totals:
            cards.extend(_partial_cards(project_id, expert_ids, totals, scores, criteria))
        else:
            cards.extend(map(CardTotal, itertools.repeat(project_id), expert_ids, totals))
    return cards, means


def _total_of(columns: list, criteria: Sequence[CriterionInfo]):
    """The SQL of a grouped scorecard's total over its per-criterion ``columns``: null unless
    every counted criterion is scored.

    The terms of :func:`scorecard_total` in the same order, in double precision on both
    databases, so each total is the very float that function gives.
    """
    counted = [(c, column) for c, column in zip(criteria, columns, strict=True) if c.counted]
    if not counted:
        return sa.null()
    weights = 0.0
    weighted = None
    for criterion, column in counted:
        term = (
            sa.literal(criterion.weight, sa.Float)
            * (column - criterion.scale_min)
            / sa.literal(criterion.scale_max - criterion.scale_min, sa.Integer)
        )
        weighted = term if weighted is None else weighted + term
        weights += criterion.weight
    return sa.type_coerce(weighted / sa.literal(weights, sa.Float) * 100, sa.Float)


def _partial_cards(project_id, expert_ids, totals, scores, criteria) -> list[CardTotal]:
    """Cards of a project where some lack a counted score (drafts): those on their own."""
    cards = []
    for expert_id, total, values in zip(expert_ids, totals, zip(*scores, strict=True), strict=True):
        if total is None:
            scored = {c.id: v for c, v in zip(criteria, values, strict=True) if v is not None}
            try:
                total = scorecard_total(scored, criteria)
            except ValueError:
                continue  # no counted criterion scored yet
        cards.append(CardTotal(project_id, expert_id, total))
    return cards
