"""The results computed from the database: the criteria, projects and experts, and the
scorecards' totals grouped in SQL, in a fixed number of queries, then the formulas."""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Sequence

import sqlalchemy as sa

from ...extensions import db
from ...people.models import ExpertKind, Participant, ParticipantRole
from ...projects.models import Project
from ...sessions.models import Direction, StrategicSession
from ..models import Conflict, Criterion, Score, Scorecard, ScorecardState
from .formulas import expert_stats, population_stdev, rank_projects, scorecard_total
from .results import (
    METHODS,
    RANKED_STATES,
    RAW,
    CardTotal,
    CriterionInfo,
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
