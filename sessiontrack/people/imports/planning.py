"""Import of participants and organisations from the spreadsheets people really have.

CSV in UTF-8 (with or without BOM) or Windows-1251, comma, semicolon or tab separated; XLSX.
The header row may be in Russian or English. Three steps:

1. :func:`read_table` turns the file into rows keyed by field (or refuses the whole file);
2. :func:`plan_import` compares the rows with the session and lists what would be created,
   what would change, what is already there and every bad row with its line and reason;
3. :func:`apply_import` writes a plan without problems, all of it (the caller commits once).

Between the preview and the confirmation the file waits in the instance folder under a random
token tied to the session and the user (:func:`store_upload`, :func:`load_upload`); nothing of
it passes through the browser.
"""

import csv
import io
import json
import re
import secrets
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import email_validator
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..audit import services as audit
from ..core.enums import TitledEnum
from ..core.forms import clean_text
from ..core.spreadsheets import SpreadsheetError, read_sheet
from ..extensions import db
from ..sessions.models import WorkingGroup
from . import services
from .models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole

MAX_ROWS = 5000
# Columns read from a sheet: the known ones and whatever else a list carries beside them.
MAX_COLUMNS = 100
ALLOWED_EXTENSIONS = ("csv", "txt", "xlsx")
UPLOAD_LIFETIME_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


class UploadTaken(RuntimeError):
    """Another request is writing (or has written) this upload."""


def normalise(text) -> str:
    """Lower case, «ё» as «е», single spaces: how names and headers are compared."""
    return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").split()).casefold()


# Known header names (compared normalised, without a trailing colon or asterisk).
HEADERS = {
    "full_name": [
        "фио", "ф.и.о.", "ф. и. о.", "фамилия имя отчество", "фамилия, имя, отчество",
        "участник", "имя", "full name", "name", "participant", "person",
    ],
    "organisation": [
        "организация", "наименование организации", "место работы", "organisation",
        "organization", "company", "employer",
    ],
    "organisation_short_name": [
        "краткое наименование", "краткое название", "краткое наименование организации",
        "short name", "organisation short name", "organization short name",
    ],
    "organisation_kind": [
        "вид организации", "тип организации", "вид", "organisation kind",
        "organization kind", "organisation type", "organization type", "kind",
    ],
    "position": ["должность", "position", "job title"],
    "email": [
        "e-mail", "email", "e-mail адрес", "эл. почта", "эл.почта", "электронная почта",
        "адрес электронной почты", "почта", "mail", "e-mail address", "email address",
    ],
    "phone": ["телефон", "тел.", "тел", "контактный телефон", "phone", "telephone", "mobile"],
    "role": ["роль", "роль в сессии", "role", "role in the session"],
    "expert_kind": ["вид эксперта", "expert kind", "expert type"],
    "working_group": [
        "рабочая группа", "группа", "working group", "group",
    ],
}  # fmt: skip
# The longest text each field may hold: its column's length. Roles and kinds are words looked
# up, never stored; none is longer than LOOKUP_LENGTH.
LOOKUP_LENGTH = 100
FIELD_LENGTHS = {
    "full_name": Participant.__table__.c.full_name.type.length,
    "organisation": Organisation.__table__.c.name.type.length,
    "organisation_short_name": Organisation.__table__.c.short_name.type.length,
    "organisation_kind": LOOKUP_LENGTH,
    "position": Participant.__table__.c.position.type.length,
    "email": Participant.__table__.c.email.type.length,
    "phone": Participant.__table__.c.phone.type.length,
    "role": LOOKUP_LENGTH,
    "expert_kind": LOOKUP_LENGTH,
    "working_group": WorkingGroup.__table__.c.title.type.length,
}
HEADER_FIELDS = {normalise(name): key for key, names in HEADERS.items() for name in names}

ROLE_WORDS = {
    ParticipantRole.FACILITATOR: [
        "facilitator", "модератор сессии", "фасилитатор", "ведущий сессии",
    ],
    ParticipantRole.SPEAKER: ["speaker", "докладчик", "спикер", "выступающий"],
    ParticipantRole.MODERATOR: [
        "moderator", "group moderator", "модератор группы", "модератор",
        "руководитель группы", "руководитель рабочей группы",
    ],
    ParticipantRole.MEMBER: [
        "member", "group member", "участник группы", "участник", "член группы",
        "член рабочей группы", "участник рабочей группы",
    ],
    ParticipantRole.EXPERT: ["expert", "эксперт"],
    ParticipantRole.OBSERVER: ["observer", "наблюдатель"],
    ParticipantRole.GUEST: ["guest", "гость", "приглашенный"],
}  # fmt: skip
INVESTOR_WORDS = {"investor", "инвестор"}
ROLES_BY_WORD = {normalise(word): role for role, words in ROLE_WORDS.items() for word in words}
EXPERT_KIND_WORDS = {
    **dict.fromkeys(["expert", "эксперт"], ExpertKind.EXPERT),
    **dict.fromkeys(INVESTOR_WORDS, ExpertKind.INVESTOR),
}

