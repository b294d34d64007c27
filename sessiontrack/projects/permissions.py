"""Who may read and change a project (predicates over the user's roles in the session)."""

import sqlalchemy as sa

from ..core.permissions import group_ids_of, roles_in
from ..sessions.models import SessionRole, StrategicSession
from .models import Project, ProjectState

REVIEWABLE = (ProjectState.ACCEPTED, ProjectState.RECOMMENDED, ProjectState.NOT_RECOMMENDED)
EDITABLE = (ProjectState.DRAFT, ProjectState.RETURNED)
GROUP_ROLES = (SessionRole.MEMBER, SessionRole.MODERATOR)


def _read_conditions(user, strategic_session: StrategicSession) -> list | None:
    """SQL conditions under which the user reads a project; ``None`` means everything."""
    roles = roles_in(user, strategic_session)
    if SessionRole.FACILITATOR in roles:
        return None
    conditions = []
    groups = group_ids_of(user, strategic_session)
    if groups:
        conditions.append(Project.working_group_id.in_(groups))
    if roles & set(GROUP_ROLES):
        # Group members read the other groups' projects once submitted, never their drafts.
        conditions.append(Project.state != ProjectState.DRAFT)
    if SessionRole.EXPERT in roles:
        conditions.append(Project.state.in_(REVIEWABLE))
    if SessionRole.OBSERVER in roles and strategic_session.projects_published:
        conditions.append(Project.state.in_(REVIEWABLE))
    return conditions


def visible_projects(query, user, strategic_session: StrategicSession):
    """Narrow a project query to what the user may read in the session."""
    conditions = _read_conditions(user, strategic_session)
    if conditions is None:
        return query
    return query.where(sa.or_(*conditions) if conditions else sa.false())


def can_read_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    roles = roles_in(user, strategic_session)
    if SessionRole.FACILITATOR in roles:
        return True
    if project.working_group_id in group_ids_of(user, strategic_session):
        return True
    if roles & set(GROUP_ROLES) and project.state != ProjectState.DRAFT:
        return True
    if SessionRole.EXPERT in roles and project.state in REVIEWABLE:
        return True
    return (
        SessionRole.OBSERVER in roles
        and strategic_session.projects_published
        and project.state in REVIEWABLE
    )


def can_edit_project(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Group members edit their own group's projects while draft or returned."""
    return project.state in EDITABLE and (
        project.working_group_id in group_ids_of(user, strategic_session)
    )
