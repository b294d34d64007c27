"""Who may read and change a project (predicates over the user's roles in the session).

Templates show each action only when its predicate allows it; services check again and raise.
"""

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ..core.loading import get_in_session_or_404
from ..people.models import GROUP_ROLES, ParticipantRole
from ..sessions.access import group_ids_of, is_facilitator, observer_reads_projects, roles_in
from ..sessions.models import ReviewState, SessionState, StrategicSession
from .models import Project, ProjectState

REVIEWABLE = (ProjectState.ACCEPTED, ProjectState.RECOMMENDED, ProjectState.NOT_RECOMMENDED)
EDITABLE = (ProjectState.DRAFT, ProjectState.RETURNED)
# Once the session reaches the forum the package is fixed: no new or changed proposals.
CLOSED_SESSION_STATES = (SessionState.FORUM, SessionState.IMPLEMENTATION, SessionState.ARCHIVED)


FORUM_DECISIONS = (ProjectState.RECOMMENDED, ProjectState.NOT_RECOMMENDED)


def forum_decisions_public(strategic_session: StrategicSession) -> bool:
    """Whether the forum decisions are out for everyone: the review results are published."""
    return strategic_session.review_state == ReviewState.PUBLISHED


def forum_decisions_hidden(user, strategic_session: StrategicSession) -> bool:
    """Experts do not see the forum decisions until the results are published: a decision
    taken on interim results would bias the scores still to come."""
    roles = roles_in(user, strategic_session)
    return (
        ParticipantRole.EXPERT in roles
        and ParticipantRole.FACILITATOR not in roles
        and not forum_decisions_public(strategic_session)
    )


def shown_state(project: Project, hidden: bool) -> ProjectState:
    """The state a reader sees: a decided project reads as accepted for review while the
    forum decisions are ``hidden`` from them (see :func:`forum_decisions_hidden`)."""
    return shown_state_of(project.state, hidden)


def shown_state_of(state: ProjectState, hidden: bool) -> ProjectState:
    """:func:`shown_state` of a project in ``state``."""
    return ProjectState.ACCEPTED if hidden and state in FORUM_DECISIONS else state


def _read_conditions(user, strategic_session: StrategicSession) -> list | None:
    """SQL conditions under which the user reads a project; ``None`` means everything."""
    roles = roles_in(user, strategic_session)
    if ParticipantRole.FACILITATOR in roles:
        return None
    conditions = []
    groups = group_ids_of(user, strategic_session)
    if groups:
        conditions.append(Project.working_group_id.in_(groups))
    if roles & set(GROUP_ROLES):
        # Group members read the other groups' projects once submitted, never their drafts.
        conditions.append(Project.state != ProjectState.DRAFT)
    if ParticipantRole.EXPERT in roles:
        conditions.append(Project.state.in_(REVIEWABLE))
    if ParticipantRole.OBSERVER in roles and observer_reads_projects(user, strategic_session):
        conditions.append(Project.state.in_(REVIEWABLE))
    return conditions


def visible_projects(query, user, strategic_session: StrategicSession):
    """Narrow a project query to what the user may read in the session."""
    conditions = _read_conditions(user, strategic_session)
    if conditions is None:
        return query
    return query.where(sa.or_(*conditions) if conditions else sa.false())


def to_edit_by(query, user, strategic_session: StrategicSession):
    """Narrow a project query to the drafts and returned projects of the user's groups: what
    awaits their editing."""
    return query.where(
        Project.working_group_id.in_(group_ids_of(user, strategic_session)),
        Project.state.in_(EDITABLE),
    )


def can_read_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Whether ``user`` may read ``project``: the facilitator every project, its group all of
    its own, members and moderators any that is no longer a draft, experts those under review,
    observers those under review once the projects are published (a portfolio reader of the
    session whenever)."""
    roles = roles_in(user, strategic_session)
    if ParticipantRole.FACILITATOR in roles:
        return True
    if project.working_group_id in group_ids_of(user, strategic_session):
        return True
    if roles & set(GROUP_ROLES) and project.state != ProjectState.DRAFT:
        return True
    if ParticipantRole.EXPERT in roles and project.state in REVIEWABLE:
        return True
    return (
        ParticipantRole.OBSERVER in roles
        and observer_reads_projects(user, strategic_session)
        and project.state in REVIEWABLE
    )


def get_readable_project_or_404(strategic_session: StrategicSession, project_id, *options):
    """The project of this session that the current user may read, loaded with the loader
    ``options`` (the one loader of the project pages).

    :raise 404: if it does not exist in this session.
    :raise 403: if the user may not read it.
    """
    project = get_in_session_or_404(Project, project_id, strategic_session, *options)
    if not can_read_project(current_user, project, strategic_session):
        abort(403)
    return project


def session_takes_proposals(strategic_session: StrategicSession) -> bool:
    """Proposals may be written, changed and withdrawn until the session reaches the forum."""
    return strategic_session.state not in CLOSED_SESSION_STATES


def in_project_group(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The user moderates or belongs to the project's working group."""
    return project.working_group_id in group_ids_of(user, strategic_session)


def can_create_project(user, strategic_session: StrategicSession) -> bool:
    """Members and moderators of a working group write their group's proposals."""
    return bool(group_ids_of(user, strategic_session)) and session_takes_proposals(
        strategic_session
    )


def can_edit_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Group members edit their own group's projects while draft or returned."""
    return (
        project.state in EDITABLE
        and in_project_group(user, project, strategic_session)
        and session_takes_proposals(strategic_session)
    )


def can_submit_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Whoever may edit a draft or returned project may submit it."""
    return can_edit_project(user, project, strategic_session)


def can_moderate_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The facilitator accepts a submitted project for review or returns it."""
    return project.state == ProjectState.SUBMITTED and is_facilitator(user, strategic_session)


def can_decide_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The facilitator recommends a reviewed project for the forum, or not."""
    return project.state in REVIEWABLE and is_facilitator(user, strategic_session)


def can_withdraw_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The group or the facilitator withdraws a project, in any state, before the forum."""
    return (
        project.state != ProjectState.WITHDRAWN
        and session_takes_proposals(strategic_session)
        and (
            is_facilitator(user, strategic_session)
            or in_project_group(user, project, strategic_session)
        )
    )


def can_see_history(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Revisions, remarks and the change log are for the project's group and the facilitator."""
    return is_facilitator(user, strategic_session) or in_project_group(
        user, project, strategic_session
    )


def can_open_wrapup(user, strategic_session: StrategicSession) -> bool:
    """The wrap-up screen is shown in the room by the facilitator and the groups."""
    roles = roles_in(user, strategic_session)
    return bool(roles & {ParticipantRole.FACILITATOR, *GROUP_ROLES})
