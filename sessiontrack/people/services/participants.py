"""The session's participants: the list and its filters, one participant added, changed or
removed, and what the audit log keeps of them.

Each change checks what it must, mutates, flushes and writes the audit entry; the request's
unit of work commits.
Refusals raise :class:`~sessiontrack.core.errors.DomainError` with a message for the user.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...audit import services as audit
from ...auth import services as accounts
from ...core.errors import DomainError
from ...core.loading import all_in_session, chosen_in_session
from ...core.search import contains_text
from ...core.unique import insert_missing
from ...extensions import db
from ...review import services as review
from ...review.models import Scorecard
from ...sessions.models import StrategicSession, WorkingGroup
from ..models import (
    GROUP_ROLES,
    ExpertKind,
    Organisation,
    Participant,
    ParticipantRole,
)

# Said at the working-group field when a group role comes without a group.
GROUP_NEEDED = _l("Choose the working group: group moderators and members work in one.")
PARTICIPANT_FIELDS = [
    "full_name",
    "organisation_id",
    "position",
    "email",
    "phone",
    "role",
    "expert_kind",
    "working_group_id",
]


@dataclass
class ParticipantFilters:
    """What the participant list is narrowed to (all optional)."""

    search: str = ""
    organisation_id: int | None = None
    role: ParticipantRole | None = None
    working_group_id: int | None = None

    def conditions(self, strategic_session: StrategicSession) -> list:
        """The SQL conditions on :class:`Participant` that select the filtered participants."""
        conditions = [Participant.session_id == strategic_session.id]
        if self.search.strip():
            term = self.search.strip()
            conditions.append(
                sa.or_(
                    contains_text(Participant.full_name, term),
                    contains_text(Participant.position, term),
                    contains_text(sa.func.coalesce(Participant.email, ""), term),
                )
            )
        if self.organisation_id:
            conditions.append(Participant.organisation_id == self.organisation_id)
        if self.role:
            conditions.append(Participant.role == self.role)
        if self.working_group_id:
            conditions.append(Participant.working_group_id == self.working_group_id)
        return conditions


def participants_page(strategic_session, filters: ParticipantFilters, page: int, per_page: int):
    """One page of the session's participants with their organisation, group and direction."""
    query = (
        sa.select(Participant)
        .where(*filters.conditions(strategic_session))
        .options(
            sa.orm.joinedload(Participant.organisation),
            sa.orm.joinedload(Participant.working_group).joinedload(WorkingGroup.direction),
        )
        .order_by(Participant.full_name, Participant.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def participants_of(strategic_session) -> list[Participant]:
    """Every participant of the session by name, with organisation and group (one query)."""
    return all_in_session(
        Participant,
        strategic_session,
        Participant.full_name,
        Participant.id,
        options=[
            sa.orm.joinedload(Participant.organisation),
            sa.orm.joinedload(Participant.working_group),
        ],
    )


def counts_by_organisation_kind(strategic_session, filters: ParticipantFilters) -> list:
    """``[(kind or None, count)]`` of the filtered participants, largest first (one query)."""
    rows = db.session.execute(
        sa.select(Organisation.kind, sa.func.count(Participant.id))
        .select_from(Participant)
        .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
        .where(*filters.conditions(strategic_session))
        .group_by(Organisation.kind)
    ).all()
    return sorted(rows, key=lambda row: (-row[1], row[0] is None, str(row[0])))


def describe(participant: Participant) -> dict:
    """What the audit log keeps of a participant: names rather than ids."""
    return {
        "full_name": participant.full_name,
        "organisation": participant.organisation.name if participant.organisation else None,
        "position": participant.position,
        "email": participant.email,
        "phone": participant.phone,
        "role": participant.role.value if participant.role else None,
        "expert_kind": participant.expert_kind.value if participant.expert_kind else None,
        "working_group": participant.working_group.title if participant.working_group else None,
    }


def _check_email_free(strategic_session, email: str, participant=None) -> None:
    """:raise DomainError: if another participant of the session has this e-mail."""
    query = sa.select(Participant).where(
        Participant.session_id == strategic_session.id, Participant.email == email
    )
    if participant is not None and participant.id is not None:
        query = query.where(Participant.id != participant.id)
    other = db.session.scalar(query)
    if other is not None:
        raise DomainError(
            _("This e-mail belongs to %(name)s in this session.", name=other.full_name),
            "email",
        )


def _normalised(values: dict, strategic_session, participant=None) -> dict:
    """Clean the values of a participant and check them against the session.

    :raise DomainError: for an e-mail another participant uses or a group role without a group.
    """
    values = dict(values)
    values["full_name"] = " ".join(values["full_name"].split())
    email = accounts.normalise_email(values.get("email"))
    values["email"] = email or None
    role = ParticipantRole(values.get("role") or ParticipantRole.MEMBER)
    values["role"] = role
    if role == ParticipantRole.EXPERT:
        values["expert_kind"] = ExpertKind(values.get("expert_kind") or ExpertKind.EXPERT)
    else:
        values["expert_kind"] = None
    for model, field in ((Organisation, "organisation_id"), (WorkingGroup, "working_group_id")):
        chosen_in_session(model, values.get(field), strategic_session, field)
    if email:
        _check_email_free(strategic_session, email, participant)
    if role in GROUP_ROLES and not values.get("working_group_id"):
        raise DomainError(str(GROUP_NEEDED), "working_group_id")
    return values


def add_participant(strategic_session, **values) -> Participant:
    """:raise DomainError: if the e-mail is taken in the session or a value is foreign."""
    values = _normalised(values, strategic_session)
    added = insert_missing(
        Participant, [{"session_id": strategic_session.id, **values}], Participant.id
    )
    if not added:
        # The e-mail was free when checked, and taken before the insert: the same form sent
        # twice at once. The check, run again, names who has it now.
        if values["email"]:
            _check_email_free(strategic_session, values["email"])
        raise DomainError(_("This e-mail is already taken in this session."), "email")
    participant = db.session.get(Participant, added[0].id)
    audit.record(
        "create",
        participant,
        strategic_session=strategic_session,
        summary=participant.full_name,
        changes=audit.compare({}, describe(participant)),
    )
    return participant


def _own_facilitation(participant: Participant, by) -> bool:
    """Whether ``by`` (the person acting, no admin) is this facilitator: the row that gives them
    the right to act. Taking it away would lock them out of the session."""
    return (
        by is not None
        and not by.is_admin
        and participant.user_id == by.id
        and participant.role == ParticipantRole.FACILITATOR
    )


def update_participant(participant: Participant, strategic_session, by=None, **values) -> dict:
    """Change a participant (their account's access is their role and group).
    An expert's new organisation (or a new expert) is checked for conflicts of interest.

    :raise DomainError: if the e-mail is taken, a value is foreign, the account needs a group,
        or ``by`` would take away their own facilitator role.
    """
    values = _normalised(values, strategic_session, participant)
    if _own_facilitation(participant, by) and values.get("role") != ParticipantRole.FACILITATOR:
        raise DomainError(
            _(
                "You cannot take away your own facilitator role: another facilitator or an "
                "admin can."
            ),
            "role",
        )
    changes = audit.update_recorded(
        participant,
        {field: values[field] for field in PARTICIPANT_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values["full_name"],
        describe=describe,
        expire=["organisation", "working_group"],
    )
    if participant.role == ParticipantRole.EXPERT and {"organisation", "role"} & set(changes):
        review.detect_conflicts_after_change(strategic_session)
    return changes


def participant_kept_by(participant: Participant, by=None) -> str | None:
    """Why the participant cannot be removed from the session by ``by`` (``None``: they can)."""
    if _own_facilitation(participant, by):
        return _(
            "You cannot remove yourself as a facilitator: another facilitator or an admin can."
        )
    if db.session.scalar(sa.select(sa.func.count()).where(Scorecard.expert_id == participant.id)):
        return _("The expert has scorecards: remove their assignments before deleting them.")
    return None


def delete_participant(participant: Participant, strategic_session, by=None) -> None:
    """Remove a person from the session, and with their record their account's access to it.

    :raise DomainError: if the person has scorecards (the review would lose them), or is ``by``
        themselves, a facilitator.
    """
    reason = participant_kept_by(participant, by)
    if reason:
        raise DomainError(reason)
    audit.record(
        "delete",
        participant,
        strategic_session=strategic_session,
        summary=participant.full_name,
        changes=audit.compare(describe(participant), dict.fromkeys(describe(participant))),
    )
    db.session.delete(participant)
    db.session.flush()
