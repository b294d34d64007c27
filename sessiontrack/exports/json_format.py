"""The whole session as one JSON document, and its import into an instance.

The format is described in ``docs/json-format.md``; in short: ``format`` and ``schema_version``
say what the file is, keys are English, dates are ISO 8601 (``2018-11-01``), timestamps ISO 8601
in UTC (``2018-11-20T11:00:00+00:00``), exact figures (amounts, indicators) are strings
(``"12.50"``), and objects refer to each other by keys that are stable within the file
(``"organisation-3"``), never by database ids. Users are referred to by e-mail, reference lists
(national projects, funding sources) by their codes.

Import reads the whole file first and refuses it with every problem it found — a newer
``schema_version``, invalid JSON (for example a truncated file), a missing required key, a value
of the wrong type, an unknown reference — before writing anything; then it writes the session
in one transaction that the caller rolls back if the database refuses a row, so a refused file
changes nothing. Exporting an imported
session gives the same document but for ``exported_at`` (and the slug, when it was changed).
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from ..audit import services as audit
from ..auth.models import User
from ..core.models import utcnow
from ..extensions import db
from ..people.models import (
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from ..projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
    StageStatus,
)
from ..reference.models import FundingSource, NationalProject
from ..review.models import (
    Conflict,
    ConflictSource,
    Criterion,
    InvestorInterest,
    Score,
    Scorecard,
    ScorecardState,
)
from ..sessions.models import (
    Direction,
    Forum,
    Membership,
    ReviewState,
    SessionRole,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from . import results as results_module

FORMAT = "sessiontrack.session"
SCHEMA_VERSION = 1
GENERATOR = "sessiontrack"
# Keys the importer reads but does not need: what the exporter computed or noted.
INFORMATIONAL_KEYS = ("exported_at", "generator", "results")
MAX_ERRORS = 20


class ImportRefused(ValueError):
    """The file was not imported; ``errors`` says why, each with where in the file."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.errors])


# ==============================================================================================
# Export
# ==============================================================================================