KIND_WORDS = {
    OrganisationKind.STATE_CORPORATION: [
        "state corporation", "state_corporation", "госкорпорация", "государственная корпорация",
    ],
    OrganisationKind.FEDERAL_ENTERPRISE: [
        "federal state unitary enterprise", "federal enterprise", "federal_enterprise", "фгуп",
        "федеральное государственное унитарное предприятие",
    ],
    OrganisationKind.ENTERPRISE: [
        "enterprise", "joint-stock company", "joint-stock company / enterprise", "ао",
        "ао / предприятие", "ао/предприятие", "предприятие", "акционерное общество",
    ],
    OrganisationKind.ADMINISTRATION: ["administration", "администрация", "органы власти"],
    OrganisationKind.COUNCIL: [
        "council", "representative body", "представительный орган", "совет депутатов",
    ],
    OrganisationKind.BUSINESS: ["business", "бизнес", "предприниматели", "малый бизнес"],
    OrganisationKind.PUBLIC: [
        "public", "public organisation", "public organization", "общественная организация",
        "общественность", "нко",
    ],
    OrganisationKind.SCIENCE: [
        "science", "science and experts", "наука", "наука и эксперты", "наука/эксперты",
        "эксперты", "научное сообщество",
    ],
}  # fmt: skip
KINDS_BY_WORD = {normalise(word): kind for kind, words in KIND_WORDS.items() for word in words}
# A kind guessed from the start of an organisation's name when the file gives none.
KIND_PREFIXES = [
    ("госкорпорация", OrganisationKind.STATE_CORPORATION),
    ("государственная корпорация", OrganisationKind.STATE_CORPORATION),
    ("фгуп", OrganisationKind.FEDERAL_ENTERPRISE),
    ("ао ", OrganisationKind.ENTERPRISE),
    ("пао ", OrganisationKind.ENTERPRISE),
    ("ооо ", OrganisationKind.BUSINESS),
    ("ип ", OrganisationKind.BUSINESS),
    ("администрация", OrganisationKind.ADMINISTRATION),
    ("совет депутатов", OrganisationKind.COUNCIL),
]


# ---------------------------------------------------------------------------------------------
# 1. Reading the file
# ---------------------------------------------------------------------------------------------


