"""Loading the demo's projects, their passports and their review (criteria and scorecards) from
:mod:`.article_projects` and :mod:`.article_review`; an existing row is kept as it is."""

from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ..auth.models import User
from ..extensions import db
from ..people.models import Organisation, Participant
from ..projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceNeed,
    Stage,
)
from ..projects.passport import snapshot as passport_snapshot
from ..reference.models import FundingSource, NationalProject
from ..review.models import Criterion, Score, Scorecard, ScorecardState
from ..review.services.totals import refresh_scorecard
from ..sessions.models import StrategicSession, StrategyPriority, WorkingGroup
from .article import ACCOUNTS, STRATEGY_PRIORITIES
from .article_projects import PROJECTS, PROJECTS_SUBMITTED_AT
from .article_review import CRITERIA, SCORECARDS, SCORECARDS_SUBMITTED_FROM, ScorecardRow
from .demo_rows import add, find, find_or_add


def load_projects(
    strategic_session: StrategicSession,
    organisations: dict[str, Organisation],
    groups: dict[str, WorkingGroup],
    users: dict[str, User],
) -> dict[str, Project]:
    """The demo projects by key; an existing one (same title) is kept as it is, passport and all."""
    authors = {
        account.direction: users[account.local_part] for account in ACCOUNTS if account.direction
    }
    priorities = {
        priority.title: priority
        for priority in db.session.scalars(
            sa.select(StrategyPriority).filter_by(session_id=strategic_session.id)
        )
    }
    national_projects = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    funding_sources = {row.code: row for row in db.session.scalars(sa.select(FundingSource))}
    projects = {}
    for key, data in PROJECTS.items():
        project = find(Project, session_id=strategic_session.id, title=data["title"])
        if project is None:
            group = groups[data["direction"]]
            project = add(
                Project,
                session_id=strategic_session.id,
                direction_id=group.direction_id,
                working_group_id=group.id,
                title=data["title"],
                short_title=data["short_title"],
                problem=data["problem"],
                goal=data["goal"],
                expected_results=data["expected_results"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                lead_organisation_id=organisations[data["lead"]].id,
                responsible_person=data["responsible_person"],
                responsible_position=data["responsible_position"],
                risks=data["risks"],
                state=data["state"],
                remarks=data.get("remarks", ""),
                is_demo=True,
                created_by_id=authors[data["direction"]].id,
                submitted_at=None if data["state"] is ProjectState.DRAFT else PROJECTS_SUBMITTED_AT,
                national_projects=[national_projects[code] for code in data["national_projects"]],
                strategy_priorities=[
                    priorities[STRATEGY_PRIORITIES[priority][0]] for priority in data["priorities"]
                ],
            )
            _add_passport_rows(project, data, organisations, funding_sources)
            if data["state"] is not ProjectState.DRAFT:
                # The submission kept its revision, as every submission does.
                add(
                    ProjectRevision,
                    project_id=project.id,
                    number=1,
                    created_at=PROJECTS_SUBMITTED_AT,
                    created_by_id=project.created_by_id,
                    snapshot=passport_snapshot(project),
                )
        projects[key] = project
    return projects


def _add_passport_rows(
    project: Project,
    data: dict,
    organisations: dict[str, Organisation],
    funding_sources: dict[str, FundingSource],
) -> None:
    """Partners, indicators, resources and stages of a new demo project."""
    for organisation, contribution in data["partners"]:
        db.session.add(
            ProjectPartner(
                project_id=project.id,
                organisation_id=organisations[organisation].id,
                contribution=contribution,
            )
        )
    for position, row in enumerate(data["indicators"], start=1):
        db.session.add(
            Indicator(
                project_id=project.id,
                name=row.name,
                unit=row.unit,
                baseline=Decimal(row.baseline),
                target=Decimal(row.target),
                year=row.year,
                position=position,
            )
        )
    for position, row in enumerate(data["resources"], start=1):
        db.session.add(
            ResourceNeed(
                project_id=project.id,
                kind=row.kind,
                description=row.description,
                amount=Decimal(row.amount),
                unit=row.unit,
                year=row.year,
                funding_source_id=funding_sources[row.funding_source].id
                if row.funding_source
                else None,
                status=row.status,
                position=position,
            )
        )
    for position, row in enumerate(data["stages"], start=1):
        db.session.add(
            Stage(
                project_id=project.id,
                title=row.title,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                deliverable=row.deliverable,
                responsible_organisation_id=organisations[row.organisation].id,
                position=position,
            )
        )
    db.session.flush()


def load_review(
    strategic_session: StrategicSession,
    projects: dict[str, Project],
    people: dict[str, Participant],
) -> None:
    """The criteria, then one scorecard per expert × accepted project with its scores."""
    criteria = [
        find_or_add(
            Criterion,
            {"session_id": strategic_session.id, "title": criterion["title"]},
            description=criterion["description"],
            weight=criterion["weight"],
            counted=True,
            scale_min=0,
            scale_max=10,
            level_descriptions=criterion["level_descriptions"],
            position=position,
        )
        for position, criterion in enumerate(CRITERIA, start=1)
    ]
    submitted_at = SCORECARDS_SUBMITTED_FROM
    for project_key, scorecards in SCORECARDS.items():
        for expert_key, row in scorecards.items():
            project, expert = projects[project_key], people[expert_key]
            if find(Scorecard, project_id=project.id, expert_id=expert.id) is None:
                _add_scorecard(project, expert, criteria, row, submitted_at)
            if row.submitted:
                submitted_at += timedelta(hours=1)


def _add_scorecard(
    project: Project,
    expert: Participant,
    criteria: list[Criterion],
    row: ScorecardRow,
    submitted_at: datetime,
) -> None:
    """A scorecard with a score for each criterion the row has a value for."""
    scorecard = Scorecard(
        project_id=project.id,
        expert_id=expert.id,
        state=ScorecardState.SUBMITTED if row.submitted else ScorecardState.DRAFT,
        comment=row.comment,
        submitted_at=submitted_at if row.submitted else None,
        scores=[
            Score(
                criterion_id=criterion.id,
                scale_min=criterion.scale_min,
                scale_max=criterion.scale_max,
                value=value,
            )
            for criterion, value in zip(criteria, row.values, strict=True)
            if value is not None
        ],
    )
    refresh_scorecard(scorecard, criteria)
    db.session.add(scorecard)
    db.session.flush()