def dumps(document: dict) -> bytes:
    """The document as UTF-8 JSON, readable (Cyrillic as is, one key per line)."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return value.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _by_id(model, *where):
    return list(db.session.scalars(sa.select(model).where(*where).order_by(model.id)))


class _Keys:
    """Keys for the rows of one kind, numbered in the order given: ``organisation-1``, …"""

    def __init__(self, prefix: str, rows):
        self.keys = {row.id: f"{prefix}-{number}" for number, row in enumerate(rows, start=1)}

    def __getitem__(self, row_id: int | None) -> str | None:
        return None if row_id is None else self.keys[row_id]


def export_session(strategic_session: StrategicSession) -> dict:
    """The whole session as a JSON-ready dict (see the module docstring and the format doc).

    A fixed number of queries whatever the size of the session.
    """
    s = strategic_session
    sid = s.id
    priorities = _by_id(StrategyPriority, StrategyPriority.session_id == sid)
    organisations = _by_id(Organisation, Organisation.session_id == sid)
    directions = _by_id(Direction, Direction.session_id == sid)
    groups = _by_id(WorkingGroup, WorkingGroup.session_id == sid)
    memberships = _by_id(Membership, Membership.session_id == sid)
    participants = _by_id(Participant, Participant.session_id == sid)
    agenda_items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.session_id == sid)
            .options(selectinload(AgendaItem.talks))
            .order_by(AgendaItem.id)
        )
    )
    decisions = _by_id(Decision, Decision.session_id == sid)
    criteria = _by_id(Criterion, Criterion.session_id == sid)
    projects = list(
        db.session.scalars(
            sa.select(Project)
            .where(Project.session_id == sid)
            .options(
                selectinload(Project.partners),
                selectinload(Project.indicators),
                selectinload(Project.resources),
                selectinload(Project.stages),
                selectinload(Project.national_projects),
                selectinload(Project.strategy_priorities),
                selectinload(Project.revisions),
            )
            .order_by(Project.id)
        )
    )
    project_ids = sa.select(Project.id).where(Project.session_id == sid).scalar_subquery()
    scorecards = _by_id(Scorecard, Scorecard.project_id.in_(project_ids))
    conflicts = _by_id(Conflict, Conflict.project_id.in_(project_ids))
    interests = _by_id(InvestorInterest, InvestorInterest.project_id.in_(project_ids))
    funding_codes = dict(db.session.execute(sa.select(FundingSource.id, FundingSource.code)).all())

    user_ids = {m.user_id for m in memberships}
    user_ids |= {p.user_id for p in participants if p.user_id}
    user_ids |= {p.created_by_id for p in projects if p.created_by_id}
    user_ids |= {r.created_by_id for p in projects for r in p.revisions if r.created_by_id}
    users = list(
        db.session.scalars(sa.select(User).where(User.id.in_(user_ids)).order_by(User.email))
    )
    emails = {user.id: user.email for user in users}

    k_priority = _Keys("priority", priorities)
    k_org = _Keys("organisation", organisations)
    k_direction = _Keys("direction", directions)
    k_group = _Keys("group", groups)
    k_participant = _Keys("participant", participants)
    k_item = _Keys("agenda-item", agenda_items)
    k_criterion = _Keys("criterion", criteria)
    k_project = _Keys("project", projects)

    document = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": _iso(utcnow()),
        "generator": GENERATOR,
        "session": {
            "slug": s.slug,
            "title": s.title,
            "description": s.description,
            "starts_on": _iso(s.starts_on),
            "ends_on": _iso(s.ends_on),
            "place": s.place,
            "strategy_title": s.strategy_title,
            "strategy_description": s.strategy_description,
            "state": s.state.value,
            "is_demo": s.is_demo,
            "projects_published": s.projects_published,
            "review": {
                "state": s.review_state.value,
                "deadline": _iso(s.review_deadline),
                "min_scorecards": s.review_min_scorecards,
                "disagreement_stdev": s.disagreement_stdev,
                "disagreement_range": s.disagreement_range,
                "normalise_scores": s.normalise_scores,
                "criteria_locked": s.criteria_locked,
            },
        },
        "forum": None
        if s.forum is None
        else {
            "name": s.forum.name,
            "starts_on": _iso(s.forum.starts_on),
            "ends_on": _iso(s.forum.ends_on),
            "place": s.forum.place,
        },
        "users": [{"email": user.email, "name": user.name} for user in users],
        "strategy_priorities": [
            {
                "key": k_priority[row.id],
                "title": row.title,
                "description": row.description,
                "position": row.position,
                "is_demo": row.is_demo,
            }
            for row in priorities
        ],
        "organisations": [
            {
                "key": k_org[row.id],
                "name": row.name,
                "short_name": row.short_name,
                "kind": row.kind.value,
                "description": row.description,
                "is_demo": row.is_demo,
            }
            for row in organisations
        ],
        "directions": [
            {
                "key": k_direction[row.id],
                "title": row.title,
                "description": row.description,
                "position": row.position,
            }
            for row in directions
        ],
        "working_groups": [
            {
                "key": k_group[row.id],
                "direction": k_direction[row.direction_id],
                "title": row.title,
                "position": row.position,
            }
            for row in groups
        ],
        "memberships": [
            {
                "user": emails[row.user_id],
                "role": row.role.value,
                "working_group": k_group[row.working_group_id],
            }
            for row in memberships
        ],
        "participants": [
            {
                "key": k_participant[row.id],
                "full_name": row.full_name,
                "organisation": k_org[row.organisation_id],
                "position": row.position,
                "email": row.email,
                "phone": row.phone,
                "role": row.role.value,
                "expert_kind": row.expert_kind.value if row.expert_kind else None,
                "working_group": k_group[row.working_group_id],
                "user": emails.get(row.user_id),
                "is_demo": row.is_demo,
            }
            for row in participants
        ],
        "agenda": [
            {
                "key": k_item[item.id],
                "title": item.title,
                "starts_at": _iso(item.starts_at),
                "ends_at": _iso(item.ends_at),
                "description": item.description,
                "notes": item.notes,
                "position": item.position,
                "talks": [
                    {
                        "speaker": k_participant[talk.speaker_id],
                        "title": talk.title,
                        "key_points": talk.key_points,
                        "position": talk.position,
                    }
                    for talk in sorted(item.talks, key=lambda talk: talk.id)
                ],
            }
            for item in agenda_items
        ],
        "decisions": [
            {
                "agenda_item": k_item[row.agenda_item_id],
                "text": row.text,
                "responsible": row.responsible,
                "responsible_organisation": k_org[row.responsible_organisation_id],
                "due_on": _iso(row.due_on),
                "status": row.status.value,
                "position": row.position,
                "is_demo": row.is_demo,
            }
            for row in decisions
        ],
        "criteria": [
            {
                "key": k_criterion[row.id],
                "title": row.title,
                "description": row.description,
                "weight": row.weight,
                "counted": row.counted,
                "scale_min": row.scale_min,
                "scale_max": row.scale_max,
                "level_descriptions": row.level_descriptions or {},
                "position": row.position,
            }
            for row in criteria
        ],
        "projects": [
            _export_project(
                project, k_project, k_direction, k_group, k_org, k_priority, emails, funding_codes
            )
            for project in projects
        ],
        "scorecards": [
            {
                "expert": k_participant[card.expert_id],
                "project": k_project[card.project_id],
                "state": card.state.value,
                "comment": card.comment,
                "submitted_at": _iso(card.submitted_at),
                "scores": {
                    k_criterion[score.criterion_id]: score.value
                    for score in sorted(card.scores, key=lambda score: score.criterion_id)
                },
            }
            for card in scorecards
        ],
        "conflicts": [
            {
                "expert": k_participant[row.expert_id],
                "project": k_project[row.project_id],
                "source": row.source.value,
                "reason": row.reason,
                "created_at": _iso(row.created_at),
            }
            for row in conflicts
        ],
        "investor_interest": [
            {
                "expert": k_participant[row.expert_id],
                "project": k_project[row.project_id],
                "note": row.note,
                "created_at": _iso(row.created_at),
            }
            for row in interests
        ],
        "results": _export_results(s, k_project, k_criterion),
    }
    return document


def _export_project(
    project, k_project, k_direction, k_group, k_org, k_priority, emails, funding_codes
) -> dict:
    return {
        "key": k_project[project.id],
        "title": project.title,
        "short_title": project.short_title,
        "direction": k_direction[project.direction_id],
        "working_group": k_group[project.working_group_id],
        "problem": project.problem,
        "goal": project.goal,
        "expected_results": project.expected_results,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "lead_organisation": k_org[project.lead_organisation_id],
        "responsible_person": project.responsible_person,
        "responsible_position": project.responsible_position,
        "risks": project.risks,
        "state": project.state.value,
        "remarks": project.remarks,
        "is_demo": project.is_demo,
        "created_by": emails.get(project.created_by_id),
        "submitted_at": _iso(project.submitted_at),
        "partners": [
            {"organisation": k_org[partner.organisation_id], "contribution": partner.contribution}
            for partner in sorted(project.partners, key=lambda partner: partner.organisation_id)
        ],
        "national_projects": [row.code for row in project.national_projects],
        "strategy_priorities": [k_priority[row.id] for row in project.strategy_priorities],
        "indicators": [
            {
                "name": row.name,
                "unit": row.unit,
                "baseline": _decimal(row.baseline),
                "target": _decimal(row.target),
                "year": row.year,
                "position": row.position,
            }
            for row in sorted(project.indicators, key=lambda row: row.id)
        ],
        "resources": [
            {
                "kind": row.kind.value,
                "description": row.description,
                "amount": _decimal(row.amount),
                "unit": row.unit,
                "year": row.year,
                "funding_source": funding_codes.get(row.funding_source_id),
                "status": row.status.value,
                "position": row.position,
            }
            for row in sorted(project.resources, key=lambda row: row.id)
        ],
        "stages": [
            {
                "title": row.title,
                "starts_on": _iso(row.starts_on),
                "ends_on": _iso(row.ends_on),
                "deliverable": row.deliverable,
                "responsible_organisation": k_org[row.responsible_organisation_id],
                "status": row.status.value,
                "position": row.position,
            }
            for row in sorted(project.stages, key=lambda row: row.id)
        ],
        "revisions": [
            {
                "number": row.number,
                "created_at": _iso(row.created_at),
                "created_by": emails.get(row.created_by_id),
                "snapshot": row.snapshot,
            }
            for row in project.revisions
        ],
    }


def _export_results(strategic_session, k_project, k_criterion) -> dict:
    """The computed results, for readers of the file (the importer recomputes them)."""
    computed = results_module.for_session(strategic_session, set(k_project.keys))
    return {
        "method": results_module.method_of(strategic_session),
        "projects": [
            {
                "project": k_project[row.project_id],
                "scorecards": row.n,
                "mean": _rounded(row.mean),
                "median": _rounded(row.median),
                "stdev": _rounded(row.stdev),
                "minimum": _rounded(row.minimum),
                "maximum": _rounded(row.maximum),
                "criterion_means": {
                    k_criterion[criterion_id]: _rounded(mean)
                    for criterion_id, mean in sorted(
                        {**row.result.criterion_means, **row.result.reported_means}.items()
                    )
                },
                "flags": sorted(row.result.flags),
                "rank": row.rank,
                "direction_rank": row.direction_rank,
            }
            for row in computed.projects
        ],
    }


# ==============================================================================================
# Import: reading and checking the whole file
# ==============================================================================================


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
        return value

    return convert


def number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(_("number expected"))
    return float(value)


def boolean(value):
    if not isinstance(value, bool):
        raise _Bad(_("true or false expected"))
    return value


def decimal(nullable=False):
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
    "slug": Field(text(column(StrategicSession, "slug"))),
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
    "weight": Field(number),
    "counted": Field(boolean, False, True),
    "scale_min": Field(integer()),
    "scale_max": Field(integer()),
    "level_descriptions": Field(mapping, False, {}),
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
    "amount": Field(decimal()),
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
            self.error(
                f"{row['_path']}.{name}",
                _("unknown reference «%(key)s» (no such %(kind)s in the file)", key=key, kind=kind),
            )


@dataclass
class _Plan:
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


def loads(raw: bytes | str) -> dict:
    """The document in ``raw``.

    :raise ImportRefused: if it is not UTF-8 JSON (a truncated file, for example).
    """
    try:
        document = json.loads(raw)
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text; nothing was imported.")) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _(
                "The file is not valid JSON (line %(line)d, column %(column)d: %(problem)s); "
                "it may be truncated. Nothing was imported.",
                line=error.lineno,
                column=error.colno,
                problem=error.msg,
            )
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused(_("The file is not a sessiontrack session export."))
    return document


def check(document: dict) -> _Plan:
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
    reader = _Reader()
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
                reader.error(
                    where,
                    _(
                        "unknown reference «%(key)s» (no such criterion in the file)",
                        key=criterion_key,
                    ),
                )
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
    return _Plan(
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
            reader.error(
                f"{path}.strategy_priorities",
                _(
                    "unknown reference «%(key)s» (no such %(kind)s in the file)",
                    key=key,
                    kind="strategy priority",
                ),
            )
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


# ==============================================================================================
# Import: writing
# ==============================================================================================


@dataclass
class ImportReport:
    strategic_session: StrategicSession
    created_users: list[str]


def import_session(document: dict, *, slug: str | None = None, user=None) -> ImportReport:
    """Create the session the document describes, with everything in it.

    Flushes; the caller commits, or rolls back when the file is refused (the session may then
    hold a failed flush). Users named in the file are matched by e-mail; missing ones are
    created with an unknown random password (an admin hands out a one-time password).

    :param slug: the new session's slug instead of the file's.
    :raise ImportRefused: if the file is refused (nothing is written).
    """
    plan = check(document)
    slug = (slug or plan.session["slug"]).strip()
    if not slug:
        raise ImportRefused(_("The session needs a slug."))
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise ImportRefused(
            _(
                "A session with the slug «%(slug)s» already exists. Choose another slug for "
                "the imported session. Nothing was imported.",
                slug=slug,
            )
        )
    try:
        report = _write(plan, slug)
        audit.record(
            "import",
            report.strategic_session,
            strategic_session=report.strategic_session,
            summary=_(
                "Imported from a JSON file (schema version %(version)d)",
                version=plan.top["schema_version"],
            ),
            user=user,
        )
        db.session.flush()
    except sa.exc.IntegrityError as error:
        raise ImportRefused(
            _(
                "The database refused the file (a duplicate or inconsistent row); nothing was "
                "imported."
            ),
            [str(error.orig).splitlines()[0]],
        ) from None
    except sa.exc.DBAPIError as error:
        raise ImportRefused(
            _("The database refused a value of the file; nothing was imported."),
            [str(error.orig).splitlines()[0]],
        ) from None
    return report


def _write(plan: _Plan, slug: str) -> ImportReport:
    session_values = {k: v for k, v in plan.session.items() if k not in ("_path", "review")}
    session_values["slug"] = slug
    review = plan.review
    s = StrategicSession(
        **session_values,
        review_state=review["state"],
        review_deadline=review["deadline"],
        review_min_scorecards=review["min_scorecards"],
        disagreement_stdev=review["disagreement_stdev"],
        disagreement_range=review["disagreement_range"],
        normalise_scores=review["normalise_scores"],
        criteria_locked=review["criteria_locked"],
    )
    db.session.add(s)
    db.session.flush()
    if plan.forum is not None:
        db.session.add(Forum(session_id=s.id, **_values(plan.forum)))

    users, created = _users(plan.users)
    priorities = _add_all(plan.priorities, StrategyPriority, session_id=s.id)
    organisations = _add_all(plan.organisations, Organisation, session_id=s.id)
    directions = _add_all(plan.directions, Direction, session_id=s.id)
    groups = {}
    for row in plan.groups:
        groups[row["key"]] = WorkingGroup(
            session_id=s.id, **_values(row, direction_id=directions[row["direction"]].id)
        )
        db.session.add(groups[row["key"]])
    db.session.flush()

    def group_id(key):
        return groups[key].id if key else None

    def organisation_id(key):
        return organisations[key].id if key else None

    def user_id(email):
        return users[email].id if email else None

    for row in plan.memberships:
        db.session.add(
            Membership(
                session_id=s.id,
                user_id=user_id(row["user"]),
                role=row["role"],
                working_group_id=group_id(row["working_group"]),
            )
        )
    participants = {}
    for row in plan.participants:
        participants[row["key"]] = Participant(
            session_id=s.id,
            **_values(
                row,
                organisation_id=organisation_id(row["organisation"]),
                working_group_id=group_id(row["working_group"]),
                user_id=user_id(row["user"]),
            ),
        )
        db.session.add(participants[row["key"]])
    db.session.flush()

    agenda_items = {}
    for row in plan.agenda:
        item = AgendaItem(session_id=s.id, **_values(row, exclude=("talks",)))
        for talk in row["talks"]:
            speaker = participants[talk["speaker"]].id if talk["speaker"] else None
            item.talks.append(Talk(**_values(talk, speaker_id=speaker)))
        agenda_items[row["key"]] = item
        db.session.add(item)
    db.session.flush()
    for row in plan.decisions:
        item = agenda_items[row["agenda_item"]].id if row["agenda_item"] else None
        db.session.add(
            Decision(
                session_id=s.id,
                **_values(
                    row,
                    agenda_item_id=item,
                    responsible_organisation_id=organisation_id(row["responsible_organisation"]),
                ),
            )
        )
    criteria = _add_all(plan.criteria, Criterion, session_id=s.id)

    national = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    funding = dict(db.session.execute(sa.select(FundingSource.code, FundingSource.id)).all())
    projects = {}
    for row in plan.projects:
        project = Project(
            session_id=s.id,
            **_values(
                row,
                exclude=(
                    "partners",
                    "national_projects",
                    "strategy_priorities",
                    "indicators",
                    "resources",
                    "stages",
                    "revisions",
                ),
                direction_id=directions[row["direction"]].id,
                working_group_id=group_id(row["working_group"]),
                lead_organisation_id=organisation_id(row["lead_organisation"]),
                created_by_id=user_id(row["created_by"]),
            ),
        )
        project.national_projects = [national[code] for code in row["national_projects"]]
        project.strategy_priorities = [priorities[key] for key in row["strategy_priorities"]]
        project.partners = [
            ProjectPartner(**_values(p, organisation_id=organisation_id(p["organisation"])))
            for p in row["partners"]
        ]
        project.indicators = [Indicator(**_values(i)) for i in row["indicators"]]
        project.resources = [
            ResourceNeed(
                **_values(
                    r,
                    funding_source_id=funding[r["funding_source"]] if r["funding_source"] else None,
                )
            )
            for r in row["resources"]
        ]
        project.stages = [
            Stage(
                **_values(
                    st,
                    responsible_organisation_id=organisation_id(st["responsible_organisation"]),
                )
            )
            for st in row["stages"]
        ]
        project.revisions = [
            ProjectRevision(**_values(r, created_by_id=user_id(r["created_by"])))
            for r in row["revisions"]
        ]
        projects[row["key"]] = project
        db.session.add(project)
    db.session.flush()

    for row in plan.scorecards:
        card = Scorecard(
            project_id=projects[row["project"]].id,
            expert_id=participants[row["expert"]].id,
            state=row["state"],
            comment=row["comment"],
            submitted_at=row["submitted_at"],
        )
        for criterion_key, value in row["scores"].items():
            criterion = criteria[criterion_key]
            card.scores.append(
                Score(
                    criterion_id=criterion.id,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                    value=value,
                )
            )
        db.session.add(card)
    for model, rows in ((Conflict, plan.conflicts), (InvestorInterest, plan.interests)):
        for row in rows:
            values = _values(
                row,
                exclude=("expert", "project"),
                expert_id=participants[row["expert"]].id,
                project_id=projects[row["project"]].id,
            )
            if values.get("created_at") is None:
                values.pop("created_at", None)
            db.session.add(model(**values))
    db.session.flush()
    return ImportReport(s, created)


_REFERENCE_KEYS = {
    "key",
    "direction",
    "working_group",
    "organisation",
    "user",
    "speaker",
    "agenda_item",
    "responsible_organisation",
    "lead_organisation",
    "created_by",
    "funding_source",
}


def _values(row: dict, exclude=(), **extra) -> dict:
    """The row's column values: without its path, keys and references, plus ``extra``."""
    values = {
        name: value
        for name, value in row.items()
        if name != "_path" and name not in _REFERENCE_KEYS and name not in exclude
    }
    values.update(extra)
    return values


def _add_all(rows: list[dict], model, **extra) -> dict:
    objects = {}
    for row in rows:
        objects[row["key"]] = model(**_values(row, **extra))
        db.session.add(objects[row["key"]])
    db.session.flush()
    return objects


def _users(rows: list[dict]) -> tuple[dict[str, User], list[str]]:
    """The file's users by e-mail: existing accounts, or new ones nobody can log in to yet."""
    emails = [row["key"] for row in rows]
    existing = {
        user.email: user
        for user in db.session.scalars(sa.select(User).where(User.email.in_(emails)))
    }
    created = []
    for row in rows:
        if row["key"] in existing:
            continue
        user = User(email=row["key"], name=row["name"] or row["key"], must_change_password=True)
        # A random password nobody knows: an admin hands out a one-time password.
        user.set_password(secrets.token_urlsafe(24))
        db.session.add(user)
        existing[row["key"]] = user
        created.append(row["key"])
    db.session.flush()
    for email in created:
        audit.record("create", existing[email], summary=email)
    return existing, created
