"""What the home page shows: the user's sessions and what awaits them in each."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..people.models import Participant
from ..projects.models import Project, ProjectState
from ..review.models import Scorecard, ScorecardState
from ..sessions.models import Membership, SessionRole, StrategicSession


@dataclass
class SessionCard:
    strategic_session: StrategicSession
    roles: set = field(default_factory=set)
    to_edit: int = 0
    to_moderate: int = 0
    to_score: int = 0


def home_overview(user) -> list[SessionCard]:
    """One card per session the user takes part in (every session for an admin).

    Counts what awaits the user: projects their groups can edit, projects to moderate
    (facilitators) and scorecards still to submit (experts). A fixed number of queries.
    """
    if user.is_admin:
        sessions = db.session.scalars(
            sa.select(StrategicSession).order_by(StrategicSession.starts_on.desc())
        ).all()
    else:
        sessions = db.session.scalars(
            sa.select(StrategicSession)
            .join(Membership, Membership.session_id == StrategicSession.id)
            .where(Membership.user_id == user.id)
            .distinct()
            .order_by(StrategicSession.starts_on.desc())
        ).all()
    cards = {s.id: SessionCard(s, user.roles_in(s)) for s in sessions}
    for card in cards.values():
        if user.is_admin:
            card.roles.add(SessionRole.FACILITATOR)
    if not cards:
        return []

    group_ids = [m.working_group_id for m in user.memberships if m.working_group_id]
    if group_ids:
        rows = db.session.execute(
            sa.select(Project.session_id, sa.func.count())
            .where(
                Project.working_group_id.in_(group_ids),
                Project.state.in_([ProjectState.DRAFT, ProjectState.RETURNED]),
            )
            .group_by(Project.session_id)
        )
        for session_id, count in rows:
            if session_id in cards:
                cards[session_id].to_edit = count

    facilitated = [
        c.strategic_session.id for c in cards.values() if SessionRole.FACILITATOR in c.roles
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
