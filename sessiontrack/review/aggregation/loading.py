"""The results computed from the database: the criteria, projects and experts, and the
scorecards' kept totals (a row per scorecard), in a fixed number of queries, then the formulas."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from threading import Lock

import sqlalchemy as sa

from ...extensions import db
from ...people.models import ExpertKind, Participant, ParticipantRole
from ...projects.models import Project
from ...sessions.models import Direction, StrategicSession
from ..models import Conflict, Criterion, Scorecard, ScorecardState
from .formulas import expert_stats, population_stdev, rank_projects
from .results import (
    METHODS,
    RANKED_STATES,
    RAW,
    CriterionInfo,
    CriterionMeans,
    ExpertInfo,
    ProjectInfo,
    SessionResults,
    Thresholds,
)


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
    whose expert has a conflict of interest with the project. Five queries, whatever the
    number of projects, experts and criteria (criteria, projects, experts, conflicts, totals);
    the criterion means are read as pages ask for them (:class:`KeptCriterionMeans`).

    :raise ValueError: for an unknown method.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    sid = strategic_session.id
    criteria = load_criteria(strategic_session)
    projects = _load_projects(sid)
    experts = _load_experts(sid, expert_kind)
    card_filter = [Project.session_id == sid, Project.state.in_(RANKED_STATES)]
    if not include_drafts:
        card_filter.append(Scorecard.state == ScorecardState.SUBMITTED)
    # A scorecard of a conflicted pair (declared or detected after scoring) never counts.
    conflicts = _load_conflicts(sid)
    cards = _load_cards(card_filter, expert_kind, conflicts)
    means_filter = list(card_filter)
    if conflicts:
        means_filter.append(
            ~sa.exists().where(
                Conflict.expert_id == Scorecard.expert_id,
                Conflict.project_id == Scorecard.project_id,
            )
        )
    thresholds = Thresholds.of(strategic_session)
    all_totals = [total for _project_id, _expert_id, total in cards]
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
            criterion_means=KeptCriterionMeans(
                means_filter, expert_kind, criteria, (p.id for p in projects)
            ),
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


def _load_conflicts(session_id: int) -> set[tuple[int, int]]:
    """The session's conflicted (project id, expert id) pairs: few, often none."""
    return set(
        db.session.execute(
            sa.select(Conflict.project_id, Conflict.expert_id)
            .join(Project, Project.id == Conflict.project_id)
            .where(Project.session_id == session_id)
        )
    )


def _load_cards(
    card_filter: list, expert_kind: ExpertKind | None, conflicts: set[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """Each scorecard's total kept when its scores were written (:mod:`..services.totals`): a
    row per scorecard that has a total (a draft with no counted criterion scored yet has
    none), read from an index that covers it; the ``conflicts``' scorecards left out here,
    not by a subquery for each scorecard."""
    query = (
        sa.select(Scorecard.project_id, Scorecard.expert_id, Scorecard.total)
        .join(Project, Project.id == Scorecard.project_id)
        .where(*card_filter, Scorecard.total.is_not(None))
    )
    if expert_kind is not None:
        query = query.where(Scorecard.expert_id.in_(_experts_of_kind(expert_kind)))
    # Thousands of rows of two integers and a float: the driver's own tuples, which need no
    # converting, read as CardTotal (project_id, expert_id, total) by position.
    result = db.session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    if conflicts:
        return [row for row in rows if (row[0], row[1]) not in conflicts]
    return rows


def _experts_of_kind(expert_kind: ExpertKind):
    return sa.select(Participant.id).where(Participant.expert_kind == expert_kind)


class KeptCriterionMeans(CriterionMeans):
    """The criterion means of the scorecards a result counts, loaded from the values kept with
    each scorecard as the pages ask: one query for the projects of a page
    (:meth:`prefetch`), or for every project not loaded yet at the first question about one
    that was not prefetched (an export reads them all).

    Kept with the result (:mod:`.cache`), so each project's means are loaded once per data
    revision. A draft's values count in the means when the result counts drafts.
    """

    def __init__(
        self,
        card_filter: list,
        expert_kind: ExpertKind | None,
        criteria: Sequence[CriterionInfo],
        project_ids: Iterable[int],
    ):
        super().__init__(counted_ids=(c.id for c in criteria if c.counted))
        self._filter = card_filter
        self._kind = expert_kind
        self._criterion_ids = [c.id for c in criteria]
        self._missing = set(project_ids)
        self._lock = Lock()

    def prefetch(self, project_ids: Iterable[int]) -> None:
        """Load the means of those of ``project_ids`` not loaded yet (one query, or none)."""
        with self._lock:
            wanted = self._missing.intersection(project_ids)
            if wanted:
                self._load(wanted)

    def of(self, project_id: int) -> Mapping[int, float]:
        """The project's means; the first question about a project not loaded yet loads every
        project still missing (one query)."""
        with self._lock:
            if project_id in self._missing:
                self._load(set(self._missing))
        return self._means.get(project_id, {})

    def _load(self, project_ids: set[int]) -> None:
        """One grouped query: each project's average of each criterion's kept value."""
        if self._criterion_ids:
            query = (
                sa.select(
                    Scorecard.project_id,
                    *(
                        sa.func.avg(Scorecard.criterion_values[str(cid)].as_float())
                        for cid in self._criterion_ids
                    ),
                )
                .join(Project, Project.id == Scorecard.project_id)
                .where(*self._filter)
                .group_by(Scorecard.project_id)
            )
            if len(project_ids) < len(self._missing):
                query = query.where(Scorecard.project_id.in_(project_ids))
            if self._kind is not None:
                query = query.where(Scorecard.expert_id.in_(_experts_of_kind(self._kind)))
            for project_id, *values in db.session.execute(query):
                self._means[project_id] = {
                    cid: float(mean)
                    for cid, mean in zip(self._criterion_ids, values, strict=True)
                    if mean is not None
                }
        self._missing -= project_ids
