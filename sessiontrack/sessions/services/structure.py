"""The session's structure: strategy priorities, directions and their working groups."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit import services as audit
from ...core import ordering
from ...core.errors import DomainError
from ...core.loading import all_in_session
from ...core.search import equals_text
from ...extensions import db
from ...people.models import GROUP_ROLES, Participant
from ...projects.models import Project
from ..models import Direction, StrategicSession, StrategyPriority, WorkingGroup


def directions_with_groups(strategic_session: StrategicSession) -> list[Direction]:
    """The session's directions in order, with their working groups."""
    return all_in_session(
        Direction,
        strategic_session,
        Direction.position,
        Direction.id,
        options=[sa.orm.selectinload(Direction.groups)],
    )


def groups_of(strategic_session: StrategicSession) -> list[WorkingGroup]:
    """The session's working groups in the order of their directions."""
    return list(
        db.session.scalars(
            sa.select(WorkingGroup)
            .join(Direction, WorkingGroup.direction_id == Direction.id)
            .where(WorkingGroup.session_id == strategic_session.id)
            .order_by(Direction.position, Direction.id, WorkingGroup.position, WorkingGroup.id)
        )
    )


def project_counts(strategic_session: StrategicSession) -> tuple[dict, dict]:
    """Projects per direction and per working group of the session (one query)."""
    rows = db.session.execute(
        sa.select(Project.direction_id, Project.working_group_id, sa.func.count())
        .where(Project.session_id == strategic_session.id)
        .group_by(Project.direction_id, Project.working_group_id)
    )
    by_direction: dict[int, int] = {}
    by_group: dict[int, int] = {}
    for direction_id, group_id, count in rows:
        by_direction[direction_id] = by_direction.get(direction_id, 0) + count
        if group_id is not None:
            by_group[group_id] = by_group.get(group_id, 0) + count
    return by_direction, by_group


# ---------------------------------------------------------------------------------------------
# Strategy priorities
# ---------------------------------------------------------------------------------------------

PRIORITY_FIELDS = ["title", "description"]


def _check_unique_title(model, strategic_session, title: str, exclude=None) -> str:
    """The title without surrounding spaces.

    :raise DomainError: if another ``model`` row of the session has it (in any case).
    """
    title = title.strip()
    query = sa.select(model.id).where(
        model.session_id == strategic_session.id, equals_text(model.title, title)
    )
    if exclude is not None:
        query = query.where(model.id != exclude.id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("This title is taken in this session."), "title")
    return title


def _add_titled(model, listed, strategic_session, *, title: str, description: str):
    """A new priority or direction (``model``) at the end of the session's list of them
    (``listed(strategic_session)``), recorded.

    :raise DomainError: if the session has one with this title.
    """
    title = _check_unique_title(model, strategic_session, title)
    added = model(
        strategic_session=strategic_session,
        title=title,
        description=description,
        position=ordering.next_position(listed(strategic_session)),
    )
    db.session.add(added)
    db.session.flush()
    audit.record("create", added, strategic_session=strategic_session, summary=title)
    return added


def _update_titled(obj, *, title: str, description: str) -> dict:
    """Change a priority's or direction's title and description. Returns the changes.

    :raise DomainError: if another one of the session has this title.
    """
    strategic_session = obj.strategic_session
    title = _check_unique_title(type(obj), strategic_session, title, exclude=obj)
    return audit.update_recorded(
        obj,
        {"title": title, "description": description},
        strategic_session=strategic_session,
        summary=title,
    )


def add_priority(strategic_session, *, title: str, description: str = "") -> StrategyPriority:
    """A new strategy priority at the end of the list.

    :raise DomainError: if the session has a priority with this title.
    """
    return _add_titled(
        StrategyPriority, priorities_of, strategic_session, title=title, description=description
    )


def update_priority(priority: StrategyPriority, *, title: str, description: str = "") -> dict:
    """Change a priority's title and description. Returns the changes.

    :raise DomainError: if another priority has this title.
    """
    return _update_titled(priority, title=title, description=description)


def delete_priority(priority: StrategyPriority) -> None:
    """Delete a priority; projects linked to it lose the link."""
    audit.record(
        "delete",
        priority,
        strategic_session=priority.strategic_session,
        summary=priority.title,
        changes={field: [getattr(priority, field), None] for field in PRIORITY_FIELDS},
    )
    db.session.delete(priority)
    db.session.flush()


def priorities_of(strategic_session) -> list[StrategyPriority]:
    """The session's strategy priorities in order."""
    return all_in_session(
        StrategyPriority, strategic_session, StrategyPriority.position, StrategyPriority.id
    )


def move_priority(priority: StrategyPriority, offset: int) -> bool:
    """Move a priority ``offset`` places up (-1) or down (+1). Returns whether it moved."""
    strategic_session = priority.strategic_session
    return audit.move_recorded(
        priorities_of(strategic_session), priority, offset, strategic_session=strategic_session
    )


# ---------------------------------------------------------------------------------------------
# Directions and working groups
# ---------------------------------------------------------------------------------------------


