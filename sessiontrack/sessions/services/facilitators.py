"""A session's facilitators with an account: listing, appointing and removing them."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...agenda.models import Talk
from ...audit import services as audit
from ...core.errors import DomainError
from ...extensions import db
from ...people.models import Participant, ParticipantRole
from ..models import StrategicSession


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
