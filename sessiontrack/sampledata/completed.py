"""The second demo session: a fictional town whose session has run the whole way to the forum.

«ЗАТО Северный» does not exist; everything here is invented and says so («вымышленный город»,
«Демонстрационный пример», ``is_demo``). The article's session stops at the expert review; this
one shows the rest: scorecards submitted, results published, projects recommended (and some
not), investors' interest, decisions done, and the forum book of the recommended passports.

It is built through the services a facilitator, the working groups and the experts use, in
the order they use them, each step dated on the demo's own calendar
(:mod:`.lifecycle`), so that every state, audit entry and figure is the one
the application itself would produce. :func:`load_completed_demo` builds it once: when the
session exists it only makes sure of the accounts and changes nothing. It flushes; the caller
commits. The town's data is in :mod:`.town`.
"""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from ..agenda import services as agenda
from ..agenda.models import DecisionStatus
from ..auth.models import User
from ..auth.services import create_user, find_user
from ..extensions import db
from ..people import services as people
from ..people.models import Participant
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
from .lifecycle import advance, dated
from .marks import DEMO_PASSWORD, EMAIL_DOMAIN
from .town import (
    ACCOUNTS,
    AGENDA,
    DECISIONS,
    DIRECTIONS,
    FICTION,
    FORUM,
    INTEREST,
    MLN_RUB,
    ORGANISATIONS,
    PRIORITIES,
    PROJECTS,
    SESSION,
    SLUG,
    Passport,
    town_hour,
)


def load_completed_demo() -> list[tuple[str, str, str]]:
    """Load the demo session «severny-demo» unless it exists. Flushes; the caller commits.

    :return: (role, e-mail, password) of its logins, for the CLI to print.
    """
    load_reference_data()
    users = {
        account.local_part: find_user(f"{account.local_part}@{EMAIL_DOMAIN}")
        or create_user(f"{account.local_part}@{EMAIL_DOMAIN}", account.full_name, DEMO_PASSWORD)
        for account in ACCOUNTS
    }
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=SLUG)) is None:
        _build(users)
    return [
        (account.description, f"{account.local_part}@{EMAIL_DOMAIN}", DEMO_PASSWORD)
        for account in ACCOUNTS
    ]


