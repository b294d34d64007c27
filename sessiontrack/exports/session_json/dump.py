"""Export: the whole session as a JSON-ready dict, every row under a key stable within the file."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ...agenda.models import AgendaItem, Decision
from ...auth.models import User
from ...catalogue.settings import PUBLIC_PARTS
from ...core.models import utcnow
from ...extensions import db
from ...people.models import Organisation, Participant
from ...projects.models import Indicator, Project
from ...reference.models import FundingSource
from ...review import adoption
from ...review.models import Conflict, Criterion, ForumFund, InvestorInterest, PitchSlots, Scorecard
from ...sessions.models import (
    Direction,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from .codec import decimal_text, iso
from .computed import export_results
from .schema import FORMAT, GENERATOR, SCHEMA_VERSION


def _by_id(model, *where):
    return list(db.session.scalars(sa.select(model).where(*where).order_by(model.id)))


class _Keys:
    """Keys for the rows of one kind, numbered in the order given: ``organisation-1``, …"""

    def __init__(self, prefix: str, rows):
        self.keys = {row.id: f"{prefix}-{number}" for number, row in enumerate(rows, start=1)}

    def __getitem__(self, row_id: int | None) -> str | None:
        return None if row_id is None else self.keys[row_id]


def export_session(strategic_session: StrategicSession) -> dict:
    """The whole session as a JSON-ready dict (see the package docstring and the format doc).

    A fixed number of queries whatever the size of the session.
    """
    s = strategic_session
    sid = s.id
    priorities = _by_id(StrategyPriority, StrategyPriority.session_id == sid)
    organisations = _by_id(Organisation, Organisation.session_id == sid)
    directions = _by_id(Direction, Direction.session_id == sid)
    groups = _by_id(WorkingGroup, WorkingGroup.session_id == sid)
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
                selectinload(Project.indicators).selectinload(Indicator.actuals),
                selectinload(Project.resources),
                selectinload(Project.stages),
                selectinload(Project.secured_funding),
                selectinload(Project.progress_reports),
                selectinload(Project.national_projects),
                selectinload(Project.strategy_priorities),
                selectinload(Project.revisions),
            )
            .order_by(Project.id)
        )
    )
    project_ids = sa.select(Project.id).where(Project.session_id == sid).scalar_subquery()
    # An interest names its stage by its index in the project's «stages» (dumped by id).
    stage_index = {
        stage.id: index
        for project in projects
        for index, stage in enumerate(sorted(project.stages, key=lambda row: row.id))
    }
    scorecards = _by_id(Scorecard, Scorecard.project_id.in_(project_ids))
    conflicts = _by_id(Conflict, Conflict.project_id.in_(project_ids))
    interests = _by_id(InvestorInterest, InvestorInterest.project_id.in_(project_ids))
    funding_codes = dict(db.session.execute(sa.select(FundingSource.id, FundingSource.code)).all())
    funds = list(
        db.session.scalars(
            sa.select(ForumFund)
            .where(ForumFund.session_id == sid)
            .order_by(ForumFund.funding_source_id, ForumFund.year)
        )
    )
    slots = _by_id(PitchSlots, PitchSlots.session_id == sid)

    user_ids = {p.user_id for p in participants if p.user_id}
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
        "exported_at": iso(utcnow()),
        "generator": GENERATOR,
        "session": {
            "slug": s.slug,
            "title": s.title,
            "description": s.description,
            "starts_on": iso(s.starts_on),
            "ends_on": iso(s.ends_on),
            "place": s.place,
            "strategy_title": s.strategy_title,
            "strategy_description": s.strategy_description,
            "state": s.state.value,
            "is_demo": s.is_demo,
            "projects_published": s.projects_published,
            "review": {
                "state": s.review_state.value,
                "deadline": iso(s.review_deadline),
                "min_scorecards": s.review_min_scorecards,
                "disagreement_stdev": s.disagreement_stdev,
                "disagreement_range": s.disagreement_range,
                "normalise_scores": s.normalise_scores,
                "criteria_locked": s.criteria_locked,
                "reminder_days": list(s.reminder_days or []),
                "returned_reminder_days": s.returned_reminder_days,
            },
            "catalogue_shows": {part.key: getattr(s, part.column) for part in PUBLIC_PARTS},
        },
        "forum": None
        if s.forum is None
        else {
            "name": s.forum.name,
            "starts_on": iso(s.forum.starts_on),
            "ends_on": iso(s.forum.ends_on),
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
                "starts_at": iso(item.starts_at),
                "ends_at": iso(item.ends_at),
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
                "due_on": iso(row.due_on),
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
                "submitted_at": iso(card.submitted_at),
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
                "created_at": iso(row.created_at),
            }
            for row in conflicts
        ],
        "investor_interest": [
            {
                "expert": k_participant[row.expert_id],
                "project": k_project[row.project_id],
                "form": row.form.value,
                "amount_from": decimal_text(row.amount_from),
                "amount_to": decimal_text(row.amount_to),
                "stage": stage_index.get(row.stage_id),
                "note": row.note,
                "created_at": iso(row.created_at),
            }
            for row in interests
        ],
        "forum_funds": [
            {
                "funding_source": funding_codes[row.funding_source_id],
                "year": row.year,
                "amount": decimal_text(row.amount),
            }
            for row in funds
        ],
        "pitch_slots": [
            {"direction": k_direction[row.direction_id], "slots": row.slots} for row in slots
        ],
        "adopted_package": _export_adopted(s, k_project),
        "results": export_results(s, projects, k_project, k_criterion),
    }
    return document


def _export_adopted(s, k_project) -> dict | None:
    """The package adopted as the forum's decision: when, and its projects in order."""
    package = adoption.adopted_package(s)
    if package is None:
        return None
    return {
        "adopted_at": iso(package.adopted_at),
        "projects": [
            k_project[row.project_id]
            for row in package.projects
            if row.project_id in k_project.keys
        ],
    }


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
        "submitted_at": iso(project.submitted_at),
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
                "baseline": decimal_text(row.baseline),
                "target": decimal_text(row.target),
                "year": row.year,
                "position": row.position,
                "actuals": [
                    {"year": actual.year, "value": decimal_text(actual.value)}
                    for actual in row.actuals
                ],
            }
            for row in sorted(project.indicators, key=lambda row: row.id)
        ],
        "resources": [
            {
                "kind": row.kind.value,
                "description": row.description,
                "amount": decimal_text(row.amount),
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
                "starts_on": iso(row.starts_on),
                "ends_on": iso(row.ends_on),
                "deliverable": row.deliverable,
                "responsible_organisation": k_org[row.responsible_organisation_id],
                "status": row.status.value,
                "position": row.position,
                "actual_start": iso(row.actual_start),
                "actual_end": iso(row.actual_end),
            }
            for row in sorted(project.stages, key=lambda row: row.id)
        ],
        "secured_funding": [
            {
                "funding_source": funding_codes[row.funding_source_id],
                "secured_on": iso(row.secured_on),
                "amount": decimal_text(row.amount),
                "document": row.document,
            }
            for row in project.secured_funding
        ],
        "progress_reports": [
            {
                "period": row.period,
                "reported_on": iso(row.reported_on),
                "text": row.text,
                "author": emails.get(row.author_id),
                "created_at": iso(row.created_at),
            }
            for row in project.progress_reports
        ],
        "revisions": [
            {
                "number": row.number,
                "created_at": iso(row.created_at),
                "created_by": emails.get(row.created_by_id),
                "snapshot": row.snapshot,
            }
            for row in project.revisions
        ],
    }
