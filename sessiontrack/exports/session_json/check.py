"""Reading and checking a session's JSON document before anything is written.

Every value is converted by its key's rule (text with the column's length limit, whole number,
ISO date, one of an enum's values, ...), every reference is looked up among the file's keys and
the reference lists' codes, and every problem is collected with its place in the file
(``projects[3].direction: unknown reference ...``). See :mod:`.json_format` for the format.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from ..auth.models import User
from ..extensions import db
from ..people.models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from ..projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
    StageStatus,
)
from ..reference.models import FundingSource, NationalProject
from ..review.models import ConflictSource, Criterion, ScorecardState
from ..sessions.models import (
    Direction,
    Forum,
    ReviewState,
    SessionRole,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from ..sessions.services import SLUG_PATTERN
from .json_format import FORMAT, SCHEMA_VERSION, ImportRefused, UnreadableNumber

INFORMATIONAL_KEYS = ("exported_at", "generator", "results")
MAX_ERRORS = 20
# An export nests a revision's snapshot of a project at about ten levels.
MAX_DEPTH = 32
# What a whole-number column holds (PostgreSQL's integer).
INTEGER_RANGE = (-(2**31), 2**31 - 1)
# Control characters no one types, that PostgreSQL refuses (NUL) or that break the sheets and
# exports; tabs and line breaks are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What the keys of the file name, for messages about unknown references.
KIND_TITLES = {
    "user": _l("user"),
    "strategy priority": _l("strategy priority"),
    "organisation": _l("organisation"),
    "direction": _l("direction"),
    "working group": _l("working group"),
    "participant": _l("participant"),
    "agenda item": _l("agenda item"),
    "criterion": _l("criterion"),
    "project": _l("project"),
}


class _Bad(ValueError):
    """A value of the wrong kind; the message says what was expected."""


@dataclass
class Field:
    """How to read one key of an object: a converter, whether it is required, its default."""

    convert: object
    required: bool = True
    default: object = None


def _text(value, column=None):
    if not isinstance(value, str):
        raise _Bad(_("text expected"))
    length = getattr(column.type, "length", None) if column is not None else None
    if length and len(value) > length:
        raise _Bad(_("longer than %(max)d characters", max=length))
    return value


def text(column=None, nullable=False):
    def convert(value):
        if value is None and nullable:
            return None
        return _text(value, column)

    return convert


def integer(nullable=False):
    def convert(value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(_("whole number expected"))
        low, high = INTEGER_RANGE
        if not low <= value <= high:
            raise _Bad(_("whole number from %(min)d to %(max)d expected", min=low, max=high))
        return value

    return convert


def number(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(_("number expected"))
    return float(value)


def weight(value):
    """A criterion's weight, within the bounds its form allows."""
    value = number(value)
    if not 0 <= value <= 1000:
        raise _Bad(_("number from 0 to 1000 expected"))
    return value


def slug(value):
    value = _text(value)
    if not SLUG_PATTERN.match(value):
        raise _Bad(_("lower-case Latin letters, digits and hyphens expected"))
    return value


def levels(value):
    """A criterion's level descriptions: texts by whole-number level (``{"0": "...", ...}``)."""
    value = mapping(value)
    for level, description in value.items():
        if not re.fullmatch(r"-?[0-9]{1,4}", level):
            raise _Bad(_("the level «%(level)s» is not a whole number", level=level[:40]))
        if not isinstance(description, str):
            raise _Bad(_("text expected"))
    return value


def boolean(value):
    if not isinstance(value, bool):
        raise _Bad(_("true or false expected"))
    return value


# Amounts, baselines and targets are NUMERIC(18, 2): sixteen digits before the point.
MAX_WHOLE_DIGITS = 16


