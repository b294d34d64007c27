"""What the results are made of: the methods and flags, the detached inputs (criteria,
projects, experts, scorecard totals) and the result types pages and exports read."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from threading import Lock
from typing import NamedTuple

from cachetools import LRUCache
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ...people.models import ExpertKind
from ...projects.models import ProjectState
from ...sessions.models import StrategicSession

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

# Rendered pieces of pages kept with each result (pages × filters × languages × readers): a
# page of the ranking is about 130 KB, so at most about 1 MB a result.
FRAGMENTS = 8

DISAGREEMENT = "disagreement"
TOO_FEW = "too_few"
FLAG_TITLES = {
    DISAGREEMENT: _l("Experts disagree"),
    TOO_FEW: _l("Too few reviews"),
}


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
        """The session's thresholds."""
        return cls(
            min_scorecards=strategic_session.review_min_scorecards,
            disagreement_stdev=strategic_session.disagreement_stdev,
            disagreement_range=strategic_session.disagreement_range,
        )


class CriterionMeans:
    """Each project's mean raw score per criterion, and which criteria count.

    Given whole here (the pure path, :func:`.formulas.rank_projects`); the database's results
    load them as pages ask (:class:`.loading.KeptCriterionMeans`): a page of the ranking needs
    its own rows' means only.
    """

    def __init__(
        self,
        means: Mapping[int, Mapping[int, float]] | None = None,
        counted_ids: Iterable[int] = (),
    ):
        self._means: dict[int, Mapping[int, float]] = dict(means or {})
        self.counted_ids = frozenset(counted_ids)

    def prefetch(self, project_ids: Iterable[int]) -> None:
        """Make the means of these projects ready (here they always are)."""

    def of(self, project_id: int) -> Mapping[int, float]:
        """Criterion id → mean raw score of the project's scorecards (empty: none)."""
        return self._means.get(project_id, {})


NO_MEANS = CriterionMeans()


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
    totals: tuple[float, ...]
    rank: int | None
    direction_rank: int | None
    flags: frozenset[str]
    # Where the criterion means come from (shared by every project of the results).
    means: CriterionMeans = field(default=NO_MEANS, compare=False, repr=False)

    @property
    def criterion_means(self) -> dict[int, float]:
        """Counted criterion id → the mean raw score on it."""
        counted = self.means.counted_ids
        return {cid: m for cid, m in self.means.of(self.project_id).items() if cid in counted}

    @property
    def reported_means(self) -> dict[int, float]:
        """Reported-not-counted criterion id → the mean raw score on it."""
        counted = self.means.counted_ids
        return {cid: m for cid, m in self.means.of(self.project_id).items() if cid not in counted}

    @property
    def display_title(self) -> str:
        """The short title, or the title when there is none."""
        return self.short_title or self.title

    @property
    def spread(self) -> float | None:
        """The range: maximum − minimum."""
        return None if self.n == 0 else self.maximum - self.minimum

    @property
    def disagreement(self) -> bool:
        """Whether the experts disagree on the project beyond the session's thresholds."""
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
        """Whether the project has fewer submitted scorecards than the session asks for."""
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
        """The ranking method's title in the reader's language."""
        return str(METHODS[self.method])

    @property
    def counted_criteria(self) -> tuple[CriterionInfo, ...]:
        """The criteria that count towards the score."""
        return tuple(c for c in self.criteria if c.counted)

    @property
    def reported_criteria(self) -> tuple[CriterionInfo, ...]:
        """The criteria that are reported but do not count."""
        return tuple(c for c in self.criteria if not c.counted)

    @cached_property
    def _projects_by_id(self) -> dict[int, ProjectResult]:
        return {p.project_id: p for p in self.projects}

    def project(self, project_id: int) -> ProjectResult | None:
        """The result of the project with this id, or ``None``."""
        return self._projects_by_id.get(project_id)

    def criterion(self, criterion_id: int) -> CriterionInfo | None:
        """The criterion with this id, or ``None``."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def expert(self, participant_id: int) -> ExpertStat | None:
        """The figures of the expert (a participant id), or ``None``."""
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

    @cached_property
    def _fragments(self) -> tuple[LRUCache, Lock]:
        return LRUCache(FRAGMENTS), Lock()

    def fragment(self, key: Hashable, build: Callable[[], str]) -> str:
        """What ``build`` renders from this result for ``key`` (everything else the rendering
        depends on: language, reader, query string), rendered once and kept with the result:
        the facilitator reloads the ranking all day, and between two writes it cannot change."""
        kept, lock = self._fragments
        with lock:
            text = kept.get(key)
        if text is None:
            text = build()
            with lock:
                kept[key] = text
        return text

    def prefetch_means(self, project_ids: Iterable[int]) -> None:
        """Load the criterion means of these projects now, in one query (a page that shows a
        few projects' means asks for them, not for every project's)."""
        if self.projects:
            self.projects[0].means.prefetch(project_ids)

    def lines_for(self, projects, link) -> list:
        """The rows of ``projects`` (results of this set) as the results page prints them, in
        the interface language: :func:`..display.line` (``link`` gives the URL of a project's
        review), formatted once per project and language and kept with the result, so a page
        formats only its own rows."""
        from ...core.numbers import score_format
        from ..display import line

        kept = self._lines_by_language.setdefault(str(get_locale()), {})
        self.prefetch_means(p.project_id for p in projects if p.project_id not in kept)
        score = score_format()
        rows = []
        for project in projects:
            row = kept.get(project.project_id)
            if row is None:
                row = kept[project.project_id] = line(
                    project, self.criteria, link, zscore=self.method == ZSCORE, score=score
                )
            rows.append(row)
        return rows
