"""Working groups' people: a participant assigned to a group as moderator or member, taken out
of it, and the group's list."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import DomainError
from ...core.loading import chosen_in_session
from ...extensions import db
from ...sessions.models import WorkingGroup
from ..models import GROUP_ROLES, Participant, ParticipantRole
from .participants import describe


def assign_to_group(
    participant: Participant, group: WorkingGroup, role: ParticipantRole, strategic_session
) -> None:
    """Make the participant a moderator or member of ``group`` (their account's access too).

    :raise DomainError: if the role is not a group role or the group is foreign.
    """
    if role not in GROUP_ROLES:
        raise DomainError(_("Choose moderator or member."))
    chosen_in_session(WorkingGroup, group.id, strategic_session)
    audit.update_recorded(
        participant,
        {"role": role, "expert_kind": None, "working_group": group},
        action="assign_group",
        strategic_session=strategic_session,
        summary=f"{participant.full_name}: {group.title}",
        describe=describe,
    )


def remove_from_group(participant: Participant, strategic_session) -> None:
    """Take the participant out of their working group (a group role without its group lets
    their account in no more)."""
    group = participant.working_group
    if group is None:
        return
    audit.update_recorded(
        participant,
        {"working_group": None},
        action="leave_group",
        strategic_session=strategic_session,
        summary=f"{participant.full_name}: {group.title}",
        describe=describe,
    )


def group_people(group: WorkingGroup) -> list[Participant]:
    """The participants of a working group, moderators first (one query)."""
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(Participant.working_group_id == group.id)
            .options(sa.orm.joinedload(Participant.organisation))
            .order_by(
                sa.case((Participant.role == ParticipantRole.MODERATOR, 0), else_=1),
                Participant.full_name,
            )
        )
    )