def decimal(nullable=False, minimum=None):
    """A number a NUMERIC(18, 2) column holds (and not below ``minimum``, where given)."""

    def convert(value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Bad(_("number expected"))
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            raise _Bad(_("number expected")) from None
        if not result.is_finite():
            raise _Bad(_("number expected"))
        if result.adjusted() >= MAX_WHOLE_DIGITS:
            raise _Bad(
                _(
                    "at most %(digits)d digits before the decimal point expected",
                    digits=MAX_WHOLE_DIGITS,
                )
            )
        if minimum is not None and result < minimum:
            raise _Bad(_("a number not below %(minimum)s expected", minimum=minimum))
        return result

    return convert


def _parsed(parse, value, message):
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(message)
    try:
        return parse(value)
    except ValueError:
        raise _Bad(message) from None


def day(value):
    return _parsed(date.fromisoformat, value, _("date expected as YYYY-MM-DD"))


def clock(value):
    return _parsed(time.fromisoformat, value, _("time expected as HH:MM"))


def moment(value):
    parsed = _parsed(
        datetime.fromisoformat, value, _("date and time expected as YYYY-MM-DDTHH:MM:SS+00:00")
    )
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def choice(enum_cls):
    def convert(value):
        try:
            return enum_cls(value)
        except ValueError:
            raise _Bad(
                _(
                    "one of %(values)s expected",
                    values=", ".join(member.value for member in enum_cls),
                )
            ) from None

    return convert


def mapping(value):
    if not isinstance(value, dict):
        raise _Bad(_("object expected"))
    return value


def text_list(value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad(_("list of texts expected"))
    return value


def rows(value):
    if not isinstance(value, list):
        raise _Bad(_("list expected"))
    return value


def column(model, name):
    return model.__table__.c[name]


KEY = Field(text())
REF = Field(text(nullable=True), required=False)


SESSION_FIELDS = {
    "slug": Field(slug),
    "title": Field(text(column(StrategicSession, "title"))),
    "description": Field(text(), False, ""),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "place": Field(text(column(StrategicSession, "place")), False, ""),
    "strategy_title": Field(text(column(StrategicSession, "strategy_title")), False, ""),
    "strategy_description": Field(text(), False, ""),
    "state": Field(choice(SessionState)),
    "is_demo": Field(boolean, False, False),
    "projects_published": Field(boolean, False, False),
    "review": Field(mapping, False, {}),
}
REVIEW_FIELDS = {
    "state": Field(choice(ReviewState), False, ReviewState.NOT_OPENED),
    "deadline": Field(moment, False),
    "min_scorecards": Field(integer(), False, 2),
    "disagreement_stdev": Field(number, False, 15.0),
    "disagreement_range": Field(number, False, 40.0),
    "normalise_scores": Field(boolean, False, False),
    "criteria_locked": Field(boolean, False, False),
}
FORUM_FIELDS = {
    "name": Field(text(column(Forum, "name"))),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "place": Field(text(column(Forum, "place")), False, ""),
}
USER_FIELDS = {
    "email": Field(text(column(User, "email"))),
    "name": Field(text(column(User, "name")), False, ""),
}
PRIORITY_FIELDS = {
    "key": KEY,
    "title": Field(text(column(StrategyPriority, "title"))),
    "description": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
    "is_demo": Field(boolean, False, False),
}
ORGANISATION_FIELDS = {
    "key": KEY,
    "name": Field(text(column(Organisation, "name"))),
    "short_name": Field(text(column(Organisation, "short_name")), False, ""),
    "kind": Field(choice(OrganisationKind)),
    "description": Field(text(), False, ""),
    "is_demo": Field(boolean, False, False),
}
DIRECTION_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Direction, "title"))),
    "description": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
}
GROUP_FIELDS = {
    "key": KEY,
    "direction": Field(text()),
    "title": Field(text(column(WorkingGroup, "title"))),
    "position": Field(integer(), False, 0),
}
MEMBERSHIP_FIELDS = {
    "user": Field(text()),
    "role": Field(choice(SessionRole)),
    "working_group": REF,
}
PARTICIPANT_FIELDS = {
    "key": KEY,
    "full_name": Field(text(column(Participant, "full_name"))),
    "organisation": REF,
    "position": Field(text(column(Participant, "position")), False, ""),
    "email": Field(text(column(Participant, "email"), nullable=True), False),
    "phone": Field(text(column(Participant, "phone")), False, ""),
    "role": Field(choice(ParticipantRole)),
    "expert_kind": Field(lambda value: None if value is None else choice(ExpertKind)(value), False),
    "working_group": REF,
    "user": REF,
    "is_demo": Field(boolean, False, False),
}
AGENDA_FIELDS = {
    "key": KEY,
    "title": Field(text(column(AgendaItem, "title"))),
    "starts_at": Field(clock, False),
    "ends_at": Field(clock, False),
    "description": Field(text(), False, ""),
    "notes": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
    "talks": Field(rows, False, []),
}
TALK_FIELDS = {
    "speaker": REF,
    "title": Field(text(column(Talk, "title"))),
    "key_points": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
}
DECISION_FIELDS = {
    "agenda_item": REF,
    "text": Field(text()),
    "responsible": Field(text(column(Decision, "responsible")), False, ""),
    "responsible_organisation": REF,
    "due_on": Field(day, False),
    "status": Field(choice(DecisionStatus), False, DecisionStatus.OPEN),
    "position": Field(integer(), False, 0),
    "is_demo": Field(boolean, False, False),
}
CRITERION_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Criterion, "title"))),
    "description": Field(text(), False, ""),
    "weight": Field(weight),
    "counted": Field(boolean, False, True),
    "scale_min": Field(integer()),
    "scale_max": Field(integer()),
    "level_descriptions": Field(levels, False, {}),
    "position": Field(integer(), False, 0),
}
PROJECT_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Project, "title"))),
    "short_title": Field(text(column(Project, "short_title")), False, ""),
    "direction": Field(text()),
    "working_group": REF,
    "problem": Field(text(), False, ""),
    "goal": Field(text(), False, ""),
    "expected_results": Field(text(), False, ""),
    "start_year": Field(integer(nullable=True), False),
    "end_year": Field(integer(nullable=True), False),
    "lead_organisation": REF,
    "responsible_person": Field(text(column(Project, "responsible_person")), False, ""),
    "responsible_position": Field(text(column(Project, "responsible_position")), False, ""),
    "risks": Field(text(), False, ""),
    "state": Field(choice(ProjectState)),
    "remarks": Field(text(), False, ""),
    "is_demo": Field(boolean, False, False),
    "created_by": REF,
    "submitted_at": Field(moment, False),
    "partners": Field(rows, False, []),
    "national_projects": Field(text_list, False, []),
    "strategy_priorities": Field(text_list, False, []),
    "indicators": Field(rows, False, []),
    "resources": Field(rows, False, []),
    "stages": Field(rows, False, []),
    "revisions": Field(rows, False, []),
}
PARTNER_FIELDS = {
    "organisation": Field(text()),
    "contribution": Field(text(column(ProjectPartner, "contribution")), False, ""),
}
INDICATOR_FIELDS = {
    "name": Field(text(column(Indicator, "name"))),
    "unit": Field(text(column(Indicator, "unit")), False, ""),
    "baseline": Field(decimal(nullable=True), False),
    "target": Field(decimal(nullable=True), False),
    "year": Field(integer(nullable=True), False),
    "position": Field(integer(), False, 0),
}
RESOURCE_FIELDS = {
    "kind": Field(choice(ResourceKind)),
    "description": Field(text(column(ResourceNeed, "description")), False, ""),
    "amount": Field(decimal(minimum=0)),
    "unit": Field(text(column(ResourceNeed, "unit")), False, ""),
    "year": Field(integer(nullable=True), False),
    "funding_source": REF,
    "status": Field(choice(ResourceStatus), False, ResourceStatus.REQUESTED),
    "position": Field(integer(), False, 0),
}
STAGE_FIELDS = {
    "title": Field(text(column(Stage, "title"))),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "deliverable": Field(text(column(Stage, "deliverable")), False, ""),
    "responsible_organisation": REF,
    "status": Field(choice(StageStatus), False, StageStatus.PLANNED),
    "position": Field(integer(), False, 0),
}
REVISION_FIELDS = {
    "number": Field(integer()),
    "created_at": Field(moment),
    "created_by": REF,
    "snapshot": Field(mapping),
}
SCORECARD_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "state": Field(choice(ScorecardState)),
    "comment": Field(text(), False, ""),
    "submitted_at": Field(moment, False),
    "scores": Field(mapping, False, {}),
}
CONFLICT_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "source": Field(choice(ConflictSource)),
    "reason": Field(text(), False, ""),
    "created_at": Field(moment, False),
}
INTEREST_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "note": Field(text(), False, ""),
    "created_at": Field(moment, False),
}
TOP_LEVEL = {
    "format": Field(text()),
    "schema_version": Field(integer()),
    "session": Field(mapping),
    "forum": Field(lambda value: None if value is None else mapping(value), False),
    "users": Field(rows, False, []),
    "strategy_priorities": Field(rows, False, []),
    "organisations": Field(rows, False, []),
    "directions": Field(rows, False, []),
    "working_groups": Field(rows, False, []),
    "memberships": Field(rows, False, []),
    "participants": Field(rows, False, []),
    "agenda": Field(rows, False, []),
    "decisions": Field(rows, False, []),
    "criteria": Field(rows, False, []),
    "projects": Field(rows, False, []),
    "scorecards": Field(rows, False, []),
    "conflicts": Field(rows, False, []),
    "investor_interest": Field(rows, False, []),
}


