"""What an export may contain for whoever receives it, and the queries that load it.

Every export reads through these loaders: each issues a fixed number of queries whatever the
number of projects (eager loading), so the forum book of 200 projects costs what one costs.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..agenda.models import AgendaItem, Decision, Talk
from ..extensions import db
from ..people.models import Participant
from ..projects.models import Project, ProjectState
from ..projects.permissions import forum_decisions_hidden, shown_state, visible_projects
from ..projects.queries import passport_options
from ..review.models import Score, Scorecard, ScorecardState
from ..sessions.models import Direction, ReviewState, StrategicSession

# Projects that went through the review: what the forum package is about.
REVIEWED_STATES = (ProjectState.ACCEPTED, ProjectState.RECOMMENDED, ProjectState.NOT_RECOMMENDED)


@dataclass(frozen=True)
class ExportScope:
    """Who an export is for: it narrows the projects and says whether scores may appear.

    ``viewer`` is the user whose read rights narrow the projects (``None``: every project of
    the session, as for facilitators and the command line). ``scores`` allows experts' scores,
    comments, per-project results and the ranking.
    """

    strategic_session: StrategicSession
    viewer: object | None = None
    scores: bool = False

    @property
    def published(self) -> bool:
        """Whether the session's review results are published."""
        return self.strategic_session.review_state == ReviewState.PUBLISHED

    def state_of(self, project: Project) -> ProjectState:
        """The project's state as the viewer may see it (forum decisions hidden from experts
        until the results are published)."""
        hidden = self.viewer is not None and forum_decisions_hidden(
            self.viewer, self.strategic_session
        )
        return shown_state(project, hidden)

    def narrow(self, query):
        """Narrow a project query to what the viewer may read."""
        if self.viewer is None:
            return query
        return visible_projects(query, self.viewer, self.strategic_session)


def whole_session(strategic_session: StrategicSession) -> ExportScope:
    """Everything the session holds, scores included: for facilitators and the command line."""
    return ExportScope(strategic_session, viewer=None, scores=True)


def load_projects(scope: ExportScope, states=None, project_ids=None) -> list[Project]:
    """The session's projects with their whole passport, by direction, then title.

    :param states: only projects in these states (default: all).
    :param project_ids: only these projects.
    """
    query = (
        sa.select(Project)
        .join(Direction, Direction.id == Project.direction_id)
        .where(Project.session_id == scope.strategic_session.id)
        .options(*passport_options())
        .order_by(Direction.position, Direction.id, Project.title, Project.id)
    )
    if states is not None:
        query = query.where(Project.state.in_(states))
    if project_ids is not None:
        query = query.where(Project.id.in_(project_ids))
    return list(db.session.scalars(scope.narrow(query)).unique())


def load_project_list(scope: ExportScope) -> list[Project]:
    """The projects in scope with their direction and group only (one query)."""
    query = (
        sa.select(Project)
        .join(Direction, Direction.id == Project.direction_id)
        .where(Project.session_id == scope.strategic_session.id)
        .options(joinedload(Project.direction), joinedload(Project.working_group))
        .order_by(Direction.position, Direction.id, Project.title, Project.id)
    )
    return list(db.session.scalars(scope.narrow(query)).unique())


def load_directions(strategic_session: StrategicSession) -> list[Direction]:
    """The session's directions in order, with their working groups."""
    return list(
        db.session.scalars(
            sa.select(Direction)
            .where(Direction.session_id == strategic_session.id)
            .options(selectinload(Direction.groups))
            .order_by(Direction.position, Direction.id)
        )
    )


class SubmittedScorecard(NamedTuple):
    """A submitted scorecard as exports read it: plain values, not ORM objects (there are
    thousands of them, and tens of thousands of scores)."""

    id: int
    project_id: int
    expert_id: int
    comment: str
    submitted_at: datetime | None
    values: dict  # criterion id → score


def load_submitted_scorecards(
    scope: ExportScope, *, with_scores: bool = True
) -> list[SubmittedScorecard]:
    """Submitted scorecards of the projects in scope, by expert name, then project, with their
    scores unless ``with_scores`` is false (two queries, or one)."""
    projects = scope.narrow(
        sa.select(Project.id).where(Project.session_id == scope.strategic_session.id)
    )
    submitted = (
        Scorecard.project_id.in_(projects.scalar_subquery()),
        Scorecard.state == ScorecardState.SUBMITTED,
    )
    rows = db.session.execute(
        sa.select(
            Scorecard.id,
            Scorecard.project_id,
            Scorecard.expert_id,
            Scorecard.comment,
            Scorecard.submitted_at,
        )
        .join(Participant, Participant.id == Scorecard.expert_id)
        .where(*submitted)
        .order_by(Participant.full_name, Participant.id, Scorecard.project_id)
    ).all()
    values: dict[int, dict[int, int]] = defaultdict(dict)
    if with_scores:
        scores = db.session.execute(
            sa.select(Score.scorecard_id, Score.criterion_id, Score.value)
            .join(Scorecard, Scorecard.id == Score.scorecard_id)
            .where(*submitted)
        )
        for scorecard_id, criterion_id, value in scores:
            values[scorecard_id][criterion_id] = value
    return [SubmittedScorecard(*row, values.get(row[0], {})) for row in rows]


