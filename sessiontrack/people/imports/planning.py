"""Planning an import: what a read file would change in the session, and what is wrong with it.

:func:`plan_import` compares the rows with the session's groups, organisations and people and
lists what would be created, what would change, what is already there and every bad row with
its line and reason; nothing is written.
"""

import email_validator
import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...sessions.models import WorkingGroup
from .. import services
from ..models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from .plan import ImportPlan, NewOrganisation, PersonRow, Problem
from .reading import Table, TableRow
from .vocabulary import (
    EXPERT_KIND_WORDS,
    FIELD_LENGTHS,
    INVESTOR_WORDS,
    ROLES_BY_WORD,
    _kind,
    guess_kind,
    normalise,
)


class _Planner:
    """Walks the rows once, with the session's groups, organisations and people in memory."""

    def __init__(self, strategic_session, table: Table, default_kind: OrganisationKind):
        self.session = strategic_session
        self.table = table
        self.default_kind = default_kind
        self.plan = ImportPlan(ignored_columns=list(table.ignored))
        sid = strategic_session.id
        self.groups = {
            normalise(group.title): group
            for group in db.session.scalars(
                sa.select(WorkingGroup).where(WorkingGroup.session_id == sid)
            )
        }
        self.organisations = {
            normalise(org.name): org
            for org in db.session.scalars(
                sa.select(Organisation).where(Organisation.session_id == sid)
            )
        }
        self.new_organisations: dict[str, NewOrganisation] = {}
        people = db.session.scalars(
            sa.select(Participant)
            .where(Participant.session_id == sid)
            .options(
                sa.orm.joinedload(Participant.organisation),
                sa.orm.joinedload(Participant.working_group),
            )
        ).all()
        self.by_email = {person.email: person for person in people if person.email}
        self.by_name = {
            (normalise(person.full_name), person.organisation_id): person for person in people
        }
        self.emails_seen: dict[str, int] = {}
        self.people_seen: dict[object, int] = {}

    def problem(self, line: int, message: str) -> None:
        self.plan.problems.append(Problem(line, message))

    def run(self) -> ImportPlan:
        for row in self.table.rows:
            if self.too_long(row):
                continue
            if self.table.has_people:
                self.person(row)
            else:
                self.organisation_row(row)
        return self.plan

    def too_long(self, row: TableRow) -> bool:
        """Report every cell of the row longer than its field may be; whether there was one."""
        found = False
        for key, value in row.values.items():
            if len(value) > FIELD_LENGTHS[key]:
                found = True
                self.problem(
                    row.line,
                    _(
                        "«%(column)s» is longer than %(max)d characters.",
                        column=self.table.columns[key],
                        max=FIELD_LENGTHS[key],
                    ),
                )
        return found

    def organisation(self, row: TableRow, name: str):
        """The existing or new organisation a row names (``False`` after a problem)."""
        kind_text = row.values.get("organisation_kind", "")
        kind = _kind(kind_text) if kind_text else None
        if kind_text and kind is None:
            self.problem(row.line, _("Unknown organisation kind «%(kind)s».", kind=kind_text))
            return False
        key = normalise(name)
        if key in self.organisations:
            if self.organisations[key].name not in self.plan.existing_organisations:
                self.plan.existing_organisations.append(self.organisations[key].name)
            return self.organisations[key]
        if key not in self.new_organisations:
            guessed = kind or guess_kind(name)
            new = NewOrganisation(
                line=row.line,
                name=" ".join(name.split()),
                kind=guessed or self.default_kind,
                short_name=row.values.get("organisation_short_name", ""),
                kind_guessed=kind is None,
            )
            self.new_organisations[key] = new
            self.plan.new_organisations.append(new)
        return self.new_organisations[key]

    def organisation_row(self, row: TableRow) -> None:
        name = row.values.get("organisation", "")
        if not name:
            self.problem(row.line, _("The organisation's name is missing."))
            return
        key = normalise(name)
        if key in self.people_seen:
            self.problem(
                row.line,
                _("The organisation repeats line %(line)d.", line=self.people_seen[key]),
            )
            return
        self.people_seen[key] = row.line
        before = len(self.plan.new_organisations)
        if self.organisation(row, name) is not False and len(self.plan.new_organisations) == before:
            self.plan.unchanged_lines.append(row.line)

    def person(self, row: TableRow) -> None:
        values = row.values
        problems_before = len(self.plan.problems)
        full_name = " ".join(values.get("full_name", "").split())
        if not full_name:
            self.problem(row.line, _("The name (ФИО) is missing."))
        email = values.get("email", "").strip().lower()
        if email:
            try:
                email_validator.validate_email(email, check_deliverability=False)
            except email_validator.EmailNotValidError:
                self.problem(row.line, _("The e-mail «%(email)s» is not valid.", email=email))
            else:
                if email in self.emails_seen:
                    self.problem(
                        row.line,
                        _(
                            "The e-mail %(email)s repeats line %(line)d.",
                            email=email,
                            line=self.emails_seen[email],
                        ),
                    )
                self.emails_seen.setdefault(email, row.line)
        role, expert_kind = self.role(row)
        group = None
        if values.get("working_group"):
            group = self.groups.get(normalise(values["working_group"]))
            if group is None:
                self.problem(row.line, self.unknown_group(values["working_group"]))
        kind_text = values.get("organisation_kind", "")
        if values.get("organisation") and kind_text and _kind(kind_text) is None:
            self.problem(row.line, _("Unknown organisation kind «%(kind)s».", kind=kind_text))
        if len(self.plan.problems) > problems_before:
            return
        # Only a row without problems adds its organisation to the plan.
        organisation = None
        if values.get("organisation"):
            organisation = self.organisation(row, values["organisation"])
        existing = self.match(row.line, full_name, email, organisation)
        if existing is False:
            return
        new_values = {
            "full_name": full_name,
            "position": values.get("position", ""),
            "email": email or None,
            "phone": values.get("phone", ""),
            "role": role,
            "expert_kind": expert_kind,
            "working_group": group,
            "organisation": organisation,
        }
        organisation_name = organisation.name if organisation is not None else None
        if existing is None:
            new_values["role"] = role or ParticipantRole.MEMBER
            changes = {}
            role, group = new_values["role"], new_values["working_group"]
        else:
            changes = self.changes(existing, new_values)
            role = changes.get("role", [None, existing.role])[1]
            group = changes.get("working_group", [None, existing.working_group])[1]
        if role in services.GROUP_ROLES and group is None:
            self.problem(
                row.line,
                _(
                    "%(name)s is «%(role)s»: give the working group.",
                    name=full_name,
                    role=role.title,
                ),
            )
            return
        if existing is None:
            self.plan.new_participants.append(PersonRow(row.line, new_values, organisation_name))
        elif changes:
            self.plan.updated_participants.append(
                PersonRow(row.line, new_values, organisation_name, existing, changes)
            )
        else:
            self.plan.unchanged_lines.append(row.line)

    def unknown_group(self, title: str) -> str:
        """Say which group is unknown, and which the session has."""
        message = _("Unknown working group «%(group)s».", group=title)
        if not self.groups:
            return f"{message} " + _("The session has no working groups yet: create them first.")
        titles = ", ".join(f"«{group.title}»" for group in self.groups.values())
        return f"{message} " + _("The session's groups: %(groups)s.", groups=titles)

    def role(self, row: TableRow):
        text = row.values.get("role", "")
        kind_text = row.values.get("expert_kind", "")
        role = expert_kind = None
        if text:
            if normalise(text) in INVESTOR_WORDS:
                role, expert_kind = ParticipantRole.EXPERT, ExpertKind.INVESTOR
            else:
                role = ROLES_BY_WORD.get(normalise(text))
                if role is None:
                    self.problem(row.line, _("Unknown role «%(role)s».", role=text))
        if kind_text:
            kind = EXPERT_KIND_WORDS.get(normalise(kind_text))
            if kind is None:
                self.problem(row.line, _("Unknown expert kind «%(kind)s».", kind=kind_text))
            elif role in (None, ParticipantRole.EXPERT):
                role, expert_kind = ParticipantRole.EXPERT, kind
        if role == ParticipantRole.EXPERT and expert_kind is None:
            expert_kind = ExpertKind.EXPERT
        return role, expert_kind

    def match(self, line: int, full_name: str, email: str, organisation):
        """The participant the row is about: by e-mail, else by name and organisation.

        ``None`` for a new person; ``False`` after a problem (duplicate or conflict).
        """
        if isinstance(organisation, NewOrganisation):
            name_key = (normalise(full_name), "new:" + normalise(organisation.name))
        else:
            name_key = (normalise(full_name), organisation.id if organisation else None)
        for key in (email, name_key):
            if key and key in self.people_seen:
                self.problem(
                    line,
                    _(
                        "%(name)s repeats line %(line)d.",
                        name=full_name,
                        line=self.people_seen[key],
                    ),
                )
                return False
        if email and email in self.by_email:
            existing = self.by_email[email]
            if normalise(existing.full_name) != normalise(full_name):
                self.problem(
                    line,
                    _(
                        "The e-mail %(email)s belongs to %(name)s in this session.",
                        email=email,
                        name=existing.full_name,
                    ),
                )
                return False
        else:
            existing = self.by_name.get(name_key)
        if existing is not None and existing.id in self.people_seen:
            self.problem(
                line,
                _(
                    "%(name)s repeats line %(line)d.",
                    name=full_name,
                    line=self.people_seen[existing.id],
                ),
            )
            return False
        for key in (email, name_key, existing.id if existing is not None else None):
            if key:
                self.people_seen[key] = line
        return existing

    @staticmethod
    def changes(existing: Participant, new: dict) -> dict:
        """Fields the row would change; an empty cell never erases a value."""
        changes = {}
        for key in ("full_name", "position", "email", "phone", "role", "expert_kind"):
            if new[key] not in (None, "") and new[key] != getattr(existing, key):
                changes[key] = [getattr(existing, key), new[key]]
        if new["working_group"] is not None and new["working_group"] is not existing.working_group:
            changes["working_group"] = [existing.working_group, new["working_group"]]
        organisation = new["organisation"]
        if organisation is not None and organisation is not existing.organisation:
            changes["organisation"] = [existing.organisation, organisation]
        if "role" in changes and changes["role"][1] != ParticipantRole.EXPERT:
            changes["expert_kind"] = [existing.expert_kind, None]
        return changes


def plan_import(
    strategic_session, table: Table, default_kind: OrganisationKind = OrganisationKind.BUSINESS
) -> ImportPlan:
    """What importing ``table`` into the session would do, without writing anything."""
    plan = _Planner(strategic_session, table, default_kind).run()
    plan.problems.sort(key=lambda problem: problem.line)
    return plan
