"""Session rules: creating and setting up a session, its lifecycle, its structure.

Each state change checks what it must, mutates, flushes and writes the audit entry; the
request's unit of work commits once. Refusals raise :class:`~sessiontrack.core.errors.DomainError`
with a message for the user.
"""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ..agenda.models import Talk
from ..audit import services as audit
from ..core import ordering
from ..core.errors import Conflict, DomainError
from ..core.loading import all_in_session
from ..core.search import equals_text
from ..core.unique import compare_and_set
from ..extensions import db
from ..people.models import GROUP_ROLES, Organisation, Participant, ParticipantRole
from ..projects.models import Project
from ..review.models import Criterion
from .models import (
    Direction,
    Forum,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\Z")  # \Z: no "\n" after it
SETTINGS_FIELDS = [
    "title",
    "description",
    "starts_on",
    "ends_on",
    "place",
    "strategy_title",
    "strategy_description",
]
FORUM_FIELDS = ["name", "starts_on", "ends_on", "place"]
LIFECYCLE = list(SessionState)
# The audit actions of a stage change: the session's lifecycle history.
LIFECYCLE_ACTIONS = ("advance", "move_back")


# ---------------------------------------------------------------------------------------------
# Queries shared by the views
# ---------------------------------------------------------------------------------------------


def session_counts(strategic_session: StrategicSession) -> dict[str, int]:
    """How many organisations, participants and projects the session has (one query)."""
    sid = strategic_session.id
    row = db.session.execute(
        sa.select(
            sa.select(sa.func.count()).where(Organisation.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Participant.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Project.session_id == sid).scalar_subquery(),
        )
    ).one()
    return {"organisations": row[0], "participants": row[1], "projects": row[2]}


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
# Creating a session, its settings, its facilitators
# ---------------------------------------------------------------------------------------------


def _check_slug(slug: str) -> str:
    """The address in lower case.

    :raise DomainError: if it is malformed or another session has it.
    """
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise DomainError(
            _("Use lower-case Latin letters, digits and hyphens (for example zato-2019)."), "slug"
        )
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise DomainError(_("A session with this address already exists."), "slug")
    return slug


def _check_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The end date is before the start date."), "ends_on")


def create_session(*, slug: str, title: str, **settings) -> StrategicSession:
    """A new session in set-up (admins only; the view checks).

    :raise DomainError: if the address is malformed or taken, or the dates are out of order.
    """
    slug = _check_slug(slug)
    _check_dates(settings.get("starts_on"), settings.get("ends_on"))
    values = {key: value for key, value in settings.items() if key in SETTINGS_FIELDS}
    strategic_session = StrategicSession(slug=slug, title=title.strip(), **values)
    db.session.add(strategic_session)
    db.session.flush()
    audit.record("create", strategic_session, strategic_session=strategic_session, summary=title)
    return strategic_session


def update_session(strategic_session: StrategicSession, **values) -> dict:
    """Change the session's title, dates, place, description and strategy. Returns the changes.

    :raise DomainError: if the dates are out of order.
    """
    _check_dates(
        values.get("starts_on", strategic_session.starts_on),
        values.get("ends_on", strategic_session.ends_on),
    )
    return audit.update_recorded(
        strategic_session,
        {field: values[field] for field in SETTINGS_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values.get("title", strategic_session.title),
    )


def facilitators_of(strategic_session: StrategicSession) -> list[Participant]:
    """The session's facilitators with an account (the admin area lists and removes them)."""
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.session_id == strategic_session.id,
                Participant.role == ParticipantRole.FACILITATOR,
                Participant.user_id.is_not(None),
            )
            .options(sa.orm.joinedload(Participant.user))
            .order_by(Participant.full_name, Participant.id)
        )
    )


