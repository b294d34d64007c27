"""What the project pages read: the list and its filters, a passport whole, its history.

Each function runs a fixed number of queries whatever the number of projects and rows.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..audit.models import AuditEntry
from ..extensions import db
from ..sessions.models import Direction, StrategicSession
from . import permissions
from .models import Project, ProjectPartner, ProjectRevision, ProjectState, ResourceNeed, Stage

STATE_ORDER = sa.case(
    {state: position for position, state in enumerate(ProjectState)},
    value=Project.state,
)
# The same order as an expert sees it before publication: decided projects among the accepted.
SHOWN_STATE_ORDER = sa.case(
    {
        state: list(ProjectState).index(permissions.shown_state_of(state, hidden=True))
        for state in ProjectState
    },
    value=Project.state,
)
# The list's sort orders, by the name the filter form gives them.
SORT_ORDERS = {
    "title": lambda hidden: [Project.title],
    "updated": lambda hidden: [Project.updated_at.desc()],
    "state": lambda hidden: [SHOWN_STATE_ORDER if hidden else STATE_ORDER, Project.title],
    "direction": lambda hidden: [Direction.position, Project.title],
}


def passport_options() -> tuple:
    """Loader options that bring a project's whole passport in a fixed number of queries."""
    return (
        joinedload(Project.direction),
        joinedload(Project.working_group),
        joinedload(Project.lead_organisation),
        selectinload(Project.partners).joinedload(ProjectPartner.organisation),
        selectinload(Project.indicators),
        selectinload(Project.resources).joinedload(ResourceNeed.funding_source),
        selectinload(Project.stages).joinedload(Stage.responsible_organisation),
        selectinload(Project.national_projects),
        selectinload(Project.strategy_priorities),
    )


def directions_of(strategic_session: StrategicSession) -> list[Direction]:
    """The session's directions in their order."""
    return list(
        db.session.scalars(
            sa.select(Direction)
            .where(Direction.session_id == strategic_session.id)
            .order_by(Direction.position)
        )
    )


def first_direction(strategic_session: StrategicSession) -> Direction | None:
    """The session's first direction (``None`` before it has any)."""
    return db.session.scalar(
        sa.select(Direction)
        .where(Direction.session_id == strategic_session.id)
        .order_by(Direction.position)
        .limit(1)
    )


# ----------------------------------------------------------------------------------------------
# The list
# ----------------------------------------------------------------------------------------------


def listed(strategic_session: StrategicSession, user, *, to_edit: bool = False):
    """The query of the session's projects ``user`` may read (only those of the user's group
    still to edit, with ``to_edit``)."""
    query = permissions.visible_projects(
        sa.select(Project).where(Project.session_id == strategic_session.id),
        user,
        strategic_session,
    )
    return permissions.to_edit_by(query, user, strategic_session) if to_edit else query


def filtered(query, filters, *, with_state: bool = True, decisions_hidden: bool = False):
    """``query`` narrowed by the list's ``filters`` (a validated project filter form): the
    words searched, the direction and (``with_state``) the state. While ``decisions_hidden``,
    asking for a decision finds every reviewed project."""
    if filters.q.data:
        needle = filters.q.data.lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Project.title).contains(needle, autoescape=True),
                sa.func.lower(Project.short_title).contains(needle, autoescape=True),
            )
        )
    if filters.direction.data:
        query = query.where(Project.direction_id == filters.direction.data)
    if with_state and filters.state.data:
        state = ProjectState(filters.state.data)
        if decisions_hidden and state in permissions.REVIEWABLE:
            # Asking for a decision must not tell the expert which projects have one.
            query = query.where(Project.state.in_(permissions.REVIEWABLE))
        else:
            query = query.where(Project.state == state)
    return query


def sorted_page_query(query, sort: str | None, *, decisions_hidden: bool):
    """``query`` with what a row of the list shows, in the order ``sort`` names."""
    query = query.options(
        joinedload(Project.direction),
        joinedload(Project.working_group),
        joinedload(Project.lead_organisation),
    )
    if sort == "direction":
        query = query.join(Direction, Direction.id == Project.direction_id)
    return query.order_by(*SORT_ORDERS[sort or "title"](decisions_hidden), Project.id)


def state_counts(query, *, decisions_hidden: bool) -> list[tuple[ProjectState, int]]:
    """How many projects of ``query`` are in each state, in the states' order; while
    ``decisions_hidden``, decided projects count as accepted."""
    counts = dict(
        db.session.execute(
            query.with_only_columns(Project.state, sa.func.count()).group_by(Project.state)
        ).all()
    )
    for state in permissions.FORUM_DECISIONS if decisions_hidden else ():
        if state in counts:
            counts[ProjectState.ACCEPTED] = counts.get(ProjectState.ACCEPTED, 0) + counts.pop(state)
    return [(state, counts[state]) for state in ProjectState if state in counts]


def submitted_projects(strategic_session: StrategicSession) -> list[Project]:
    """The session's projects waiting for the facilitator, by title."""
    return list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.SUBMITTED,
            )
            .options(joinedload(Project.direction), joinedload(Project.working_group))
            .order_by(Project.title)
        )
    )


# ----------------------------------------------------------------------------------------------
# One project's history
# ----------------------------------------------------------------------------------------------


def _entries_of(project_id: int):
    return (
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == "project", AuditEntry.object_id == project_id)
        .options(joinedload(AuditEntry.user))
    )


def history(project: Project) -> list[AuditEntry]:
    """The project's audit entries, oldest first, with who wrote them."""
    return list(
        db.session.scalars(_entries_of(project.id).order_by(AuditEntry.created_at, AuditEntry.id))
    )


def last_change(project_id: int) -> AuditEntry | None:
    """The project's latest audit entry, with who wrote it."""
    return db.session.scalar(
        _entries_of(project_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    )


def revisions_of(project: Project) -> list[ProjectRevision]:
    """The passports the project was submitted with, by number, with who submitted them."""
    return list(
        db.session.scalars(
            sa.select(ProjectRevision)
            .where(ProjectRevision.project_id == project.id)
            .options(joinedload(ProjectRevision.created_by))
            .order_by(ProjectRevision.number)
        )
    )