def add_direction(strategic_session, *, title: str, description: str = "") -> Direction:
    """A new direction (without working groups) at the end of the list.

    :raise DomainError: if the session has a direction with this title.
    """
    return _add_titled(
        Direction, directions_with_groups, strategic_session, title=title, description=description
    )


def update_direction(direction: Direction, *, title: str, description: str = "") -> dict:
    """Rename a direction or change its description. Returns the changes.

    :raise DomainError: if another direction has this title.
    """
    return _update_titled(direction, title=title, description=description)


def move_direction(direction: Direction, offset: int) -> bool:
    """Move a direction ``offset`` places up (-1) or down (+1). Returns whether it moved."""
    strategic_session = direction.strategic_session
    return audit.move_recorded(
        directions_with_groups(strategic_session),
        direction,
        offset,
        strategic_session=strategic_session,
    )


def _count_projects(condition) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Project).where(condition))


def direction_kept_by(projects: int) -> str | None:
    """Why a direction with ``projects`` projects cannot be deleted (``None``: it can). The
    directions page disables its button with this reason; :func:`delete_direction` refuses."""
    return _("The direction has projects: move or delete them first.") if projects else None


def group_kept_by(projects: int) -> str | None:
    """Why a working group with ``projects`` projects cannot be deleted (``None``: it can)."""
    return _("The working group has projects: move or delete them first.") if projects else None


def delete_direction(direction: Direction) -> None:
    """Delete a direction with its working groups.

    :raise DomainError: if any project belongs to it or to one of its groups.
    """
    group_ids = [group.id for group in direction.groups]
    reason = direction_kept_by(
        _count_projects(
            sa.or_(Project.direction_id == direction.id, Project.working_group_id.in_(group_ids))
        )
    )
    if reason:
        raise DomainError(reason)
    for group in list(direction.groups):
        _leave_group(group)
    audit.record(
        "delete",
        direction,
        strategic_session=direction.strategic_session,
        summary=direction.title,
        changes={"title": [direction.title, None]},
    )
    db.session.delete(direction)
    db.session.flush()


def add_group(direction: Direction, *, title: str) -> WorkingGroup:
    """:raise DomainError: if the session has a working group with this title."""
    strategic_session = direction.strategic_session
    title = _check_unique_title(WorkingGroup, strategic_session, title)
    group = WorkingGroup(
        session_id=direction.session_id,
        direction=direction,
        title=title,
        position=ordering.next_position(direction.groups),
    )
    db.session.add(group)
    db.session.flush()
    audit.record(
        "create",
        group,
        strategic_session=strategic_session,
        summary=title,
        changes={"direction": [None, direction.title]},
    )
    return group


def update_group(group: WorkingGroup, *, title: str, direction: Direction) -> dict:
    """Rename a group or move it to another direction of the session.

    Its projects follow it to the new direction.

    :raise DomainError: if another group has this title.
    """
    strategic_session = direction.strategic_session
    title = _check_unique_title(WorkingGroup, strategic_session, title, exclude=group)
    if direction.id != group.direction_id:
        group.position = ordering.next_position(direction.groups)
        db.session.execute(
            sa.update(Project)
            .where(Project.working_group_id == group.id)
            .values(direction_id=direction.id)
            .execution_options(synchronize_session=False)
        )
    return audit.update_recorded(
        group,
        {"title": title, "direction": direction},
        strategic_session=strategic_session,
        summary=title,
        describe=_describe_group,
    )


def _describe_group(group: WorkingGroup) -> dict:
    return {"title": group.title, "direction": group.direction.title}


def move_group(group: WorkingGroup, offset: int) -> bool:
    """Move a group up or down within its direction."""
    groups = db.session.scalars(
        sa.select(WorkingGroup)
        .where(WorkingGroup.direction_id == group.direction_id)
        .order_by(WorkingGroup.position, WorkingGroup.id)
    ).all()
    return audit.move_recorded(
        list(groups), group, offset, strategic_session=group.direction.strategic_session
    )


def delete_group(group: WorkingGroup) -> None:
    """Delete a working group; its members stay in the session without a group.

    :raise DomainError: if the group has projects.
    """
    reason = group_kept_by(_count_projects(Project.working_group_id == group.id))
    if reason:
        raise DomainError(reason)
    _leave_group(group)
    strategic_session = group.direction.strategic_session
    audit.record(
        "delete",
        group,
        strategic_session=strategic_session,
        summary=group.title,
        changes={"title": [group.title, None]},
    )
    group.direction.groups.remove(group)
    db.session.delete(group)
    db.session.flush()


def _leave_group(group: WorkingGroup) -> None:
    """Take the group's people out of it before the group goes: they keep their record and
    lose the group, and with it the group role's access (logged for those with an account)."""
    members = db.session.scalars(
        sa.select(Participant).where(
            Participant.working_group_id == group.id,
            Participant.user_id.is_not(None),
            Participant.role.in_(GROUP_ROLES),
        )
    )
    for participant in members:
        audit.record(
            "leave_group",
            participant,
            strategic_session=group.direction.strategic_session,
            summary=f"{participant.full_name}: {group.title}",
        )
    db.session.execute(
        sa.update(Participant)
        .where(Participant.working_group_id == group.id)
        .values(working_group_id=None)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
