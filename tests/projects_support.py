"""A session with a working group and its people, and passports to write into it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sessiontrack.extensions import db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ResourceKind, ResourceStatus, StageStatus
from sessiontrack.sessions.models import StrategyPriority

from . import factories


@dataclass
class GroupWorld:
    session: object
    direction: object
    group: object
    other_group: object
    lead: object
    partner: object
    member: object
    moderator: object
    other_member: object
    facilitator: object
    priority: object


def group_world(**session_fields) -> GroupWorld:
    """A session with two groups under one direction, two organisations and a user per role."""
    strategic_session = factories.make_session(**session_fields)
    direction = factories.make_direction(strategic_session, title="Городская среда")
    group = factories.make_group(direction, title="Группа набережной")
    other_group = factories.make_group(direction, title="Другая группа")
    priority = StrategyPriority(
        session_id=strategic_session.id, title="Комфортная городская среда", position=1
    )
    db.session.add(priority)
    world = GroupWorld(
        session=strategic_session,
        direction=direction,
        group=group,
        other_group=other_group,
        lead=factories.make_organisation(strategic_session, name="Администрация города"),
        partner=factories.make_organisation(strategic_session, name="Совет депутатов"),
        member=factories.make_member(strategic_session, ParticipantRole.MEMBER, group),
        moderator=factories.make_member(strategic_session, ParticipantRole.MODERATOR, group),
        other_member=factories.make_member(strategic_session, ParticipantRole.MEMBER, other_group),
        facilitator=factories.make_member(strategic_session, ParticipantRole.FACILITATOR),
        priority=priority,
    )
    db.session.commit()
    return world


def passport(world: GroupWorld, **overrides) -> dict:
    """A complete passport, as the services take it."""
    data = {
        "working_group_id": world.group.id,
        "title": "Благоустройство набережной",
        "short_title": "Набережная",
        "problem": "Набережная не благоустроена",
        "goal": "Создать общественное пространство",
        "expected_results": "Набережная открыта для жителей",
        "start_year": 2019,
        "end_year": 2021,
        "lead_organisation_id": world.lead.id,
        "responsible_person": "Иванова А. А.",
        "responsible_position": "Начальник управления",
        "risks": "Погода",
        "national_project_ids": [factories.national_project("housing").id],
        "strategy_priority_ids": [world.priority.id],
        "partners": [{"organisation_id": world.partner.id, "contribution": "Поддержка"}],
        "indicators": [
            {
                "name": "Посетители",
                "unit": "тыс. чел.",
                "baseline": Decimal(0),
                "target": Decimal(50),
                "year": 2021,
            }
        ],
        "resources": [
            {
                "kind": ResourceKind.FINANCIAL,
                "description": "Благоустройство",
                "amount": Decimal("95"),
                "unit": "млн руб.",
                "year": 2020,
                "funding_source_id": factories.funding_source("federal_budget").id,
                "status": ResourceStatus.REQUESTED,
            },
            {
                "kind": ResourceKind.FINANCIAL,
                "description": "Проектирование",
                "amount": Decimal("6"),
                "unit": "млн руб.",
                "year": 2019,
                "funding_source_id": factories.funding_source("local_budget").id,
                "status": ResourceStatus.SECURED,
            },
        ],
        "stages": [
            {
                "title": "Проектирование",
                "starts_on": date(2019, 1, 1),
                "ends_on": date(2019, 6, 30),
                "deliverable": "Проект",
                "responsible_organisation_id": world.lead.id,
                "status": StageStatus.PLANNED,
            },
            {
                "title": "Строительство",
                "starts_on": date(2020, 4, 1),
                "ends_on": date(2021, 9, 30),
                "deliverable": "Набережная",
                "responsible_organisation_id": world.lead.id,
                "status": StageStatus.PLANNED,
            },
        ],
    }
    data.update(overrides)
    return data


def form_data(world: GroupWorld, **overrides) -> dict:
    """A complete passport as the browser posts the project form."""
    data = {
        "working_group": world.group.id,
        "title": "Благоустройство набережной",
        "short_title": "Набережная",
        "problem": "Набережная не благоустроена",
        "goal": "Создать общественное пространство",
        "expected_results": "Набережная открыта для жителей",
        "start_year": "2019",
        "end_year": "2021",
        "lead_organisation": world.lead.id,
        "responsible_person": "Иванова А. А.",
        "responsible_position": "Начальник управления",
        "risks": "Погода",
        "national_projects": [factories.national_project("housing").id],
        "strategy_priorities": [world.priority.id],
        "partners-0-organisation": world.partner.id,
        "partners-0-contribution": "Поддержка",
        "indicators-0-name": "Посетители",
        "indicators-0-unit": "тыс. чел.",
        "indicators-0-baseline": "0",
        "indicators-0-target": "50",
        "indicators-0-year": "2021",
        "resources-0-kind": "financial",
        "resources-0-description": "Благоустройство",
        "resources-0-amount": "95",
        "resources-0-unit": "млн руб.",
        "resources-0-year": "2020",
        "resources-0-funding_source": factories.funding_source("federal_budget").id,
        "resources-0-status": "requested",
        "resources-1-kind": "financial",
        "resources-1-description": "Проектирование",
        "resources-1-amount": "6 000",
        "resources-1-unit": "тыс. руб.",
        "resources-1-year": "2019",
        "resources-1-funding_source": factories.funding_source("local_budget").id,
        "resources-1-status": "secured",
        "stages-0-title": "Проектирование",
        "stages-0-starts_on": "2019-01-01",
        "stages-0-ends_on": "2019-06-30",
        "stages-0-deliverable": "Проект",
        "stages-0-responsible_organisation": world.lead.id,
        "stages-0-status": "planned",
        "stages-1-title": "Строительство",
        "stages-1-starts_on": "01.04.2020",
        "stages-1-ends_on": "30.09.2021",
        "stages-1-deliverable": "Набережная",
        "stages-1-responsible_organisation": world.lead.id,
        "stages-1-status": "planned",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
