"""Loading the demo data set: the Zheleznogorsk session of 1 November 2018 from the article.

The data is in :mod:`.article`, :mod:`.article_projects` and :mod:`.article_review`.

The session, its speakers and their talks, the named organisations, the four directions and the
forum are facts of the article. Everything else (strategy priorities, the business, public and
expert organisations, working-group members, experts, projects and scores) is illustrative and
says so in the data: ``is_demo`` where the model has it, «Демонстрационный пример» or «(демо)»
in the text where it has not.

:func:`load_demo` adds only what is missing, looking each row up by its natural key, and never
changes a row that exists: running it again changes nothing. It flushes; the caller commits.
The stage changes that brought the session to the expert review go through the lifecycle
service, dated on the days they happened, once: the lifecycle page shows them.
"""

from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ..agenda.models import AgendaItem, Decision, Talk
from ..auth.models import User
from ..auth.services import create_user, find_user
from ..extensions import db
from ..people.models import Organisation, Participant, ParticipantRole
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
from ..reference.data import load_reference_data
from ..reference.models import FundingSource, NationalProject
from ..review.models import Criterion, Score, Scorecard, ScorecardState
from ..sessions.models import (
    Direction,
    Forum,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from .article import (
    ACCOUNTS,
    AGENDA,
    AGENDA_NOTE,
    DIRECTIONS,
    FORUM,
    ORGANISATIONS,
    SESSION,
    SPEAKERS,
    STRATEGY_PRIORITIES,
)
from .article_projects import PROJECTS, PROJECTS_SUBMITTED_AT
from .article_review import (
    CRITERIA,
    LIFECYCLE_STEPS,
    SCORECARDS,
    SCORECARDS_SUBMITTED_FROM,
    ScorecardRow,
)
from .lifecycle import advance, has_lifecycle_history
from .marks import DEMO_MARK, DEMO_PASSWORD, EMAIL_DOMAIN


def load_demo() -> list[tuple[str, str, str]]:
    """Load the demo session «zheleznogorsk-2018», adding only what is missing.

    Loads the reference lists first. Flushes; the caller commits.

    :return: (role, e-mail, password) of every demo login, for the CLI to print.
    """
    load_reference_data()
    strategic_session = _load_session()
    organisations = _load_organisations(strategic_session)
    groups = _load_directions(strategic_session)
    people = _load_speakers(strategic_session, organisations)
    logins, users, participants = _load_accounts(strategic_session, organisations, groups)
    people.update(participants)
    _load_lifecycle(strategic_session, users["facilitator"])
    _load_agenda(strategic_session, people, organisations)
    projects = _load_projects(strategic_session, organisations, groups, users)
    _load_review(strategic_session, projects, people)
    return logins


def _find(model, **key):
    return db.session.scalar(sa.select(model).filter_by(**key))


def _add(model, **values):
    row = model(**values)
    db.session.add(row)
    db.session.flush()
    return row


def _find_or_add(model, key: dict, **values):
    """The row of ``model`` with the natural ``key``, or a new one with ``values`` as well."""
    return _find(model, **key) or _add(model, **key, **values)


def _load_session() -> StrategicSession:
    """The session by its slug, with its strategy priorities and forum."""
    fields = {name: value for name, value in SESSION.items() if name != "slug"}
    strategic_session = _find_or_add(StrategicSession, {"slug": SESSION["slug"]}, **fields)
    for position, (title, description) in enumerate(STRATEGY_PRIORITIES.values(), start=1):
        _find_or_add(
            StrategyPriority,
            {"session_id": strategic_session.id, "title": title},
            description=f"{DEMO_MARK}: {description}",
            position=position,
            is_demo=True,
        )
    _find_or_add(Forum, {"session_id": strategic_session.id}, **FORUM)
    return strategic_session


def _load_lifecycle(strategic_session: StrategicSession, facilitator: User) -> None:
    """The stage changes that brought the session to its stage, unless the log has them."""
    if has_lifecycle_history(strategic_session):
        return
    stage = strategic_session.state
    strategic_session.state = SessionState.SETUP
    for moment, comment in LIFECYCLE_STEPS:
        if strategic_session.state == stage:
            break
        advance(strategic_session, moment, facilitator, comment)


def _load_organisations(strategic_session: StrategicSession) -> dict[str, Organisation]:
    return {
        key: _find_or_add(
            Organisation,
            {"session_id": strategic_session.id, "name": fields["name"]},
            **{name: value for name, value in fields.items() if name != "name"},
        )
        for key, fields in ORGANISATIONS.items()
    }


def _load_directions(strategic_session: StrategicSession) -> dict[str, WorkingGroup]:
    """Directions in the article's order, one working group each; returns the groups."""
    groups = {}
    for position, (key, title) in enumerate(DIRECTIONS.items(), start=1):
        direction = _find_or_add(
            Direction, {"session_id": strategic_session.id, "title": title}, position=position
        )
        groups[key] = _find_or_add(
            WorkingGroup,
            {"session_id": strategic_session.id, "title": f"Рабочая группа {position}: {title}"},
            direction_id=direction.id,
            position=position,
        )
    return groups


def _load_speakers(
    strategic_session: StrategicSession, organisations: dict[str, Organisation]
) -> dict[str, Participant]:
    return {
        key: _find_or_add(
            Participant,
            {"session_id": strategic_session.id, "full_name": speaker["full_name"]},
            position=speaker["position"],
            organisation_id=organisations[speaker["organisation"]].id,
            role=ParticipantRole.SPEAKER,
        )
        for key, speaker in SPEAKERS.items()
    }


def _load_accounts(
    strategic_session: StrategicSession,
    organisations: dict[str, Organisation],
    groups: dict[str, WorkingGroup],
) -> tuple[list[tuple[str, str, str]], dict[str, User], dict[str, Participant]]:
    """Demo users and their participant rows (a row's role is the account's access).

    :return: the logins, the users and the participants, both by e-mail local part.
    """
    logins, users, participants = [], {}, {}
    for account in ACCOUNTS:
        email = f"{account.local_part}@{EMAIL_DOMAIN}"
        user = find_user(email) or create_user(
            email, account.full_name, DEMO_PASSWORD, is_admin=account.is_admin
        )
        logins.append((account.description, email, DEMO_PASSWORD))
        users[account.local_part] = user
        if account.role is None:
            continue
        group_id = groups[account.direction].id if account.direction else None
        participants[account.local_part] = _find_or_add(
            Participant,
            {"session_id": strategic_session.id, "user_id": user.id},
            full_name=account.full_name,
            email=email,
            position=account.position,
            organisation_id=organisations[account.organisation].id
            if account.organisation
            else None,
            role=account.role,
            expert_kind=account.expert_kind,
            working_group_id=group_id,
            is_demo=True,
        )
    return logins, users, participants


def _load_agenda(
    strategic_session: StrategicSession,
    people: dict[str, Participant],
    organisations: dict[str, Organisation],
) -> None:
    for position, item in enumerate(AGENDA, start=1):
        agenda_item = _find_or_add(
            AgendaItem,
            {"session_id": strategic_session.id, "title": item["title"]},
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            description=item.get("description", ""),
            notes=AGENDA_NOTE,
            position=position,
        )
        for talk_position, (speaker, title, key_points) in enumerate(item.get("talks", []), 1):
            _find_or_add(
                Talk,
                {"agenda_item_id": agenda_item.id, "title": title},
                speaker_id=people[speaker].id,
                key_points=key_points,
                position=talk_position,
            )
        for decision_position, decision in enumerate(item.get("decisions", []), start=1):
            _find_or_add(
                Decision,
                {"session_id": strategic_session.id, "text": decision["text"]},
                agenda_item_id=agenda_item.id,
                responsible=decision["responsible"],
                responsible_organisation_id=organisations[decision["organisation"]].id,
                due_on=decision["due_on"],
                status=decision["status"],
                position=decision_position,
            )


def _load_projects(
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
        project = _find(Project, session_id=strategic_session.id, title=data["title"])
        if project is None:
            group = groups[data["direction"]]
            project = _add(
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
                _add(
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


def _load_review(
    strategic_session: StrategicSession,
    projects: dict[str, Project],
    people: dict[str, Participant],
) -> None:
    """The criteria, then one scorecard per expert × accepted project with its scores."""
    criteria = [
        _find_or_add(
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
            if _find(Scorecard, project_id=project.id, expert_id=expert.id) is None:
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
    db.session.add(scorecard)
    db.session.flush()