def _build(users: dict[str, User]) -> None:
    """The session from set-up to the forum, step by step as its people would take them."""
    facilitator = users["severny-facilitator"]
    with dated(town_hour(2, 20, 10), facilitator):
        strategic_session = _set_up()
        groups, organisations = _structure(strategic_session)
        participants = _people(strategic_session, users, groups, organisations)
    advance(strategic_session, town_hour(3, 14, 10), facilitator, "Сессия открыта.")
    with dated(town_hour(3, 14, 18), facilitator):
        _agenda(strategic_session, organisations)
    advance(strategic_session, town_hour(3, 14, 18), facilitator, "Группы представили проекты.")
    written = []
    for day, passport in enumerate(PROJECTS):
        moment = town_hour(3, 15 + day // 2, 12)
        with dated(moment, facilitator):
            written.append(_write(strategic_session, passport, users, groups, organisations))
        _stamp_submission(written[-1], moment)
    with dated(town_hour(3, 19, 10), facilitator):
        for project in written:
            projects.accept_project(project, facilitator, "Паспорт полный.")
    advance(strategic_session, town_hour(3, 19, 12), facilitator, "Паспорта приняты на экспертизу.")
    with dated(town_hour(3, 19, 14), facilitator):
        review.add_default_criteria(strategic_session, facilitator)
        review.open_review(strategic_session, facilitator, deadline=town_hour(3, 27, 18))
        review.assign_all(strategic_session, facilitator)
    for day, (project, passport) in enumerate(zip(written, PROJECTS, strict=True)):
        moment = town_hour(3, 20 + day, 15)
        with dated(moment, facilitator):
            _score(strategic_session, project, passport, participants, users, moment)
    with dated(town_hour(3, 27, 11), facilitator):
        _interest(strategic_session, written, participants, users)
    with dated(town_hour(3, 28, 10), facilitator):
        review.close_review(strategic_session, facilitator)
        review.publish_results(strategic_session, facilitator)
    with dated(town_hour(3, 28, 12), facilitator):
        for project, passport in zip(written, PROJECTS, strict=True):
            projects.recommend_project(
                project,
                facilitator,
                recommended=passport.recommended,
                comment="По итогам экспертизы."
                if passport.recommended
                else "Доработать паспорт и подать на следующую сессию.",
            )
    with dated(town_hour(4, 1, 12), facilitator):
        _decisions_done(strategic_session)
    with dated(town_hour(4, 2, 12), facilitator):
        _forum_package(strategic_session, facilitator, town_hour(4, 2, 12))
    advance(strategic_session, town_hour(4, 3, 18), facilitator, "Книга форума готова.")


def _set_up() -> StrategicSession:
    strategic_session = sessions.create_session(slug=SLUG, **SESSION)
    # Flags the set-up screens do not edit: a demo session, its projects open to observers.
    strategic_session.is_demo = True
    strategic_session.projects_published = True
    sessions.save_forum(strategic_session, **FORUM)
    for title in PRIORITIES.values():
        sessions.add_priority(strategic_session, title=title, description=FICTION)
    return strategic_session


def _structure(strategic_session: StrategicSession) -> tuple[dict, dict]:
    """Directions with a working group each, and the organisations; both by key."""
    groups = {}
    for number, (key, title) in enumerate(DIRECTIONS.items(), start=1):
        direction = sessions.add_direction(strategic_session, title=title)
        groups[key] = sessions.add_group(direction, title=f"Рабочая группа {number}: {title}")
    organisations = {}
    for key, (name, kind) in ORGANISATIONS.items():
        organisations[key] = people.add_organisation(
            strategic_session, name=name, kind=kind, description=FICTION
        )
        organisations[key].is_demo = True
    return groups, organisations


def _people(strategic_session, users, groups, organisations) -> dict[str, Participant]:
    """A participant per account (their role is their account's access); by local part."""
    participants = {}
    for account in ACCOUNTS:
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


def _agenda(strategic_session, organisations) -> None:
    """The day's agenda and the decisions of its wrap-up (all still to do)."""
    items = [
        agenda.add_item(
            strategic_session, title=title, starts_at=starts_at, ends_at=ends_at, notes=FICTION
        )
        for title, starts_at, ends_at in AGENDA
    ]
    for text, responsible, organisation, due_on in DECISIONS:
        agenda.add_decision(
            strategic_session,
            text=text,
            agenda_item_id=items[-1].id,
            responsible=responsible,
            responsible_organisation_id=organisations[organisation].id,
            due_on=due_on,
            status=DecisionStatus.OPEN,
        )


def _write(strategic_session, passport: Passport, users, groups, organisations) -> Project:
    """The group's moderator writes the passport and submits it."""
    author = next(users[a.local_part] for a in ACCOUNTS if a.direction == passport.direction)
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
            "strategy_priority_ids": [priorities[PRIORITIES[passport.priority]]],
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


def _interest(strategic_session, written, participants, users) -> None:
    """The investor marks the projects they would discuss at the forum."""
    investor = participants["severny-investor"]
    for project in written:
        if project.short_title not in INTEREST:
            continue
        note, form, low, high = INTEREST[project.short_title]
        terms = review.InterestTerms(
            form=ParticipationForm(form),
            amount_from=Decimal(low) if low else None,
            amount_to=Decimal(high) if high else None,
            note=note,
        )
        review.mark_interest(strategic_session, investor, project, terms, users["severny-investor"])


def _decisions_done(strategic_session) -> None:
    """Everything decided at the wrap-up is done before the forum."""
    for decision in agenda.decisions_of(strategic_session):
        agenda.update_decision(decision, strategic_session, status=DecisionStatus.DONE)


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
