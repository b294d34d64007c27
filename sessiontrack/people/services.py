"""Rules for the session's organisations and participants, their accounts and groups.

Each change checks what it must, mutates, flushes and writes the audit entry; the request's
unit of work commits.
Refusals raise :class:`~sessiontrack.core.errors.DomainError` with a message for the user.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..audit import services as audit
from ..auth import services as accounts
from ..core.errors import DomainError
from ..core.loading import all_in_session
from ..core.search import contains_text, equals_text
from ..core.unique import insert_missing
from ..extensions import db
from ..projects.models import Project, ProjectPartner
from ..review import services as review
from ..review.models import Scorecard
from ..sessions.models import StrategicSession, WorkingGroup
from .models import (
    ACCESS_ROLES,
    GROUP_ROLES,
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)

# Said at the working-group field when a group role comes without a group.
GROUP_NEEDED = _l("Choose the working group: group moderators and members work in one.")
ORGANISATION_FIELDS = ["name", "short_name", "kind", "description"]
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


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


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


def organisations_of(strategic_session) -> list[Organisation]:
    """The session's organisations by name."""
    return all_in_session(Organisation, strategic_session, Organisation.name)


def organisations_with_counts(strategic_session, kind: OrganisationKind | None = None) -> list:
    """``[(organisation, participants, projects)]`` ordered by kind and name (one query)."""
    count = (
        sa.select(sa.func.count(Participant.id))
        .where(Participant.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    query = (
        sa.select(Organisation, count, _projects_of(Organisation.id).scalar_subquery())
        .where(Organisation.session_id == strategic_session.id)
        .order_by(Organisation.kind, Organisation.name)
    )
    if kind:
        query = query.where(Organisation.kind == kind)
    return list(db.session.execute(query).all())


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------


def _check_organisation_name(strategic_session, name: str, exclude=None) -> str:
    """The name without surrounding spaces.

    :raise DomainError: if another organisation of the session has it (in any case).
    """
    name = name.strip()
    query = sa.select(Organisation.id).where(
        Organisation.session_id == strategic_session.id, equals_text(Organisation.name, name)
    )
    if exclude is not None:
        query = query.where(Organisation.id != exclude.id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("An organisation with this name is already registered."), "name")
    return name


def add_organisation(strategic_session, **values) -> Organisation:
    """:raise DomainError: if the session has an organisation with this name."""
    values["name"] = _check_organisation_name(strategic_session, values["name"])
    organisation = Organisation(session_id=strategic_session.id, **values)
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "create", organisation, strategic_session=strategic_session, summary=organisation.name
    )
    return organisation


def update_organisation(organisation: Organisation, strategic_session, **values) -> dict:
    """:raise DomainError: if another organisation has this name."""
    values["name"] = _check_organisation_name(
        strategic_session, values["name"], exclude=organisation
    )
    return audit.update_recorded(
        organisation,
        {field: values[field] for field in ORGANISATION_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values["name"],
    )


def _projects_of(organisation_id):
    """The number of projects the organisation leads or partners in (a select, correlated
    with the organisation's row when given a column)."""
    return (
        sa.select(sa.func.count(sa.distinct(Project.id)))
        .select_from(Project)
        .outerjoin(ProjectPartner, ProjectPartner.project_id == Project.id)
        .where(
            sa.or_(
                Project.lead_organisation_id == organisation_id,
                ProjectPartner.organisation_id == organisation_id,
            )
        )
    )


def organisation_kept_by(people: int, projects: int) -> str | None:
    """Why an organisation that ``people`` participants and ``projects`` projects refer to
    cannot be deleted (``None``: it can). The list disables its button with this reason."""
    if not (people or projects):
        return None
    return _(
        "The organisation cannot be deleted: %(people)d participants and %(projects)d "
        "projects refer to it.",
        people=people,
        projects=projects,
    )


def delete_organisation(organisation: Organisation, strategic_session) -> None:
    """:raise DomainError: while participants or projects refer to the organisation."""
    people = db.session.scalar(
        sa.select(sa.func.count()).where(Participant.organisation_id == organisation.id)
    )
    reason = organisation_kept_by(people, db.session.scalar(_projects_of(organisation.id)))
    if reason:
        raise DomainError(reason)
    audit.record(
        "delete",
        organisation,
        strategic_session=strategic_session,
        summary=organisation.name,
        changes={"name": [organisation.name, None], "kind": [organisation.kind.value, None]},
    )
    db.session.delete(organisation)
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Participants
# ---------------------------------------------------------------------------------------------


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


def _own(model, object_id, strategic_session, field: str | None = None):
    """The session's own row of ``model`` with this id (``None`` for no id).

    :raise DomainError: if the id names a row of another session.
    """
    if object_id is None:
        return None
    obj = db.session.get(model, object_id)
    if obj is None or obj.session_id != strategic_session.id:
        raise DomainError(_("Choose from the list."), field)
    return obj


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
    _own(Organisation, values.get("organisation_id"), strategic_session, "organisation_id")
    _own(WorkingGroup, values.get("working_group_id"), strategic_session, "working_group_id")
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


def update_participant(participant: Participant, strategic_session, **values) -> dict:
    """Change a participant (their account's access is their role and group).
    An expert's new organisation (or a new expert) is checked for conflicts of interest.

    :raise DomainError: if the e-mail is taken, a value is foreign, or the account needs a group.
    """
    values = _normalised(values, strategic_session, participant)
    before = describe(participant)
    for field in PARTICIPANT_FIELDS:
        if field in values:
            setattr(participant, field, values[field])
    db.session.flush()
    db.session.expire(participant, ["organisation", "working_group"])
    changes = audit.compare(before, describe(participant))
    if changes:
        audit.record(
            "update",
            participant,
            strategic_session=strategic_session,
            summary=participant.full_name,
            changes=changes,
        )
    if participant.role == ParticipantRole.EXPERT and {"organisation", "role"} & set(changes):
        review.detect_conflicts_after_change(strategic_session)
    return changes


def participant_kept_by(participant: Participant) -> str | None:
    """Why the participant cannot be removed from the session (``None``: they can)."""
    if db.session.scalar(sa.select(sa.func.count()).where(Scorecard.expert_id == participant.id)):
        return _("The expert has scorecards: remove their assignments before deleting them.")
    return None


def delete_participant(participant: Participant, strategic_session) -> None:
    """Remove a person from the session, and with their record their account's access to it.

    :raise DomainError: if the person has scorecards (the review would lose them).
    """
    reason = participant_kept_by(participant)
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


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------


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


def assign_to_group(
    participant: Participant, group: WorkingGroup, role: ParticipantRole, strategic_session
) -> None:
    """Make the participant a moderator or member of ``group`` (their account's access too).

    :raise DomainError: if the role is not a group role or the group is foreign.
    """
    if role not in GROUP_ROLES:
        raise DomainError(_("Choose moderator or member."))
    _own(WorkingGroup, group.id, strategic_session)
    before = describe(participant)
    participant.role = role
    participant.expert_kind = None
    participant.working_group = group
    db.session.flush()
    audit.record(
        "assign_group",
        participant,
        strategic_session=strategic_session,
        summary=f"{participant.full_name}: {group.title}",
        changes=audit.compare(before, describe(participant)),
    )


def remove_from_group(participant: Participant, strategic_session) -> None:
    """Take the participant out of their working group (a group role without its group lets
    their account in no more)."""
    group = participant.working_group
    if group is None:
        return
    before = describe(participant)
    participant.working_group = None
    db.session.flush()
    audit.record(
        "leave_group",
        participant,
        strategic_session=strategic_session,
        summary=f"{participant.full_name}: {group.title}",
        changes=audit.compare(before, describe(participant)),
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
