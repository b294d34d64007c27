"""The second demo session: a fictional town whose session has run the whole way to the forum
and on to the implementation of its recommended projects.

«ЗАТО Северный» does not exist; everything here is invented and says so («вымышленный город»,
«Демонстрационный пример», ``is_demo``). The article's session stops at the expert review; this
one shows the rest: scorecards submitted, results published, projects recommended (and some
not), investors' interest, decisions done, and the forum book of the recommended passports.

It is built through the services a facilitator, the working groups and the experts use, in
the order they use them, each step dated on the demo's own calendar
(:mod:`.lifecycle`), so that every state, audit entry and figure is the one
the application itself would produce. :func:`load_completed_demo` builds it once: when the
session exists it only makes sure of the accounts and changes nothing. It flushes; the caller
commits. The town's data is in :mod:`.town`; a second fictional town's, built the same way, in
:mod:`.town_east`.
"""

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa

from ..agenda import services as agenda
from ..agenda.models import DecisionStatus
from ..auth.models import User
from ..auth.services import create_user, find_user
from ..catalogue import services as catalogue
from ..catalogue import settings as catalogue_settings
from ..extensions import db
from ..people import services as people
from ..people.models import ExpertKind, Participant, ParticipantRole
from ..projects import implementation as progress
from ..projects import services as projects
from ..projects.models import Project, StageStatus
from ..reference.data import load_reference_data
from ..reference.models import FundingSource, NationalProject
from ..review import adoption
from ..review import package as forum_package
from ..review import services as review
from ..review.models import ParticipationForm, Scorecard
from ..review.queries import session_criteria
from ..sessions import services as sessions
from ..sessions.models import StrategicSession
from . import town as severny
from .lifecycle import advance, dated
from .marks import DEMO_PASSWORD, EMAIL_DOMAIN
from .town import MLN_RUB, TOWN_TIME, Passport
from .town_progress import IMPLEMENTATION_STARTS, PROGRESS

# The first fictional town's session (the demo command prints it).
SLUG = severny.SLUG


def load_completed_demo(town=severny) -> list[tuple[str, str, str]]:
    """Load the fictional ``town``'s demo session (a data module such as :mod:`.town`, whose
    session is «severny-demo»: the default) unless it exists. Flushes; the caller commits.

    :return: (role, e-mail, password) of its logins, for the CLI to print.
    """
    load_reference_data()
    users = {
        account.local_part: find_user(f"{account.local_part}@{EMAIL_DOMAIN}")
        or create_user(f"{account.local_part}@{EMAIL_DOMAIN}", account.full_name, DEMO_PASSWORD)
        for account in town.ACCOUNTS
    }
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=town.SLUG)) is None:
        _build(users, town)
    return [
        (account.description, f"{account.local_part}@{EMAIL_DOMAIN}", DEMO_PASSWORD)
        for account in town.ACCOUNTS
    ]