class StreamedScorecard(NamedTuple):
    """A submitted scorecard as the streamed raw-scores table reads it: with its project's
    title and direction, so that nothing per project is held while the rows go out."""

    id: int
    project_id: int
    project_title: str
    direction_title: str
    expert_id: int
    comment: str
    submitted_at: datetime | None
    values: dict  # criterion id → score


# Rows fetched from the database at a time by :func:`stream_submitted_scorecards`.
STREAM_BATCH = 2000


def stream_submitted_scorecards(
    scope: ExportScope, *, batch: int | None = None
) -> Iterator[StreamedScorecard]:
    """The submitted scorecards of the projects in scope with their scores, in the order of
    :func:`load_submitted_scorecards`, read ``batch`` rows (default :data:`STREAM_BATCH`) at
    a time from one query (a server-side cursor on PostgreSQL, on a connection held until the
    last row or until the generator is closed): memory stays flat whatever the number of
    scores.

    The query runs at the first ``next()``.
    """
    projects = scope.narrow(
        sa.select(Project.id).where(Project.session_id == scope.strategic_session.id)
    )
    # A scorecard's scores as one text, "criterion:value,…" (GROUP_CONCAT or STRING_AGG): one
    # row per scorecard rather than one per score.
    scores = (
        sa.select(
            sa.func.aggregate_strings(
                sa.cast(Score.criterion_id, sa.String) + ":" + sa.cast(Score.value, sa.String),
                ",",
            )
        )
        .where(Score.scorecard_id == Scorecard.id)
        .correlate(Scorecard)
        .scalar_subquery()
    )
    query = (
        sa.select(
            Scorecard.id,
            Scorecard.project_id,
            Project.title,
            Direction.title,
            Scorecard.expert_id,
            Scorecard.comment,
            Scorecard.submitted_at,
            scores,
        )
        .join(Participant, Participant.id == Scorecard.expert_id)
        .join(Project, Project.id == Scorecard.project_id)
        .join(Direction, Direction.id == Project.direction_id)
        .where(
            Scorecard.project_id.in_(projects.scalar_subquery()),
            Scorecard.state == ScorecardState.SUBMITTED,
        )
        .order_by(Participant.full_name, Participant.id, Scorecard.project_id, Scorecard.id)
    )
    # A connection of its own, in a transaction of its own: the request's session commits when
    # the view returns, which would close a cursor of its transaction while the file is sent.
    with db.engine.connect() as connection:
        streamed = connection.execution_options(
            stream_results=True, yield_per=batch or STREAM_BATCH
        )
        for *head, scores in streamed.execute(query):
            values = {}
            if scores:
                for pair in scores.split(","):
                    criterion_id, value = pair.split(":")
                    values[int(criterion_id)] = int(value)
            yield StreamedScorecard(*head, values)


def load_assignments(strategic_session: StrategicSession) -> list[Scorecard]:
    """Every scorecard (the assignments) of the session, without scores."""
    return list(
        db.session.scalars(
            sa.select(Scorecard)
            .join(Project, Project.id == Scorecard.project_id)
            .where(Project.session_id == strategic_session.id)
            .order_by(Scorecard.expert_id, Project.title, Project.id)
        )
    )


def load_agenda(strategic_session: StrategicSession) -> tuple[list[AgendaItem], list[Decision]]:
    """Agenda items with their talks and speakers, and the decisions, in order."""
    items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.session_id == strategic_session.id)
            .options(
                selectinload(AgendaItem.talks)
                .joinedload(Talk.speaker)
                .joinedload(Participant.organisation)
            )
            .order_by(AgendaItem.position, AgendaItem.starts_at, AgendaItem.id)
        )
    )
    decisions = list(
        db.session.scalars(
            sa.select(Decision)
            .where(Decision.session_id == strategic_session.id)
            .options(joinedload(Decision.responsible_organisation))
            .order_by(Decision.position, Decision.id)
        )
    )
    return items, decisions