@dataclass
class _Reader:
    """Reads the document, converting values and collecting every problem with its path."""

    errors: list[str] = field(default_factory=list)
    keys: dict[str, dict[str, dict]] = field(default_factory=dict)

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def fields(self, obj, path: str, spec: dict[str, Field], ignore=()) -> dict | None:
        """The object's values by ``spec``, or ``None`` when it is not an object at all."""
        if not isinstance(obj, dict):
            self.error(path, _("object expected"))
            return None
        values = {}
        for name in obj:
            if name not in spec and name not in ignore:
                self.error(path, _("unknown key «%(key)s»", key=name))
        for name, rule in spec.items():
            if name not in obj:
                if rule.required:
                    self.error(path, _("required key «%(key)s» is missing", key=name))
                values[name] = rule.default
                continue
            try:
                values[name] = rule.convert(obj[name])
            except _Bad as bad:
                self.error(f"{path}.{name}", str(bad))
                values[name] = rule.default
        return values

    def items(self, values: list, path: str, spec: dict[str, Field]) -> list[dict]:
        """Each object of a list read by ``spec``, with its path under ``"_path"``."""
        read = []
        for index, obj in enumerate(values):
            item_path = f"{path}[{index}]"
            row = self.fields(obj, item_path, spec)
            if row is not None:
                row["_path"] = item_path
                read.append(row)
        return read

    def register(self, kind: str, rows: list[dict]) -> None:
        """Make the rows' keys known, refusing duplicates."""
        known = self.keys.setdefault(kind, {})
        for row in rows:
            key = row.get("key")
            if key is None:
                continue
            if key in known:
                self.error(row["_path"], _("the key «%(key)s» is used twice", key=key))
            known[key] = row

    def ref(self, kind: str, row: dict, name: str, required: bool = False) -> None:
        """Check that ``row[name]`` names a known object of ``kind`` (or is empty)."""
        key = row.get(name)
        if key is None:
            if required:
                self.error(row["_path"], _("required key «%(key)s» is missing", key=name))
            return
        if key not in self.keys.get(kind, {}):
            self.error(f"{row['_path']}.{name}", unknown_reference(key, kind))


