"""The results computed from the database: the criteria, projects and experts, and the
scorecards' kept totals (a row per scorecard), in a fixed number of queries, then the formulas."""

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
from ..models import Conflict, Criterion, Scorecard, ScorecardState
from .formulas import expert_stats, population_stdev, rank_projects
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


def _load_cards(
    card_filter: list, expert_kind: ExpertKind | None, criteria: Sequence[CriterionInfo]
) -> tuple[list[CardTotal], dict[int, dict[int, float]]]:
    """Each scorecard's total, and each project's mean raw score per criterion.

    One query, a row per scorecard: the total and the values kept when its scores were written
    (:mod:`..services.totals`), in project order; then one pass, a project at a time, takes
    the criterion means. A scorecard with no counted criterion scored yet (a draft) has no
    total: its values still count in the means.

    :return: the totals by scorecard, and project id → {criterion id: mean raw score}.
    """
    if not criteria:
        return [], {}
    query = (
        sa.select(
            Scorecard.project_id, Scorecard.expert_id, Scorecard.total, Scorecard.criterion_values
        )
        .join(Project, Project.id == Scorecard.project_id)
        .where(*card_filter)
        .order_by(Scorecard.project_id, Scorecard.id)
    )
    if expert_kind is not None:
        query = query.join(Participant, Participant.id == Scorecard.expert_id).where(
            Participant.expert_kind == expert_kind
        )
    keys = [(criterion.id, str(criterion.id)) for criterion in criteria]
    cards: list[CardTotal] = []
    means: dict[int, dict[int, float]] = {}
    for project_id, group in itertools.groupby(
        db.session.execute(query), key=operator.itemgetter(0)
    ):
        sums: dict[int, list] = {}
        for _project_id, expert_id, total, values in group:
            if total is not None:
                cards.append(CardTotal(project_id, expert_id, total))
            for criterion_id, key in keys:
                if (value := values.get(key)) is not None:
                    sums.setdefault(criterion_id, []).append(value)
        if sums:
            means[project_id] = {
                criterion_id: sum(values) / len(values) for criterion_id, values in sums.items()
            }
    return cards, means