def appoint_facilitator(strategic_session: StrategicSession, user) -> Participant:
    """Make ``user`` a facilitator of the session: their participant row (found by account,
    else by their e-mail) takes the facilitator role, or a new one is made from the account.

    :raise DomainError: if the account is deactivated or already a facilitator here.
    """
    if not user.active:
        raise DomainError(_("This account is deactivated."), "email")
    if ParticipantRole.FACILITATOR in user.roles_in(strategic_session):
        raise DomainError(
            _("%(name)s is already a facilitator of this session.", name=user.name), "email"
        )
    participant = user.participation_in(strategic_session) or db.session.scalar(
        sa.select(Participant).where(
            Participant.session_id == strategic_session.id,
            Participant.email == user.email,
            Participant.user_id.is_(None),
        )
    )
    old_role = participant.role.value if participant is not None else None
    if participant is None:
        email_taken = db.session.scalar(
            sa.select(Participant.id).where(
                Participant.session_id == strategic_session.id, Participant.email == user.email
            )
        )
        participant = Participant(
            session_id=strategic_session.id,
            full_name=user.name,
            email=None if email_taken else user.email,
        )
        db.session.add(participant)
    participant.user = user
    participant.role = ParticipantRole.FACILITATOR
    participant.expert_kind = None
    db.session.flush()
    audit.record(
        "appoint",
        participant,
        strategic_session=strategic_session,
        summary=user.name,
        changes={"role": [old_role, ParticipantRole.FACILITATOR.value]},
    )
    return participant


def remove_facilitator(participant: Participant, strategic_session: StrategicSession) -> None:
    """Take the facilitator role away. A row the appointment made (nothing but the account:
    no organisation, position, phone or talk) goes; a person recorded in the session stays
    on its list as a guest, without access."""
    audit.record(
        "remove",
        participant,
        strategic_session=strategic_session,
        summary=participant.user.name if participant.user else participant.full_name,
        changes={"role": [ParticipantRole.FACILITATOR.value, None]},
    )
    if _made_by_appointment(participant):
        db.session.delete(participant)
    else:
        participant.role = ParticipantRole.GUEST
    db.session.flush()


def _made_by_appointment(participant: Participant) -> bool:
    """Whether the participant row holds nothing but an account's appointment."""
    if participant.organisation_id or participant.position or participant.phone:
        return False
    return db.session.scalar(sa.select(Talk.id).where(Talk.speaker_id == participant.id)) is None