def _build(users: dict[str, User], town) -> None:
    """The session from set-up to the forum, step by step as its people would take them."""
    facilitator = next(
        users[a.local_part] for a in town.ACCOUNTS if a.role == ParticipantRole.FACILITATOR
    )
    with dated(town.town_hour(2, 20, 10), facilitator):
        strategic_session = _set_up(town)
        groups, organisations = _structure(strategic_session, town)
        participants = _people(strategic_session, users, groups, organisations, town)
    advance(strategic_session, town.town_hour(3, 14, 10), facilitator, "Сессия открыта.")
    with dated(town.town_hour(3, 14, 18), facilitator):
        _agenda(strategic_session, organisations, town)
    advance(
        strategic_session, town.town_hour(3, 14, 18), facilitator, "Группы представили проекты."
    )
    written = []
    for day, passport in enumerate(town.PROJECTS):
        moment = town.town_hour(3, 15 + day // 2, 12)
        with dated(moment, facilitator):
            written.append(_write(strategic_session, passport, users, groups, organisations, town))
        _stamp_submission(written[-1], moment)
    with dated(town.town_hour(3, 19, 10), facilitator):
        for project in written:
            projects.accept_project(project, facilitator, "Паспорт полный.")
    advance(
        strategic_session, town.town_hour(3, 19, 12), facilitator, "Паспорта приняты на экспертизу."
    )
    with dated(town.town_hour(3, 19, 14), facilitator):
        review.add_default_criteria(strategic_session, facilitator)
        review.open_review(strategic_session, facilitator, deadline=town.town_hour(3, 27, 18))
        review.assign_all(strategic_session, facilitator)
    for day, (project, passport) in enumerate(zip(written, town.PROJECTS, strict=True)):
        moment = town.town_hour(3, 20 + day, 15)
        with dated(moment, facilitator):
            _score(strategic_session, project, passport, participants, users, moment)
    with dated(town.town_hour(3, 27, 11), facilitator):
        _interest(strategic_session, written, participants, users, town)
    with dated(town.town_hour(3, 28, 10), facilitator):
        review.close_review(strategic_session, facilitator)
        review.publish_results(strategic_session, facilitator)
    with dated(town.town_hour(3, 28, 12), facilitator):
        for project, passport in zip(written, town.PROJECTS, strict=True):
            projects.recommend_project(
                project,
                facilitator,
                recommended=passport.recommended,
                comment="По итогам экспертизы."
                if passport.recommended
                else "Доработать паспорт и подать на следующую сессию.",
            )
    with dated(town.town_hour(4, 1, 12), facilitator):
        _decisions_done(strategic_session)
    if town is severny:
        # The first town's forum adopts a package within its funds (its data: .town).
        with dated(town.town_hour(4, 2, 12), facilitator):
            _forum_package(strategic_session, facilitator, town.town_hour(4, 2, 12))
    with dated(town.town_hour(4, 2, 10), facilitator):
        _catalogue_public(strategic_session, town.town_hour(4, 2, 10))
    advance(strategic_session, town.town_hour(4, 3, 18), facilitator, "Книга форума готова.")
    if town is severny:
        # The first town's groups go on to record their progress (its data: .town_progress).
        _implementation(strategic_session, users)


def _set_up(town) -> StrategicSession:
    strategic_session = sessions.create_session(slug=town.SLUG, **town.SESSION)
    # Flags the set-up screens do not edit: a demo session, its projects open to observers.
    strategic_session.is_demo = True
    strategic_session.projects_published = True
    sessions.save_forum(strategic_session, **town.FORUM)
    for title in town.PRIORITIES.values():
        sessions.add_priority(strategic_session, title=title, description=town.FICTION)
    return strategic_session


def _structure(strategic_session: StrategicSession, town) -> tuple[dict, dict]:
    """Directions with a working group each, and the organisations; both by key."""
    groups = {}
    for number, (key, title) in enumerate(town.DIRECTIONS.items(), start=1):
        direction = sessions.add_direction(strategic_session, title=title)
        groups[key] = sessions.add_group(direction, title=f"Рабочая группа {number}: {title}")
    organisations = {}
    for key, (name, kind) in town.ORGANISATIONS.items():
        organisations[key] = people.add_organisation(
            strategic_session, name=name, kind=kind, description=town.FICTION
        )
        organisations[key].is_demo = True
    return groups, organisations


def _people(strategic_session, users, groups, organisations, town) -> dict[str, Participant]:
    """A participant per account (their role is their account's access); by local part."""
    participants = {}
    for account in town.ACCOUNTS:
        participant = people.add_participant(
            strategic_session,
            full_name=account.full_name,
            email=f"{account.local_part}@{EMAIL_DOMAIN}",
            organisation_id=organisations[account.organisation].id
            if account.organisation
            else None,
            role=account.role,
            expert_kind=account.expert_kind,
            working_group_id=groups[account.direction].id if account.direction else None,
            user_id=users[account.local_part].id,
            is_demo=True,
        )
        participants[account.local_part] = participant
    return participants


def _agenda(strategic_session, organisations, town) -> None:
    """The day's agenda and the decisions of its wrap-up (all still to do)."""
    items = [
        agenda.add_item(
            strategic_session, title=title, starts_at=starts_at, ends_at=ends_at, notes=town.FICTION
        )
        for title, starts_at, ends_at in town.AGENDA
    ]
    for text, responsible, organisation, due_on in town.DECISIONS:
        agenda.add_decision(
            strategic_session,
            text=text,
            agenda_item_id=items[-1].id,
            responsible=responsible,
            responsible_organisation_id=organisations[organisation].id,
            due_on=due_on,
            status=DecisionStatus.OPEN,
        )


def _write(strategic_session, passport: Passport, users, groups, organisations, town) -> Project:
    """The group's moderator writes the passport and submits it."""
    author = next(users[a.local_part] for a in town.ACCOUNTS if a.direction == passport.direction)
    national = {row.code: row.id for row in db.session.scalars(sa.select(NationalProject))}
    sources = {row.code: row.id for row in db.session.scalars(sa.select(FundingSource))}
    priorities = {p.title: p.id for p in strategic_session.priorities}
    name, unit, baseline, target = passport.indicator
    start, end = passport.years
    partner, contribution = passport.partner
    person, position = passport.responsible
    project = projects.create_project(
        strategic_session,
        author,
        {
            "working_group_id": groups[passport.direction].id,
            "title": passport.title,
            "short_title": passport.short_title,
            "problem": passport.problem,
            "goal": passport.goal,
            "expected_results": passport.expected_results,
            "start_year": start,
            "end_year": end,
            "lead_organisation_id": organisations[passport.lead].id,
            "responsible_person": person,
            "responsible_position": position,
            "risks": passport.risks,
            "national_project_ids": [national[code] for code in passport.national_projects],
            "strategy_priority_ids": [priorities[town.PRIORITIES[passport.priority]]],
            "partners": [
                {"organisation_id": organisations[partner].id, "contribution": contribution}
            ],
            "indicators": [
                {
                    "name": name,
                    "unit": unit,
                    "baseline": Decimal(baseline),
                    "target": Decimal(target),
                    "year": end,
                }
            ],
            "resources": [
                {
                    "kind": kind,
                    "description": description,
                    "amount": Decimal(amount),
                    "unit": MLN_RUB,
                    "year": year,
                    "funding_source_id": sources[source],
                    "status": status,
                }
                for kind, description, amount, year, source, status in passport.resources
            ],
            "stages": [
                {
                    "title": title,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "deliverable": deliverable,
                    "responsible_organisation_id": organisations[organisation].id,
                    "status": StageStatus.PLANNED,
                }
                for title, starts_on, ends_on, deliverable, organisation in passport.stages
            ],
        },
    )
    project.is_demo = True
    projects.submit_project(project, author, "Паспорт готов.")
    return project


def _stamp_submission(project: Project, moment: datetime) -> None:
    """The submission and its revision happened on the demo's day, not today."""
    project.submitted_at = moment
    for revision in project.revisions:
        revision.created_at = moment
    db.session.flush()


def _score(strategic_session, project, passport: Passport, participants, users, moment) -> None:
    """Each expert scores the project and submits the scorecard."""
    criteria = session_criteria(strategic_session)
    for local_part, (values, comment) in passport.scores.items():
        scorecard = db.session.scalar(
            sa.select(Scorecard).filter_by(
                project_id=project.id, expert_id=participants[local_part].id
            )
        )
        expert = users[local_part]
        review.save_scorecard(
            strategic_session,
            scorecard,
            expert,
            values={c.id: v for c, v in zip(criteria, values, strict=True)},
            comment=comment,
        )
        review.submit_scorecard(strategic_session, scorecard, expert)
        scorecard.submitted_at = moment
    db.session.flush()


def _interest(strategic_session, written, participants, users, town) -> None:
    """The investor marks the projects they would discuss at the forum."""
    local_part = next(a.local_part for a in town.ACCOUNTS if a.expert_kind == ExpertKind.INVESTOR)
    investor = participants[local_part]
    for project in written:
        if project.short_title not in town.INTEREST:
            continue
        note, form, low, high = town.INTEREST[project.short_title]
        terms = review.InterestTerms(
            form=ParticipationForm(form),
            amount_from=Decimal(low) if low else None,
            amount_to=Decimal(high) if high else None,
            note=note,
        )
        review.mark_interest(strategic_session, investor, project, terms, users[local_part])


def _decisions_done(strategic_session) -> None:
    """Everything decided at the wrap-up is done before the forum."""
    for decision in agenda.decisions_of(strategic_session):
        agenda.update_decision(decision, strategic_session, status=DecisionStatus.DONE)


def _implementation(strategic_session, users) -> None:
    """After the forum the session moves on to its implementation, and the groups (the money:
    the facilitator) record their projects' progress (:mod:`.town_progress`), each on its day."""
    facilitator = users["severny-facilitator"]
    advance(
        strategic_session,
        IMPLEMENTATION_STARTS,
        facilitator,
        "Форум прошёл: рекомендованные проекты переходят к реализации.",
    )
    projects_by_title = {
        project.short_title: project
        for project in db.session.scalars(
            sa.select(Project).filter_by(session_id=strategic_session.id)
        )
    }
    sources = dict(db.session.execute(sa.select(FundingSource.code, FundingSource.id)).all())
    for title, record in PROGRESS.items():
        project, user = projects_by_title[title], users[record["recorder"]]
        stages = {stage.title: stage for stage in project.stages}
        for stage_title, start, end, status, day in record["stages"]:
            stage = stages[stage_title]
            with dated(_town_noon(day), user):
                progress.record_stage(
                    user,
                    stage,
                    strategic_session,
                    actual_start=start,
                    actual_end=end,
                    status=status,
                    seen=progress.stage_token(stage),
                )
        for year, value, day in record["indicator"]:
            with dated(_town_noon(day), user):
                progress.record_indicator_value(
                    user,
                    project.indicators[0],
                    strategic_session,
                    year=year,
                    value=value,
                    seen=None,
                )
        for code, day, amount, document in record["money"]:
            with dated(_town_noon(day), facilitator):
                progress.add_secured_funding(
                    facilitator,
                    project,
                    strategic_session,
                    funding_source_id=sources[code],
                    secured_on=day,
                    amount=Decimal(amount),
                    document=document,
                )
        for period, text, day in record["reports"]:
            with dated(_town_noon(day), user):
                progress.add_report(
                    user, project, strategic_session, period=period, text=text, reported_on=day
                )


def _town_noon(day) -> datetime:
    """Noon of ``day`` in the fictional town."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=TOWN_TIME).astimezone(UTC)


def _catalogue_public(strategic_session, moment: datetime) -> None:
    """The facilitator publishes the catalogue of the recommended projects for the forum's
    visitors, with their aggregate scores and ranks besides the defaults."""
    catalogue_settings.change_parts(
        strategic_session, {"score": True}, catalogue_settings.parts_token(strategic_session)
    )
    catalogue.publish(strategic_session)
    # Published on the demo's day, not today.
    strategic_session.catalogue_published_at = moment
    db.session.flush()


def _forum_package(strategic_session, facilitator, moment: datetime) -> None:
    """The forum's funds (million roubles, by source and year; two pitch slots per direction)
    and the package adopted within them: the federal money does not cover the lake trail's
    request, so three of the four recommended projects make the forum's package."""
    sources = {row.code: row.id for row in db.session.scalars(sa.select(FundingSource))}
    funds = {
        (sources[code], year): Decimal(amount)
        for code, year, amount in (
            ("federal_budget", 2020, "50"),
            ("regional_budget", 2020, "10"),
            ("grants", 2020, "25"),
            ("ppp", 2020, "40"),
        )
    }
    slots = {direction.id: 2 for direction in strategic_session.directions}
    forum_package.save_limits(strategic_session, funds, slots)
    proposal = forum_package.build(strategic_session)
    adopted, _changed = adoption.adopt(
        strategic_session, facilitator, adoption.fingerprint(proposal)
    )
    adopted.adopted_at = moment
