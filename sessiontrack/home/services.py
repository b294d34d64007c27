"""What the home page shows: the user's sessions and what awaits them in each."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..people.models import Participant, ParticipantRole
from ..projects.models import Project, ProjectState
from ..projects.permissions import EDITABLE
from ..review.models import Scorecard, ScorecardState
from ..sessions.models import StrategicSession


@dataclass
class Task:
    """Something awaiting the user: how many, and the filtered list that shows them."""

    kind: str
    title: str
    count: int
    url: str


@dataclass
class SessionCard:
    """A session as the home page lists it, with the counts of what awaits the user there."""

    strategic_session: StrategicSession
    roles: set = field(default_factory=set)
    to_edit: int = 0
    to_moderate: int = 0
    to_score: int = 0

    @property
    def tasks(self) -> list[Task]:
        """What awaits the user, each with the list that shows it (none when nothing does)."""
        slug = self.strategic_session.slug
        tasks = [
            Task(
                "edit",
                _l("Projects to edit"),
                self.to_edit,
                url_for("projects.index", slug=slug, to_edit="y"),
            ),
            Task(
                "moderate",
                _l("Projects to moderate"),
                self.to_moderate,
                url_for("projects.index", slug=slug, state=ProjectState.SUBMITTED.value),
            ),
            Task(
                "score",
                _l("Projects to score"),
                self.to_score,
                url_for("review.my_projects", slug=slug),
            ),
        ]
        return [task for task in tasks if task.count]


def session_tasks(user, strategic_session: StrategicSession) -> SessionCard:
    """The user's card of one session (the session page shows its tasks as the home page does)."""
    return home_overview(user, [strategic_session])[0]


def home_overview(user, sessions: list[StrategicSession] | None = None) -> list[SessionCard]:
    """One card per session the user takes part in (every session for an admin), or per one
    of ``sessions``.

    Counts what awaits the user: projects their groups can edit, projects to moderate
    (facilitators) and scorecards still to submit (experts). A fixed number of queries.
    """
    if sessions is None:
        sessions = sessions_of(user)
    cards = {s.id: SessionCard(s, user.roles_in(s)) for s in sessions}
    for card in cards.values():
        if user.is_admin:
            card.roles.add(ParticipantRole.FACILITATOR)
    if not cards:
        return []

    group_ids = [p.group_id for p in user.participations if p.gives_access and p.group_id]
    if group_ids:
        rows = db.session.execute(
            sa.select(Project.session_id, sa.func.count())
            .where(
                Project.working_group_id.in_(group_ids),
                Project.state.in_(EDITABLE),
            )
            .group_by(Project.session_id)
        )
        for session_id, count in rows:
            if session_id in cards:
                cards[session_id].to_edit = count

    facilitated = [
        c.strategic_session.id for c in cards.values() if ParticipantRole.FACILITATOR in c.roles
    ]
    if facilitated:
        rows = db.session.execute(
            sa.select(Project.session_id, sa.func.count())
            .where(Project.session_id.in_(facilitated), Project.state == ProjectState.SUBMITTED)
            .group_by(Project.session_id)
        )
        for session_id, count in rows:
            cards[session_id].to_moderate = count

    rows = db.session.execute(
        sa.select(Participant.session_id, sa.func.count())
        .join(Scorecard, Scorecard.expert_id == Participant.id)
        .where(Participant.user_id == user.id, Scorecard.state == ScorecardState.DRAFT)
        .group_by(Participant.session_id)
    )
    for session_id, count in rows:
        if session_id in cards:
            cards[session_id].to_score = count
    return list(cards.values())


def sessions_of(user) -> list[StrategicSession]:
    """The sessions the user takes part in, newest first (every session for an admin)."""
    query = sa.select(StrategicSession).order_by(StrategicSession.starts_on.desc())
    if not user.is_admin:
        session_ids = [p.session_id for p in user.participations if p.gives_access]
        query = query.where(StrategicSession.id.in_(session_ids))
    return list(db.session.scalars(query))