def save_forum(strategic_session: StrategicSession, **values) -> Forum:
    """Set the forum that receives the session's package (created on first save).

    :raise DomainError: if the dates are out of order.
    """
    _check_dates(values.get("starts_on"), values.get("ends_on"))
    forum = strategic_session.forum
    created = forum is None
    if created:
        forum = Forum(strategic_session=strategic_session, name=values.get("name", ""))
        db.session.add(forum)
    audit.update_recorded(
        forum,
        {field: values[field] for field in FORUM_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values.get("name", forum.name),
        describe=_describe_forum,
        action="create" if created else "update",
        created=created,
    )
    return forum


def _describe_forum(forum: Forum) -> dict:
    return {field: getattr(forum, field) for field in FORUM_FIELDS}


# ---------------------------------------------------------------------------------------------
# Lifecycle: setup → live → summarising → review → forum → archived
# ---------------------------------------------------------------------------------------------


def next_state(strategic_session: StrategicSession) -> SessionState | None:
    """The stage after the session's current one (``None`` after the last)."""
    index = LIFECYCLE.index(strategic_session.state)
    return LIFECYCLE[index + 1] if index + 1 < len(LIFECYCLE) else None


def previous_state(strategic_session: StrategicSession) -> SessionState | None:
    """The stage before the session's current one (``None`` before the first)."""
    index = LIFECYCLE.index(strategic_session.state)
    return LIFECYCLE[index - 1] if index > 0 else None


def advance_session(
    strategic_session: StrategicSession, from_stage: SessionState, comment: str = ""
) -> SessionState:
    """Move the session from ``from_stage`` (the stage the facilitator saw) to the next one.

    :raise DomainError: if the session is archived already, or no longer at ``from_stage``.
    """
    _check_still_at(strategic_session, from_stage)
    target = next_state(strategic_session)
    if target is None:
        raise Conflict(_("The session is archived: it has no further stage."))
    return _set_state(strategic_session, from_stage, target, "advance", comment)


def move_session_back(
    strategic_session: StrategicSession, from_stage: SessionState, comment: str = ""
) -> SessionState:
    """Return the session from ``from_stage`` to the previous stage (to correct a step taken
    too early).

    :raise DomainError: if the session is in set-up, or no longer at ``from_stage``.
    """
    _check_still_at(strategic_session, from_stage)
    target = previous_state(strategic_session)
    if target is None:
        raise Conflict(_("The session is in set-up: there is no earlier stage."))
    return _set_state(strategic_session, from_stage, target, "move_back", comment)


def _check_still_at(strategic_session: StrategicSession, stage: SessionState) -> None:
    """:raise DomainError: if the session has left ``stage`` since the page was drawn."""
    if strategic_session.state != stage:
        raise _left_stage(strategic_session, stage)


def _left_stage(strategic_session: StrategicSession, stage: SessionState) -> Conflict:
    """The step from ``stage`` was taken already (sent twice, or in another window): a step is
    never taken twice."""
    return Conflict(
        _(
            "The session is already at the stage «%(current)s»: the step from «%(stage)s» was "
            "taken meanwhile (the form was sent twice, or from another window). Nothing was "
            "changed.",
            current=strategic_session.state.title,
            stage=stage.title,
        )
    )


def _set_state(strategic_session, old: SessionState, target: SessionState, action, comment):
    """Move the session from ``old`` to ``target`` in one statement that only matches while it
    is still at ``old``: of two steps sent at once, the second (which waits for the first to
    commit) matches nothing and is refused."""
    if not compare_and_set(strategic_session, StrategicSession.state, old, target):
        raise _left_stage(strategic_session, old)
    audit.record(
        action,
        strategic_session,
        strategic_session=strategic_session,
        summary=f"{old.title} → {target.title}",
        comment=comment.strip(),
        changes={"state": [old.value, target.value]},
    )
    return target


# ---------------------------------------------------------------------------------------------
# Copying a session as the template of the next one
# ---------------------------------------------------------------------------------------------

COPIED_SETTINGS = [
    "description",
    "place",
    "strategy_title",
    "strategy_description",
    "review_min_scorecards",
    "disagreement_stdev",
    "disagreement_range",
    "normalise_scores",
]
COPIED_CRITERION_FIELDS = [
    "title",
    "description",
    "weight",
    "counted",
    "scale_min",
    "scale_max",
    "level_descriptions",
    "position",
]


def copy_session(
    source: StrategicSession, *, slug: str, title: str, starts_on=None, ends_on=None, user=None
) -> StrategicSession:
    """A new session in set-up with the source's directions, working groups, criteria and
    strategy priorities; no people, organisations, agenda or projects. ``user`` becomes its
    facilitator.

    :raise DomainError: if the address is malformed or taken, or the dates are out of order.
    """
    copy = create_session(slug=slug, title=title, starts_on=starts_on, ends_on=ends_on)
    for field in COPIED_SETTINGS:
        setattr(copy, field, getattr(source, field))
    for priority in source.priorities:
        copy.priorities.append(
            StrategyPriority(
                title=priority.title,
                description=priority.description,
                position=priority.position,
                is_demo=priority.is_demo,
            )
        )
    for direction in directions_with_groups(source):
        new_direction = Direction(
            strategic_session=copy,
            title=direction.title,
            description=direction.description,
            position=direction.position,
        )
        for group in direction.groups:
            new_direction.groups.append(
                WorkingGroup(session_id=copy.id, title=group.title, position=group.position)
            )
        db.session.add(new_direction)
    criteria = db.session.scalars(
        sa.select(Criterion).where(Criterion.session_id == source.id).order_by(Criterion.position)
    )
    for criterion in criteria:
        db.session.add(
            Criterion(
                session_id=copy.id,
                **{field: getattr(criterion, field) for field in COPIED_CRITERION_FIELDS},
            )
        )
    if user is not None:
        db.session.add(
            Participant(
                session_id=copy.id,
                full_name=user.name,
                email=user.email,
                role=ParticipantRole.FACILITATOR,
                user=user,
            )
        )
    db.session.flush()
    audit.record(
        "copy",
        copy,
        strategic_session=copy,
        summary=source.title,
    )
    return copy


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
