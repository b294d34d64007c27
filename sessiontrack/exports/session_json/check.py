"""Reading and checking a session's JSON document before anything is written.

Every value is converted by its key's rule (text with the column's length limit, whole number,
ISO date, one of an enum's values, ...), every reference is looked up among the file's keys and
the reference lists' codes, and every problem is collected with its place in the file
(``projects[3].direction: unknown reference ...``). See :mod:`.schema` for the format.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...people.models import ACCESS_ROLES, GROUP_ROLES, ExpertKind, ParticipantRole
from ...reference.models import FundingSource, NationalProject
from .forum_checks import check_adopted_package, check_forum_limits
from .reader import Reader, unknown_reference
from .schema import (
    ACTUAL_FIELDS,
    AGENDA_FIELDS,
    CATALOGUE_SHOWS_FIELDS,
    CONFLICT_FIELDS,
    CRITERION_FIELDS,
    DECISION_FIELDS,
    DIRECTION_FIELDS,
    FORMAT,
    FORUM_FIELDS,
    GROUP_FIELDS,
    INDICATOR_FIELDS,
    INTEREST_FIELDS,
    MEMBERSHIP_FIELDS,
    ORGANISATION_FIELDS,
    PARTICIPANT_FIELDS,
    PARTNER_FIELDS,
    PRIORITY_FIELDS,
    PROGRESS_REPORT_FIELDS,
    PROJECT_FIELDS,
    RESOURCE_FIELDS,
    REVIEW_FIELDS,
    REVISION_FIELDS,
    SCHEMA_VERSION,
    SCORECARD_FIELDS,
    SECURED_FUNDING_FIELDS,
    SESSION_FIELDS,
    STAGE_FIELDS,
    TALK_FIELDS,
    TOP_LEVEL,
    TOP_LEVEL_V1,
    USER_FIELDS,
    ImportRefused,
    UnreadableNumber,
)

# Keys the importer reads but does not need: what the exporter computed or noted.
INFORMATIONAL_KEYS = ("exported_at", "generator", "results")
MAX_ERRORS = 20
# An export nests a revision's snapshot of a project at about ten levels.
MAX_DEPTH = 32
# Control characters no one types, that PostgreSQL refuses (NUL) or that break the sheets and
# exports; tabs and line breaks are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    participants: list[dict]
    agenda: list[dict]
    decisions: list[dict]
    criteria: list[dict]
    projects: list[dict]
    scorecards: list[dict]
    conflicts: list[dict]
    interests: list[dict]
    funds: list[dict] = field(default_factory=list)
    slots: list[dict] = field(default_factory=list)
    adopted: dict | None = None


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
    reader = Reader(errors=_value_problems(document))
    if reader.errors:
        _raise_problems(reader)
    top_level = TOP_LEVEL_V1 if version == 1 else TOP_LEVEL
    top = reader.fields(document, "", top_level, ignore=INFORMATIONAL_KEYS)
    if reader.errors:
        _raise_problems(reader)
    session = reader.fields(top["session"], "session", SESSION_FIELDS) or {}
    review = reader.fields(session.get("review") or {}, "session.review", REVIEW_FIELDS) or {}
    session["catalogue_shows"] = (
        reader.fields(
            session.get("catalogue_shows") or {}, "session.catalogue_shows", CATALOGUE_SHOWS_FIELDS
        )
        or {}
    )
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

    memberships = reader.items(top.get("memberships", []), "memberships", MEMBERSHIP_FIELDS)
    for row in memberships:
        row["user"] = (row["user"] or "").strip().lower() or None
        reader.ref("user", row, "user", required=True)
        reader.ref("working group", row, "working_group")
        group_role = row["role"] in GROUP_ROLES
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
    if version == 1 and not reader.errors:
        participants = fold_memberships(memberships, participants, users)

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
    stages = {project["key"]: len(project["stages"]) for project in projects if project}
    for row in interests:
        _check_interest_terms(reader, row, stages)
    funds, slots = check_forum_limits(reader, top, funding)
    adopted = check_adopted_package(reader, top)
    if reader.errors:
        _raise_problems(reader)
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
        participants,
        agenda,
        decisions,
        criteria,
        projects,
        scorecards,
        conflicts,
        interests,
        funds=funds,
        slots=slots,
        adopted=adopted,
    )


# Which role a version 1 account keeps when it held several in the session.
ROLE_PRECEDENCE = (
    ParticipantRole.FACILITATOR,
    ParticipantRole.MODERATOR,
    ParticipantRole.MEMBER,
    ParticipantRole.EXPERT,
    ParticipantRole.OBSERVER,
)


def fold_memberships(memberships: list[dict], participants: list[dict], users: list[dict]):
    """A version 1 file's participants with its memberships read into them, as the database
    migration ``participant_0001`` does: each account's participant row (by account, else by
    its e-mail) takes the role and group of its membership (the first of
    :data:`ROLE_PRECEDENCE` when it held several), an account with no row gets one, and a row
    whose account held no membership keeps no access (its role becomes guest).
    """
    names = {row["key"]: row["name"] for row in users}
    kept = {}
    for row in memberships:
        held = kept.get(row["user"])
        if held is None or ROLE_PRECEDENCE.index(row["role"]) < ROLE_PRECEDENCE.index(held["role"]):
            kept[row["user"]] = row
    participants = [dict(row) for row in participants]
    by_user = {row["user"]: row for row in participants if row["user"]}
    by_email = {
        row["email"].strip().lower(): row
        for row in participants
        if row["email"] and not row["user"]
    }
    emails = {row["email"].strip().lower() for row in participants if row["email"]}
    for row in participants:
        if row["user"] and row["user"] not in kept and row["role"] in ACCESS_ROLES:
            row["role"], row["expert_kind"] = ParticipantRole.GUEST, None
    for number, (email, membership) in enumerate(kept.items(), start=1):
        participant = by_user.get(email) or by_email.get(email)
        if participant is None:
            participant = {
                "_path": membership["_path"],
                "key": ("membership", number),  # no file key is a tuple
                "full_name": names.get(email) or email,
                "organisation": None,
                "position": "",
                "email": None if email in emails else email,
                "phone": "",
                "expert_kind": None,
                "working_group": None,
                "is_demo": False,
            }
            participants.append(participant)
        participant["user"] = email
        participant["role"] = membership["role"]
        if membership["role"] in GROUP_ROLES:
            participant["working_group"] = membership["working_group"]
        if membership["role"] != ParticipantRole.EXPERT:
            participant["expert_kind"] = None
        elif participant.get("expert_kind") is None:
            participant["expert_kind"] = ExpertKind.EXPERT
    return participants


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


def _check_interest_terms(reader, row: dict, stages: dict) -> None:
    """An investor's terms: the range in order, the stage one of the project's."""
    low, high = row["amount_from"], row["amount_to"]
    if low is not None and high is not None and low > high:
        reader.error(row["_path"], _("The amount «from» cannot exceed the amount «to»."))
    stage = row["stage"]
    if stage is not None and not 0 <= stage < stages.get(row["project"], 0):
        reader.error(f"{row['_path']}.stage", _("Choose one of the project's stages."))


def _check_project(reader: Reader, project: dict, national: set, funding: set) -> None:
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
    for row in project["indicators"]:
        row["actuals"] = reader.items(row["actuals"], f"{row['_path']}.actuals", ACTUAL_FIELDS)
        years = [actual["year"] for actual in row["actuals"]]
        if len(set(years)) != len(years):
            reader.error(f"{row['_path']}.actuals", _("a year is given twice"))
    _check_progress(reader, project, funding)
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
        if row["actual_start"] and row["actual_end"] and row["actual_end"] < row["actual_start"]:
            reader.error(f"{row['_path']}.actual_end", _("The end cannot be before the start."))
    project["revisions"] = reader.items(project["revisions"], f"{path}.revisions", REVISION_FIELDS)
    for row in project["revisions"]:
        if row["created_by"] is not None:
            row["created_by"] = row["created_by"].strip().lower()
        reader.ref("user", row, "created_by")


def _check_progress(reader: Reader, project: dict, funding: set) -> None:
    """A project's implementation: money secured by funding source, reports by their author."""
    path = project["_path"]
    project["secured_funding"] = reader.items(
        project["secured_funding"], f"{path}.secured_funding", SECURED_FUNDING_FIELDS
    )
    for row in project["secured_funding"]:
        if row["funding_source"] not in funding:
            reader.error(
                f"{row['_path']}.funding_source",
                _("unknown funding source «%(code)s»", code=row["funding_source"]),
            )
    money = [
        tuple(row.get(key) for key in SECURED_FUNDING_FIELDS) for row in project["secured_funding"]
    ]
    if len(set(money)) != len(money):
        reader.error(f"{path}.secured_funding", _("the same money is given twice"))
    project["progress_reports"] = reader.items(
        project["progress_reports"], f"{path}.progress_reports", PROGRESS_REPORT_FIELDS
    )
    for row in project["progress_reports"]:
        if row["author"] is not None:
            row["author"] = row["author"].strip().lower()
        reader.ref("user", row, "author")
    periods = [row.get("period") for row in project["progress_reports"]]
    if len(set(periods)) != len(periods):
        reader.error(f"{path}.progress_reports", _("a period is given twice"))


def _raise_problems(reader: Reader):
    """:raise ImportRefused: listing the problems the reader found (the first ``MAX_ERRORS``)."""
    count = len(reader.errors)
    raise ImportRefused(
        _(
            "The file was not imported: %(count)d problem(s) found. Nothing was changed.",
            count=count,
        ),
        reader.errors[:MAX_ERRORS],
    )
