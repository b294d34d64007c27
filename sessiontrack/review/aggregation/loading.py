"""The results computed from the database: the criteria, projects and experts, and the
scorecards' kept totals (a row per scorecard), in a fixed number of queries, then the formulas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from threading import Lock

import sqlalchemy as sa

from ...extensions import db
from ...people.models import ExpertKind, Participant, ParticipantRole
from ...projects.models import Project
from ...sessions.models import Direction, StrategicSession
from ..models import Conflict, Criterion, Scorecard, ScorecardState
from .formulas import expert_stats, panel_figures, rank_projects
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
    # A scorecard of a conflicted pair (declared or detected after scoring) never counts.
    conflicts = _load_conflicts(sid)
    params = {"session_id": sid, "kind": expert_kind}
    cards = _load_cards(_cards_statement(include_drafts, expert_kind is not None), params)
    if conflicts:
        cards = [card for card in cards if (card[0], card[1]) not in conflicts]
    thresholds = Thresholds.of(strategic_session)
    panel = panel_figures(cards)
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
                _means_filter(include_drafts, bool(conflicts)),
                params,
                criteria,
                (p.id for p in projects),
            ),
            panel=panel,
        ),
        experts=expert_stats(experts, cards, panel_mean=panel[0]),
        panel_mean=panel[0],
        panel_stdev=panel[1],
        thresholds=thresholds,
    )


# The statements are built once (building one costs more than SQLite takes to run it): the
# session, and the kind of expert where it counts, are bound at each run.
SESSION_ID = sa.bindparam("session_id")
KIND = sa.bindparam("kind")
PROJECT_IDS = sa.bindparam("project_ids", expanding=True)


@cache
def _card_filter(include_drafts: bool) -> tuple:
    """Which scorecards count: of the session's reviewed projects, submitted (or any)."""
    card_filter = (Project.session_id == SESSION_ID, Project.state.in_(RANKED_STATES))
    if include_drafts:
        return card_filter
    return (*card_filter, Scorecard.state == ScorecardState.SUBMITTED)


@cache
def _means_filter(include_drafts: bool, conflicts: bool) -> tuple:
    """:func:`_card_filter`, and the conflicted pairs left out when the session has any."""
    if not conflicts:
        return _card_filter(include_drafts)
    return (
        *_card_filter(include_drafts),
        ~sa.exists().where(
            Conflict.expert_id == Scorecard.expert_id,
            Conflict.project_id == Scorecard.project_id,
        ),
    )


@cache
def _cards_statement(include_drafts: bool, by_kind: bool) -> sa.Select:
    query = (
        sa.select(Scorecard.project_id, Scorecard.expert_id, Scorecard.total)
        .join(Project, Project.id == Scorecard.project_id)
        .where(*_card_filter(include_drafts), Scorecard.total.is_not(None))
    )
    if by_kind:
        query = query.where(Scorecard.expert_id.in_(_experts_of_kind()))
    return query


CRITERIA = (
    sa.select(
        Criterion.id,
        Criterion.title,
        Criterion.weight,
        Criterion.counted,
        Criterion.scale_min,
        Criterion.scale_max,
        Criterion.position,
    )
    .where(Criterion.session_id == SESSION_ID)
    .order_by(Criterion.position, Criterion.id)
)
# A reviewed project as the results read it (:class:`ProjectInfo`'s fields, in order), and
# where from: the projects joined to their directions.
PROJECT_INFO = (
    Project.id,
    Project.title,
    Project.short_title,
    Project.direction_id,
    Direction.title,
    Direction.position,
    Project.state,
)
PROJECT_DIRECTION = (Direction, Direction.id == Project.direction_id)
PROJECTS = (
    sa.select(*PROJECT_INFO)
    .join(*PROJECT_DIRECTION)
    .where(Project.session_id == SESSION_ID, Project.state.in_(RANKED_STATES))
)
EXPERTS = (
    sa.select(Participant.id, Participant.full_name, Participant.expert_kind)
    .where(Participant.session_id == SESSION_ID, Participant.role == ParticipantRole.EXPERT)
    .order_by(Participant.full_name, Participant.id)
)
EXPERTS_OF_KIND = EXPERTS.where(Participant.expert_kind == KIND)
CONFLICTS = (
    sa.select(Conflict.project_id, Conflict.expert_id)
    .join(Project, Project.id == Conflict.project_id)
    .where(Project.session_id == SESSION_ID)
)


def load_criteria(strategic_session: StrategicSession) -> tuple[CriterionInfo, ...]:
    """The session's criteria in order (one query)."""
    rows = db.session.execute(CRITERIA, {"session_id": strategic_session.id})
    return tuple(CriterionInfo(*row) for row in rows)


def _load_projects(session_id: int) -> list[ProjectInfo]:
    return [ProjectInfo(*row) for row in db.session.execute(PROJECTS, {"session_id": session_id})]


def _load_experts(session_id: int, kind: ExpertKind | None) -> list[ExpertInfo]:
    query = EXPERTS if kind is None else EXPERTS_OF_KIND
    rows = db.session.execute(query, {"session_id": session_id, "kind": kind})
    return [ExpertInfo(*row) for row in rows]


def _load_conflicts(session_id: int) -> set[tuple[int, int]]:
    """The session's conflicted (project id, expert id) pairs: few, often none."""
    return set(db.session.execute(CONFLICTS, {"session_id": session_id}))


def _load_cards(statement: sa.Select, params: dict) -> list[tuple[int, int, float]]:
    """Each scorecard's total kept when its scores were written (:mod:`..services.totals`): a
    row per scorecard that has a total (a draft with no counted criterion scored yet has
    none), read from an index that covers it (:func:`_cards_statement`)."""
    # Thousands of rows of two integers and a float: the driver's own tuples, which need no
    # converting, read as CardTotal (project_id, expert_id, total) by position.
    result = db.session.connection().execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _experts_of_kind():
    return sa.select(Participant.id).where(Participant.expert_kind == KIND)


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
        card_filter: Sequence,
        params: Mapping,
        criteria: Sequence[CriterionInfo],
        project_ids: Iterable[int],
    ):
        """``card_filter``: which scorecards count, with bound parameters ``params`` (the
        session, ``kind``: the kind of expert, or ``None`` for every expert)."""
        super().__init__(counted_ids=(c.id for c in criteria if c.counted))
        self._filter = card_filter
        self._params = params
        self._criterion_ids = [c.id for c in criteria]
        self._missing = set(project_ids)
        self._statements: dict[bool, sa.Select] = {}
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
            some = len(project_ids) < len(self._missing)
            params = {**self._params, "project_ids": list(project_ids)} if some else self._params
            for project_id, *values in db.session.execute(self._statement(some), params):
                self._means[project_id] = {
                    cid: float(mean)
                    for cid, mean in zip(self._criterion_ids, values, strict=True)
                    if mean is not None
                }
        self._missing -= project_ids

    def _statement(self, some: bool) -> sa.Select:
        """The grouped query, for ``some`` projects (bound as ``project_ids``) or for all;
        built once for each (a page after page asks the same)."""
        statement = self._statements.get(some)
        if statement is None:
            statement = (
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
            if some:
                statement = statement.where(Scorecard.project_id.in_(PROJECT_IDS))
            if self._params["kind"] is not None:
                statement = statement.where(Scorecard.expert_id.in_(_experts_of_kind()))
            self._statements[some] = statement
        return statement