def unknown_reference(key: str, kind: str) -> str:
    return _(
        "unknown reference «%(key)s»: the file has no %(kind)s with this key",
        key=key,
        kind=KIND_TITLES[kind],
    )


@dataclass
class Plan:
    """The checked document, ready to write."""

    top: dict
    session: dict
    review: dict
    forum: dict | None
    users: list[dict]
    priorities: list[dict]
    organisations: list[dict]
    directions: list[dict]
    groups: list[dict]
    memberships: list[dict]
    participants: list[dict]
    agenda: list[dict]
    decisions: list[dict]
    criteria: list[dict]
    projects: list[dict]
    scorecards: list[dict]
    conflicts: list[dict]
    interests: list[dict]


def check(document: dict) -> Plan:
    """Read and check the whole document.

    :raise ImportRefused: with every problem found (up to :data:`MAX_ERRORS`).
    """
    if document.get("format") != FORMAT:
        raise ImportRefused(
            _(
                "The file is not a sessiontrack session export (its «format» is not «%(format)s»).",
                format=FORMAT,
            )
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRefused(_("The file has no valid «schema_version»."))
    if version > SCHEMA_VERSION:
        raise ImportRefused(
            _(
                "The file was written by a newer version of sessiontrack (schema version "
                "%(version)d); this one reads versions up to %(supported)d. Nothing was imported.",
                version=version,
                supported=SCHEMA_VERSION,
            )
        )
    reader = _Reader(errors=_value_problems(document))
    if reader.errors:
        _refuse(reader)
    top = reader.fields(document, "", TOP_LEVEL, ignore=INFORMATIONAL_KEYS)
    if reader.errors:
        _refuse(reader)
    session = reader.fields(top["session"], "session", SESSION_FIELDS) or {}
    review = reader.fields(session.get("review") or {}, "session.review", REVIEW_FIELDS) or {}
    forum = reader.fields(top["forum"], "forum", FORUM_FIELDS) if top["forum"] else None

    users = reader.items(top["users"], "users", USER_FIELDS)
    for row in users:
        row["key"] = (row["email"] or "").strip().lower()
    reader.register("user", users)

    priorities = reader.items(top["strategy_priorities"], "strategy_priorities", PRIORITY_FIELDS)
    reader.register("strategy priority", priorities)
    organisations = reader.items(top["organisations"], "organisations", ORGANISATION_FIELDS)
    reader.register("organisation", organisations)
    directions = reader.items(top["directions"], "directions", DIRECTION_FIELDS)
    reader.register("direction", directions)
    groups = reader.items(top["working_groups"], "working_groups", GROUP_FIELDS)
    reader.register("working group", groups)
    for row in groups:
        reader.ref("direction", row, "direction", required=True)

    memberships = reader.items(top["memberships"], "memberships", MEMBERSHIP_FIELDS)
    for row in memberships:
        row["user"] = (row["user"] or "").strip().lower() or None
        reader.ref("user", row, "user", required=True)
        reader.ref("working group", row, "working_group")
        group_role = row["role"] in (SessionRole.MODERATOR, SessionRole.MEMBER)
        if group_role != (row["working_group"] is not None):
            reader.error(
                row["_path"], _("moderators and members, and only they, have a working group")
            )

    participants = reader.items(top["participants"], "participants", PARTICIPANT_FIELDS)
    reader.register("participant", participants)
    for row in participants:
        reader.ref("organisation", row, "organisation")
        reader.ref("working group", row, "working_group")
        if row["user"] is not None:
            row["user"] = row["user"].strip().lower()
        reader.ref("user", row, "user")
        if (row["role"] == ParticipantRole.EXPERT) != (row["expert_kind"] is not None):
            reader.error(row["_path"], _("experts, and only they, have an «expert_kind»"))

    agenda = reader.items(top["agenda"], "agenda", AGENDA_FIELDS)
    reader.register("agenda item", agenda)
    for item in agenda:
        item["talks"] = reader.items(item["talks"], f"{item['_path']}.talks", TALK_FIELDS)
        for talk in item["talks"]:
            reader.ref("participant", talk, "speaker")
    decisions = reader.items(top["decisions"], "decisions", DECISION_FIELDS)
    for row in decisions:
        reader.ref("agenda item", row, "agenda_item")
        reader.ref("organisation", row, "responsible_organisation")

    criteria = reader.items(top["criteria"], "criteria", CRITERION_FIELDS)
    reader.register("criterion", criteria)
    for row in criteria:
        if None in (row["scale_min"], row["scale_max"]):
            continue
        for level in row["level_descriptions"]:
            if not row["scale_min"] <= int(level) <= row["scale_max"]:
                reader.error(
                    f"{row['_path']}.level_descriptions",
                    _("the level %(level)s is outside the scale", level=level),
                )

    projects = reader.items(top["projects"], "projects", PROJECT_FIELDS)
    reader.register("project", projects)
    national = set(db.session.scalars(sa.select(NationalProject.code)))
    funding = set(db.session.scalars(sa.select(FundingSource.code)))
    for project in projects:
        _check_project(reader, project, national, funding)

    scorecards = reader.items(top["scorecards"], "scorecards", SCORECARD_FIELDS)
    seen = set()
    for card in scorecards:
        reader.ref("participant", card, "expert", required=True)
        reader.ref("project", card, "project", required=True)
        pair = (card["expert"], card["project"])
        if pair in seen:
            reader.error(card["_path"], _("a second scorecard of the same expert and project"))
        seen.add(pair)
        for criterion_key, value in card["scores"].items():
            criterion = reader.keys.get("criterion", {}).get(criterion_key)
            where = f"{card['_path']}.scores.{criterion_key}"
            if criterion is None:
                reader.error(where, unknown_reference(criterion_key, "criterion"))
            elif isinstance(value, bool) or not isinstance(value, int):
                reader.error(where, _("whole number expected"))
            elif None not in (criterion["scale_min"], criterion["scale_max"]) and not (
                criterion["scale_min"] <= value <= criterion["scale_max"]
            ):
                reader.error(
                    where,
                    _(
                        "%(value)d is outside the scale %(min)d–%(max)d",
                        value=value,
                        min=criterion["scale_min"],
                        max=criterion["scale_max"],
                    ),
                )
    conflicts = reader.items(top["conflicts"], "conflicts", CONFLICT_FIELDS)
    interests = reader.items(top["investor_interest"], "investor_interest", INTEREST_FIELDS)
    for row in conflicts + interests:
        reader.ref("participant", row, "expert", required=True)
        reader.ref("project", row, "project", required=True)
    if reader.errors:
        _refuse(reader)
    return Plan(
        top,
        session,
        review,
        forum,
        users,
        priorities,
        organisations,
        directions,
        groups,
        memberships,
        participants,
        agenda,
        decisions,
        criteria,
        projects,
        scorecards,
        conflicts,
        interests,
    )


def _value_problems(document: dict) -> list[str]:
    """Problems of single values anywhere in the document, each with its path: nesting deeper
    than :data:`MAX_DEPTH`, a number no column can hold, a control character in a text or a
    key."""
    problems = []
    stack = [("", document, 0)]
    while stack and len(problems) < MAX_ERRORS:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth == MAX_DEPTH:
                problems.append(f"{path}: " + _("nested deeper than %(max)d levels", max=MAX_DEPTH))
                continue
            children = []
            if isinstance(value, dict):
                for key, child in value.items():
                    shown = CONTROL_CHARACTERS.sub("?", key)
                    child_path = f"{path}.{shown}" if path else shown
                    if shown != key:
                        problems.append(f"{child_path}: " + _("a control character in the key"))
                    children.append((child_path, child, depth + 1))
            else:
                children = [(f"{path}[{i}]", child, depth + 1) for i, child in enumerate(value)]
            stack.extend(reversed(children))
        elif isinstance(value, UnreadableNumber):
            problems.append(
                f"{path}: "
                + _(
                    "the number «%(number)s» cannot be stored: it is too long, too large or "
                    "not finite",
                    number=value.text,
                )
            )
        elif isinstance(value, str) and (control := CONTROL_CHARACTERS.search(value)):
            problems.append(
                f"{path}: "
                + _(
                    "the control character U+%(code)s in the text",
                    code=f"{ord(control.group()):04X}",
                )
            )
    return problems


def _check_project(reader: _Reader, project: dict, national: set, funding: set) -> None:
    path = project["_path"]
    reader.ref("direction", project, "direction", required=True)
    reader.ref("working group", project, "working_group")
    reader.ref("organisation", project, "lead_organisation")
    if project["created_by"] is not None:
        project["created_by"] = project["created_by"].strip().lower()
    reader.ref("user", project, "created_by")
    group = reader.keys.get("working group", {}).get(project["working_group"])
    if group is not None and group["direction"] != project["direction"]:
        reader.error(path, _("the working group belongs to another direction"))
    for code in project["national_projects"]:
        if code not in national:
            reader.error(
                f"{path}.national_projects", _("unknown national project «%(code)s»", code=code)
            )
    known_priorities = reader.keys.get("strategy priority", {})
    for key in project["strategy_priorities"]:
        if key not in known_priorities:
            reader.error(f"{path}.strategy_priorities", unknown_reference(key, "strategy priority"))
    project["partners"] = reader.items(project["partners"], f"{path}.partners", PARTNER_FIELDS)
    for row in project["partners"]:
        reader.ref("organisation", row, "organisation", required=True)
    project["indicators"] = reader.items(
        project["indicators"], f"{path}.indicators", INDICATOR_FIELDS
    )
    project["resources"] = reader.items(project["resources"], f"{path}.resources", RESOURCE_FIELDS)
    for row in project["resources"]:
        if row["funding_source"] is not None and row["funding_source"] not in funding:
            reader.error(
                f"{row['_path']}.funding_source",
                _("unknown funding source «%(code)s»", code=row["funding_source"]),
            )
    project["stages"] = reader.items(project["stages"], f"{path}.stages", STAGE_FIELDS)
    for row in project["stages"]:
        reader.ref("organisation", row, "responsible_organisation")
    project["revisions"] = reader.items(project["revisions"], f"{path}.revisions", REVISION_FIELDS)
    for row in project["revisions"]:
        if row["created_by"] is not None:
            row["created_by"] = row["created_by"].strip().lower()
        reader.ref("user", row, "created_by")


def _refuse(reader: _Reader):
    count = len(reader.errors)
    raise ImportRefused(
        _(
            "The file was not imported: %(count)d problem(s) found. Nothing was changed.",
            count=count,
        ),
        reader.errors[:MAX_ERRORS],
    )