@dataclass
class TableRow:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    """The rows of an uploaded file, keyed by field; columns it did not recognise."""

    columns: dict[str, str]
    ignored: list[str]
    rows: list[TableRow]

    @property
    def has_people(self) -> bool:
        return "full_name" in self.columns


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file into a :class:`Table`.

    :raise ImportFileError: for another type, an unreadable file, no known header, too many rows.
    """
    extension = extension_of(filename)
    if extension == "xls":
        raise ImportFileError(_("Old Excel files (.xls) are not read: save it as .xlsx or CSV."))
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    lines = _xlsx_lines(data) if extension == "xlsx" else _csv_lines(data)
    return _table(lines)


def _csv_lines(data: bytes):
    if zipfile.is_zipfile(io.BytesIO(data)) or b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a text CSV file. Upload CSV or XLSX."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("Cannot read the text: save the file as UTF-8 or Windows-1251."))
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:  # a cell over the csv module's limit of 128 KB
        raise ImportFileError(
            _("Line %(line)d cannot be read: a cell is far too long.", line=start)
        ) from error


def _xlsx_lines(data: bytes):
    try:
        rows = read_sheet(data, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error
    for number, row in enumerate(rows, start=1):
        yield number, [_cell_text(value) for value in row]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(lines) -> Table:
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    rows: list[TableRow] = []
    for count, (line, cells) in enumerate(lines, start=1):
        # Empty rows count: a sheet padded to a million of them is refused, not walked through.
        if count > MAX_ROWS + 1:
            raise ImportFileError(
                _(
                    "The file has more than %(count)d rows besides the header (empty rows "
                    "count too): split it.",
                    count=MAX_ROWS,
                )
            )
        cells = [clean_text(str(cell)).strip() for cell in cells]
        if not any(cells):
            continue
        if not columns:
            for index, header in enumerate(cells):
                key = HEADER_FIELDS.get(normalise(header).rstrip(":*").strip())
                if key and key not in headers:
                    columns[index] = key
                    headers[key] = header
                elif header:
                    ignored.append(header)
            if "full_name" not in headers and "organisation" not in headers:
                raise ImportFileError(
                    _(
                        "The first row must name the columns, with «ФИО» (Full name) or "
                        "«Организация» (Organisation) among them."
                    )
                )
            continue
        values = {key: cells[index] if index < len(cells) else "" for index, key in columns.items()}
        rows.append(TableRow(line, values))
    if not columns:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return Table(columns=headers, ignored=ignored, rows=rows)


# ---------------------------------------------------------------------------------------------
# 2. The plan: what the file would change, and what is wrong with it
# ---------------------------------------------------------------------------------------------


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class NewOrganisation:
    line: int
    name: str
    kind: OrganisationKind
    short_name: str = ""
    kind_guessed: bool = False


@dataclass
class PersonRow:
    """A participant row: the values to write and, for an update, the person and the changes."""

    line: int
    values: dict
    organisation_name: str | None = None
    existing: Participant | None = None
    changes: dict = field(default_factory=dict)

    def change_rows(self) -> list[tuple[str, str, str]]:
        """``(field, was, now)`` as the preview shows them."""
        return [(key, _shown(old), _shown(new)) for key, (old, new) in self.changes.items()]


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Organisation | NewOrganisation):
        return value.name
    if isinstance(value, WorkingGroup):
        return value.title
    if isinstance(value, TitledEnum):
        return value.title
    return str(value)


@dataclass
class ImportPlan:
    new_organisations: list[NewOrganisation] = field(default_factory=list)
    existing_organisations: list[str] = field(default_factory=list)
    new_participants: list[PersonRow] = field(default_factory=list)
    updated_participants: list[PersonRow] = field(default_factory=list)
    unchanged_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    skipped_lines: list[int] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new_organisations or self.new_participants or self.updated_participants)

    @property
    def problem_lines(self) -> list[int]:
        """The lines with at least one problem (a line can have several)."""
        return sorted({problem.line for problem in self.problems})

    @property
    def can_apply(self) -> bool:
        return not self.problems and self.has_changes

    @property
    def can_apply_valid_rows(self) -> bool:
        """Whether skipping the lines with problems leaves something to import."""
        return bool(self.problems) and self.without_problem_lines().has_changes

    def without_problem_lines(self) -> "ImportPlan":
        """The plan of the lines without problems; the others are listed as skipped.

        A row with a problem adds no participant; an organisation stays only if a line without
        problems introduced it or a kept participant works there.
        """
        bad = set(self.problem_lines)
        people = [row for row in self.new_participants if row.line not in bad]
        updated = [row for row in self.updated_participants if row.line not in bad]
        used = {id(row.values["organisation"]) for row in people + updated}
        return ImportPlan(
            new_organisations=[
                o for o in self.new_organisations if o.line not in bad or id(o) in used
            ],
            existing_organisations=self.existing_organisations,
            new_participants=people,
            updated_participants=updated,
            unchanged_lines=[line for line in self.unchanged_lines if line not in bad],
            ignored_columns=self.ignored_columns,
            skipped_lines=sorted(bad),
        )


def _kind(text: str) -> OrganisationKind | None:
    return KINDS_BY_WORD.get(normalise(text))


def guess_kind(name: str) -> OrganisationKind | None:
    lowered = normalise(name) + " "
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return None


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


# ---------------------------------------------------------------------------------------------
# 3. Applying a plan
# ---------------------------------------------------------------------------------------------


def apply_import(
    strategic_session, plan: ImportPlan, *, filename: str = "", skip_problems: bool = False
) -> dict:
    """Write everything the plan lists (flushes; the caller commits once, or rolls back).

    With ``skip_problems`` the lines with problems are left out and listed in the result
    (``skipped``) and in the audit entry; otherwise a plan with problems is refused.

    :raise ValueError: if the plan has problems and they are not to be skipped (the view never
        offers that).
    """
    if skip_problems:
        plan = plan.without_problem_lines()
    if plan.problems:
        raise ValueError("a plan with problems cannot be applied")
    created: dict[str, Organisation] = {}
    for new in plan.new_organisations:
        organisation = Organisation(
            session_id=strategic_session.id,
            name=new.name,
            short_name=new.short_name,
            kind=new.kind,
        )
        db.session.add(organisation)
        created[normalise(new.name)] = organisation
    db.session.flush()
    for organisation in created.values():
        audit.record(
            "create", organisation, strategic_session=strategic_session, summary=organisation.name
        )

    def resolved(values: dict) -> dict:
        organisation = values["organisation"]
        if isinstance(organisation, NewOrganisation):
            organisation = created[normalise(organisation.name)]
        return {**values, "organisation": organisation}

    for row in plan.new_participants:
        values = resolved(row.values)
        participant = Participant(session_id=strategic_session.id, **values)
        db.session.add(participant)
        db.session.flush()
        audit.record(
            "create",
            participant,
            strategic_session=strategic_session,
            summary=participant.full_name,
            comment=_("Imported from %(file)s, line %(line)d", file=filename, line=row.line),
            changes=audit.compare({}, services.describe(participant)),
        )
    experts_moved = False
    for row in plan.updated_participants:
        participant = row.existing
        values = resolved(row.values)
        before = services.describe(participant)
        old_role = participant.role
        for key in row.changes:
            setattr(participant, key, values[key])
        experts_moved |= participant.role == ParticipantRole.EXPERT and bool(
            {"organisation", "role"} & set(row.changes)
        )
        if participant.role != ParticipantRole.EXPERT:
            participant.expert_kind = None
        db.session.flush()
        if participant.user_id:
            services.sync_membership(participant, strategic_session, old_role)
        audit.record(
            "update",
            participant,
            strategic_session=strategic_session,
            summary=participant.full_name,
            comment=_("Imported from %(file)s, line %(line)d", file=filename, line=row.line),
            changes=audit.compare(before, services.describe(participant)),
        )
    if experts_moved:
        # An expert now in a project's lead or partner organisation: as after an edit by hand.
        services.review.detect_conflicts_after_change(strategic_session)
    counts = {
        "organisations": len(plan.new_organisations),
        "created": len(plan.new_participants),
        "updated": len(plan.updated_participants),
        "unchanged": len(plan.unchanged_lines),
        "skipped": plan.skipped_lines,
    }
    audit.record(
        "import",
        strategic_session=strategic_session,
        object_type="participant_import",
        summary=filename,
        changes={key: value for key, value in counts.items() if value != []},
    )
    return counts


# ---------------------------------------------------------------------------------------------
# The upload between preview and confirmation
# ---------------------------------------------------------------------------------------------


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def store_upload(
    strategic_session, user, filename: str, data: bytes, default_kind: OrganisationKind
) -> str:
    """Keep an uploaded file until it is confirmed or cancelled; returns its token.

    Uploads older than a day are removed on the way.
    """
    directory = _upload_dir()
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for old in directory.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    meta = {
        "session_id": strategic_session.id,
        "user_id": user.id,
        "filename": Path(filename).name[:200],
        "default_kind": default_kind.value,
    }
    (directory / f"{token}.data").write_bytes(data)
    (directory / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_upload(token: str, strategic_session, user) -> tuple[dict, bytes] | None:
    """The upload's description and bytes, if ``token`` names one of this session and user."""
    if not TOKEN_PATTERN.match(token):
        return None
    directory = _upload_dir()
    # ``.held`` while a confirmation writes it (see claimed_upload).
    meta_file = directory / f"{token}.json"
    if not meta_file.exists():
        meta_file = directory / f"{token}.held"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        data = (directory / f"{token}.data").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("session_id") != strategic_session.id or meta.get("user_id") != user.id:
        return None
    return meta, data


def discard_upload(token: str) -> None:
    if not TOKEN_PATTERN.match(token):
        return
    directory = _upload_dir()
    for suffix in (".data", ".json", ".held"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


@contextmanager
def claimed_upload(token: str):
    """Hold an upload while one request writes it, so that a second confirmation sent at the
    same moment (a double click) finds it taken instead of importing the rows twice.

    The upload is removed when the block succeeds and released again when it fails.

    :raise UploadTaken: if another request holds it or it is gone.
    """
    if not TOKEN_PATTERN.match(token):
        raise UploadTaken(token)
    directory = _upload_dir()
    meta, held = directory / f"{token}.json", directory / f"{token}.held"
    try:
        meta.rename(held)  # atomic: only one request succeeds
    except OSError as error:
        raise UploadTaken(token) from error
    try:
        yield
    except BaseException:
        held.rename(meta)
        raise
    held.unlink(missing_ok=True)
    (directory / f"{token}.data").unlink(missing_ok=True)
