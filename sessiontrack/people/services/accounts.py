"""Accounts for participants: a new account with a one-time password, or the existing account
with the participant's e-mail linked to them. Their role and group say what it may do."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit import services as audit
from ...auth import services as accounts
from ...core.errors import DomainError
from ...extensions import db
from ..models import ACCESS_ROLES, GROUP_ROLES, Participant


def create_account(participant: Participant, strategic_session) -> tuple:
    """Give a participant an account, which their role lets into the session: a new one with
    a one-time password, or the existing account with their e-mail. Returns
    ``(user, password or None)``.

    :raise DomainError: for speakers and guests, without an e-mail, without the group their
        role needs, when they have an account already or the account is deactivated.
    """
    if participant.user_id:
        raise DomainError(_("This person already has an account."))
    if participant.role not in ACCESS_ROLES:
        raise DomainError(_("Speakers and guests do not get an account."))
    if not participant.email:
        raise DomainError(_("Add the person's e-mail first: it is their login."))
    if participant.role in GROUP_ROLES and participant.working_group_id is None:
        raise DomainError(_("Choose the person's working group first."))
    user = accounts.find_user(participant.email)
    password = None
    if user is not None:
        if not user.active:
            raise DomainError(_("The account with this e-mail is deactivated."))
        linked = db.session.scalar(
            sa.select(Participant).where(
                Participant.session_id == strategic_session.id, Participant.user_id == user.id
            )
        )
        if linked is not None:
            raise DomainError(
                _("This account belongs to %(name)s in this session.", name=linked.full_name)
            )
        action = "link_account"
    else:
        password = accounts.one_time_password()
        user = accounts.create_user(
            participant.email, participant.full_name, password, must_change_password=True
        )
        action = "create_account"
    participant.user = user
    db.session.flush()
    audit.record(
        action,
        participant,
        strategic_session=strategic_session,
        summary=f"{participant.full_name} <{user.email}>",
        changes={"user": [None, user.email]},
    )
    return user, password
