"""What the review's pages show: progress, the assignment matrix, an expert's work list.

Each function runs a fixed number of queries whatever the number of experts and projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..people.models import Participant
from ..projects.models import Project
from ..projects.permissions import REVIEWABLE
from ..sessions.models import Direction, StrategicSession
from .models import Conflict, Criterion, InvestorInterest, Score, Scorecard, ScorecardState
from .services import conflict_pairs, session_experts


def _counted_criteria_ids(strategic_session: StrategicSession) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Criterion.id).where(
                Criterion.session_id == strategic_session.id, Criterion.counted
            )
        )
    )


def _reviewed_projects(strategic_session: StrategicSession) -> list[Project]:
    return list(
        db.session.scalars(
            sa.select(Project)
            .join(Direction, Direction.id == Project.direction_id)
            .where(Project.session_id == strategic_session.id, Project.state.in_(REVIEWABLE))
            .options(sa.orm.contains_eager(Project.direction))
            .order_by(Direction.position, Project.title, Project.id)
        )
    )


@dataclass
class Cell:
    """One expert × project of the matrix."""

    scorecard_id: int
    state: ScorecardState
    scored: int


@dataclass
class AssignmentMatrix:
    experts: list
    projects: list
    cells: dict  # (expert id, project id) → Cell
    conflicts: dict  # (expert id, project id) → Conflict
    n_counted: int
    load: dict = field(default_factory=dict)  # expert id → assigned projects
    per_project: dict = field(default_factory=dict)  # project id → assigned experts
    submitted: dict = field(default_factory=dict)  # expert id → submitted scorecards


def assignment_matrix(strategic_session: StrategicSession) -> AssignmentMatrix:
    """Experts × reviewed projects: assignments with their progress, conflicts, loads."""
    counted = _counted_criteria_ids(strategic_session)
    scored = sa.func.count(sa.case((Score.criterion_id.in_(counted), Score.id)))
    rows = db.session.execute(
        sa.select(Scorecard.id, Scorecard.expert_id, Scorecard.project_id, Scorecard.state, scored)
        .join(Project, Project.id == Scorecard.project_id)
        .outerjoin(Score, Score.scorecard_id == Scorecard.id)
        .where(Project.session_id == strategic_session.id)
        .group_by(Scorecard.id, Scorecard.expert_id, Scorecard.project_id, Scorecard.state)
    )
    matrix = AssignmentMatrix(
        experts=session_experts(strategic_session),
        projects=_reviewed_projects(strategic_session),
        cells={},
        conflicts=conflict_pairs(strategic_session),
        n_counted=len(counted),
    )
    for scorecard_id, expert_id, project_id, state, n in rows:
        matrix.cells[(expert_id, project_id)] = Cell(scorecard_id, state, n)
        matrix.load[expert_id] = matrix.load.get(expert_id, 0) + 1
        matrix.per_project[project_id] = matrix.per_project.get(project_id, 0) + 1
        if state == ScorecardState.SUBMITTED:
            matrix.submitted[expert_id] = matrix.submitted.get(expert_id, 0) + 1
    return matrix


@dataclass
class WorkItem:
    """One project on an expert's list."""

    scorecard: Scorecard
    scored: int
    n_counted: int

    @property
    def started(self) -> bool:
        return self.scored > 0 or bool(self.scorecard.comment)

    @property
    def complete(self) -> bool:
        return self.scored >= self.n_counted


def expert_work(strategic_session: StrategicSession, expert: Participant) -> list[WorkItem]:
    """The expert's own scorecards (never anyone else's), with progress, by direction/title.

    Scorecards of projects the expert has a conflict with are left out.
    """
    counted = _counted_criteria_ids(strategic_session)
    conflicted = sa.select(Conflict.project_id).where(Conflict.expert_id == expert.id)
    scorecards = db.session.scalars(
        sa.select(Scorecard)
        .join(Project, Project.id == Scorecard.project_id)
        .join(Direction, Direction.id == Project.direction_id)
        .where(
            Scorecard.expert_id == expert.id,
            Project.session_id == strategic_session.id,
            Project.state.in_(REVIEWABLE),
            Scorecard.project_id.not_in(conflicted),
        )
        .options(
            sa.orm.contains_eager(Scorecard.project).contains_eager(Project.direction),
            sa.orm.selectinload(Scorecard.scores),
        )
        .order_by(Direction.position, Project.title, Project.id)
    ).all()
    return [
        WorkItem(sc, sum(1 for s in sc.scores if s.criterion_id in counted), len(counted))
        for sc in scorecards
    ]


def next_unscored(work: list[WorkItem], after_scorecard_id: int | None = None) -> WorkItem | None:
    """The next draft in the list (after the given one, wrapping round), or ``None``."""
    drafts = [item for item in work if item.scorecard.state == ScorecardState.DRAFT]
    if not drafts:
        return None
    if after_scorecard_id is not None:
        ids = [item.scorecard.id for item in work]
        if after_scorecard_id in ids:
            position = ids.index(after_scorecard_id)
            later = [
                item
                for item in work[position + 1 :] + work[:position]
                if item.scorecard.state == ScorecardState.DRAFT
            ]
            return later[0] if later else None
    return drafts[0]


def expert_conflicts(expert: Participant) -> list[Conflict]:
    return list(
        db.session.scalars(
            sa.select(Conflict)
            .where(Conflict.expert_id == expert.id)
            .options(sa.orm.joinedload(Conflict.project))
            .order_by(Conflict.created_at)
        )
    )


def reviewed_projects_for_choice(strategic_session: StrategicSession) -> list[Project]:
    return _reviewed_projects(strategic_session)


def interests(
    strategic_session: StrategicSession, *, expert: Participant | None = None, project=None
) -> list[InvestorInterest]:
    """Investors' interest in the session's projects (of one investor, or in one project)."""
    query = (
        sa.select(InvestorInterest)
        .join(Project, Project.id == InvestorInterest.project_id)
        .where(Project.session_id == strategic_session.id)
        .options(
            sa.orm.contains_eager(InvestorInterest.project),
            sa.orm.joinedload(InvestorInterest.expert),
        )
        .order_by(Project.title, InvestorInterest.created_at)
    )
    if expert is not None:
        query = query.where(InvestorInterest.expert_id == expert.id)
    if project is not None:
        query = query.where(InvestorInterest.project_id == project.id)
    return list(db.session.scalars(query))


def submitted_scorecards(project: Project) -> list[Scorecard]:
    """A project's submitted scorecards with their experts and scores."""
    return list(
        db.session.scalars(
            sa.select(Scorecard)
            .where(Scorecard.project_id == project.id, Scorecard.state == ScorecardState.SUBMITTED)
            .options(sa.orm.joinedload(Scorecard.expert), sa.orm.selectinload(Scorecard.scores))
            .order_by(Scorecard.submitted_at, Scorecard.id)
        )
    )


def scorecards_of_expert(strategic_session: StrategicSession, expert: Participant) -> list:
    """The expert's assignments (for the paper sheets): scorecards with projects and scores."""
    return [item.scorecard for item in expert_work(strategic_session, expert)]
