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
changes nothing (:mod:`.json_checks`, :mod:`.json_import`). Exporting an imported session gives
the same document but for ``exported_at`` (and the slug, when it was changed).
"""

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem, Decision
from ..auth.models import User
from ..core.models import utcnow
from ..extensions import db
from ..people.models import Organisation, Participant
from ..projects.models import DEFAULT_MONEY_UNIT, Project
from ..projects.summaries import Money, project_totals
from ..reference.models import FundingSource
from ..review.models import Conflict, Criterion, InvestorInterest, Scorecard
from ..sessions.models import (
    Direction,
    Membership,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from . import results as results_module

FORMAT = "sessiontrack.session"
SCHEMA_VERSION = 1
GENERATOR = "sessiontrack"


# Keys the importer reads but does not need: what the exporter computed or noted.
class ImportRefused(ValueError):
    """The file was not imported; ``errors`` says why, each with where in the file."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.errors])


@dataclass(frozen=True)
class UnreadableNumber:
    """A number of the file that no column can hold (too many digits, beyond 64 bits, NaN or
    infinite), left in its place so that the check names where it is
    (:func:`.json_checks.check`)."""

    text: str


# Digits a whole number may have: 2**63 has 19.
MAX_INT_DIGITS = 19
# Characters of a decimal number: more than a float's 17 significant digits and an exponent.
MAX_FLOAT_CHARS = 40
# The strings and brackets of a JSON text, to find where it nests deepest.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _whole_number(text: str):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return UnreadableNumber(text[:24])
    value = int(text)
    return value if -(2**63) <= value < 2**63 else UnreadableNumber(text)


def _decimal_number(text: str):
    if len(text) > MAX_FLOAT_CHARS:
        return UnreadableNumber(text[:24])
    value = float(text)
    return value if math.isfinite(value) else UnreadableNumber(text)


def loads(raw: bytes | str) -> dict:
    """The document in ``raw``. Numbers that no column can hold are read as
    :class:`UnreadableNumber`, for the checks to refuse with their place in the file.

    :raise ImportRefused: if it is not UTF-8 JSON (a truncated file, for example), or nests
        deeper than the reader can follow.
    """
    try:
        document = json.loads(
            raw,
            parse_int=_whole_number,
            parse_float=_decimal_number,
            parse_constant=UnreadableNumber,
        )
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
    except RecursionError:
        line, column = _deepest_point(raw)
        raise ImportRefused(
            _(
                "The file nests its lists and objects too deeply (line %(line)d, column "
                "%(column)d): it is not a session export. Nothing was imported.",
                line=line,
                column=column,
            )
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused(_("The file is not a sessiontrack session export."))
    return document


def _deepest_point(raw: bytes | str) -> tuple[int, int]:
    """Line and column of the first bracket at the greatest depth of a JSON text."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    depth = deepest = position = 0
    for token in _TOKENS.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest, position = depth, token.start()
        elif token.group() in "]}":
            depth -= 1
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


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
        "results": _export_results(s, projects, k_project, k_criterion),
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


def _money(money: Money) -> dict:
    money = money.rounded()
    return {
        "need": _decimal(money.need),
        "secured": _decimal(money.secured),
        "gap": _decimal(money.gap),
    }


def _export_funding(projects, k_project) -> dict:
    """Each project's financial need, secured part and gap in million roubles, and their sum."""
    total = Money()
    rows = []
    for project in projects:
        money = project_totals(project).total
        total += money
        rows.append({"project": k_project[project.id], **_money(money)})
    return {"unit": DEFAULT_MONEY_UNIT, "projects": rows, "total": _money(total)}


def _export_results(strategic_session, projects, k_project, k_criterion) -> dict:
    """The computed results, for readers of the file (the importer recomputes them)."""
    computed = results_module.for_session(strategic_session, set(k_project.keys))
    return {
        "funding": _export_funding(projects, k_project),
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
