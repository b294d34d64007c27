"""The second demo session: a fictional town, run the whole way to the forum through the
services, idempotent like the article's session."""

import io
import re
from datetime import date
from decimal import Decimal

import pypdf
import pytest
import sqlalchemy as sa

from sessiontrack.agenda.models import Decision, DecisionStatus
from sessiontrack.audit.models import AuditEntry
from sessiontrack.auth.services import authenticate, find_user
from sessiontrack.exports import services as exports
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Project,
    ProjectState,
    SecuredFunding,
    StageStatus,
)
from sessiontrack.projects.portfolio import portfolio
from sessiontrack.review import adoption, package
from sessiontrack.review.defaults import DEFAULT_CRITERIA
from sessiontrack.review.models import InvestorInterest, Scorecard, ScorecardState
from sessiontrack.sampledata.completed import SLUG, load_completed_demo
from sessiontrack.sampledata.marks import DEMO_PASSWORD
from sessiontrack.sampledata.town import ACCOUNTS, INTEREST
from sessiontrack.sampledata.town_progress import AS_OF
from sessiontrack.sessions.models import ReviewState, SessionState, StrategicSession

from .lifecycle_support import entry_times, lifecycle_history, stage_changes

# By the experts' weighted means; the first four are recommended for the forum.
RANKING = [
    "Коворкинг-цех",
    "Умный учёт",
    "Озёрная тропа",
    "Школа предпринимательства",
    "Котельная на биотопливе",
    "Медиацентр",
]
FACILITATOR = "severny-facilitator@demo.sessiontrack.example"
OBSERVER = "severny-observer@demo.sessiontrack.example"


@pytest.fixture
def logins(db):
    result = load_completed_demo()
    db.session.commit()
    return result


@pytest.fixture
def completed(logins, db) -> StrategicSession:
    return db.session.scalar(sa.select(StrategicSession).filter_by(slug=SLUG))


def _projects(db, strategic_session) -> dict[str, Project]:
    rows = db.session.scalars(sa.select(Project).filter_by(session_id=strategic_session.id))
    return {project.short_title: project for project in rows}


def table_counts(db) -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_loading_twice_changes_nothing(db):
    first = load_completed_demo()
    db.session.commit()
    counts = table_counts(db)
    versions = set(db.session.execute(sa.select(Project.id, Project.version_id)))

    second = load_completed_demo()
    db.session.commit()

    assert second == first
    assert table_counts(db) == counts
    assert set(db.session.execute(sa.select(Project.id, Project.version_id))) == versions


def test_a_fictional_town_marked_as_such_in_implementation(completed, db, logins):
    assert "вымышленный город" in completed.title
    assert completed.is_demo and completed.description.startswith("Демонстрационный пример")
    assert completed.state is SessionState.IMPLEMENTATION
    assert completed.review_state is ReviewState.PUBLISHED
    projects = _projects(db, completed)
    assert all(project.is_demo for project in projects.values())
    states = {title: project.state for title, project in projects.items()}
    assert states == {
        title: ProjectState.RECOMMENDED if rank < 4 else ProjectState.NOT_RECOMMENDED
        for rank, title in enumerate(RANKING)
    }
    scorecards = db.session.scalars(
        sa.select(Scorecard).join(Project).filter(Project.session_id == completed.id)
    ).all()
    # Every expert of the town's accounts scores every project on the standard criteria.
    experts = [account for account in ACCOUNTS if account.role is ParticipantRole.EXPERT]
    assert len(scorecards) == len(experts) * len(RANKING)
    assert {s.state for s in scorecards} == {ScorecardState.SUBMITTED}
    assert all(len(s.scores) == len(DEFAULT_CRITERIA) and s.comment for s in scorecards)
    interest = db.session.scalars(
        sa.select(InvestorInterest).join(Project).filter(Project.session_id == completed.id)
    ).all()
    assert {i.project.short_title for i in interest} == set(INTEREST)
    decisions = db.session.scalars(sa.select(Decision).filter_by(session_id=completed.id)).all()
    assert decisions and {d.status for d in decisions} == {DecisionStatus.DONE}
    for _role, email, password in logins:
        assert authenticate(email, password) is not None, email


def test_the_forum_book_has_the_recommended_passports(completed, db):
    facilitator = find_user(FACILITATOR)
    export = exports.build(completed, exports.ExportRequest("pdf", "book"), user=facilitator)
    reader = pypdf.PdfReader(io.BytesIO(export.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Проектов, рекомендованных на форум: 4" in text
    projects = _projects(db, completed)
    for title in RANKING[:4]:
        passport = projects[title]
        assert passport.title in text
        assert passport.goal in text
        assert passport.stages[0].title in text
    # The others are only in the ranking at the end, without their passports.
    for title in RANKING[4:]:
        assert projects[title].goal not in text
    ranking = text.rpartition("Рейтинг")[2]
    positions = [ranking.index(projects[title].title) for title in RANKING]
    assert positions == sorted(positions)


def test_the_results_page_ranks_and_the_lifecycle_page_has_the_history(completed, client, auth):
    auth.login(OBSERVER, DEMO_PASSWORD)
    page = client.get(f"/s/{SLUG}/review/results").get_data(as_text=True)
    rows = re.findall(
        r"<tr>\s*<td>(\d+)</td>\s*<td>\d*</td>\s*<td class=\"review-project-cell\"><a [^>]*>"
        r"([^<]+)</a>",
        page,
    )
    assert rows == [(str(rank), title) for rank, title in enumerate(RANKING, start=1)]

    auth.logout()
    auth.login(FACILITATOR, DEMO_PASSWORD)
    history = lifecycle_history(client, SLUG)
    assert stage_changes(history) == [
        "Форум → Реализация",
        "Экспертиза → Форум",
        "Подведение итогов → Экспертиза",
        "Идёт сессия → Подведение итогов",
        "Подготовка → Идёт сессия",
    ]
    assert "Вера Полякова (демо)" in history and "Книга форума готова." in history
    assert "Форум прошёл: рекомендованные проекты переходят к реализации." in history
    # Each change is dated on the demo's calendar, not on the day it was loaded.
    assert {moment[:7] for moment in entry_times(history)} == {"2019-03", "2019-04"}


def test_the_recommended_projects_have_their_progress_recorded(completed, db, client, auth):
    """As of 1 July 2020: stages done and under way, one late; indicator values; money secured
    with its documents; reports; each write in the audit log on its day, by its group."""
    rows = {row.project.short_title: row for row in portfolio(completed, AS_OF)}
    assert set(rows) == set(RANKING[:4])
    assert {title: [s.title for s in row.late] for title, row in rows.items() if row.late} == {
        "Коворкинг-цех": ["Отбор резидентов"]
    }
    workshop = rows["Коворкинг-цех"]
    assert [s.status for s in workshop.project.stages] == [
        StageStatus.DONE,
        StageStatus.IN_PROGRESS,
    ]
    assert workshop.project.stages[0].actual_end == date(2019, 12, 20)
    assert (workshop.money.need, workshop.money.secured, workshop.money.gap) == (
        Decimal(70),
        Decimal(60),
        Decimal(10),
    )
    assert rows["Умный учёт"].secured_total == Decimal(36)
    assert rows["Озёрная тропа"].money.gap == Decimal(5)  # the 5 mln of the design unrecorded
    funding = db.session.scalars(
        sa.select(SecuredFunding).join(Project).filter(Project.session_id == completed.id)
    ).all()
    assert len(funding) == 4 and all("от " in row.document for row in funding)
    actuals = db.session.scalars(
        sa.select(IndicatorActual)
        .join(Indicator)
        .join(Project)
        .filter(Project.session_id == completed.id)
    ).all()
    assert sorted((a.year, a.value) for a in actuals) == [
        (2019, Decimal(8)),
        (2019, Decimal(20)),
        (2020, Decimal(5)),
        (2020, Decimal(9)),
        (2020, Decimal(140)),
    ]
    reports = db.session.scalars(
        sa.select(ProgressReport).join(Project).filter(Project.session_id == completed.id)
    ).all()
    assert sorted(r.reported_on for r in reports) == [date(2020, 6, 29), date(2020, 6, 30)]
    assert {r.author.email for r in reports} == {
        "severny-group1@demo.sessiontrack.example",
        "severny-group2@demo.sessiontrack.example",
    }
    entries = db.session.scalars(
        sa.select(AuditEntry).filter(
            AuditEntry.session_id == completed.id,
            AuditEntry.object_type.in_(
                ("stage", "indicator_actual", "secured_funding", "progress_report")
            ),
        )
    ).all()
    assert len(entries) == 7 + 5 + 4 + 2
    assert {e.created_at.year for e in entries} == {2019, 2020}

    auth.login(FACILITATOR, DEMO_PASSWORD)
    page = client.get(f"/s/{SLUG}/projects/implementation").get_data(as_text=True)
    assert "Коворкинг-цех" in page and "Озёрная тропа" in page


def test_the_catalogue_is_public_with_the_scores(completed, client, db):
    assert completed.catalogue_published_at.year == 2019
    assert completed.catalogue_shows_score
    page = client.get(f"/c/{SLUG}/").get_data(as_text=True)
    projects = _projects(db, completed)
    for title in RANKING[:4]:
        assert projects[title].title in page
    for title in RANKING[4:]:
        assert projects[title].title not in page
    first = client.get(f"/c/{SLUG}/p/{projects[RANKING[0]].id}").get_data(as_text=True)
    assert 'data-testid="public-score"' in first
    assert f"место 1 из {len(RANKING)} в сессии" in first


def test_the_forum_package_leaves_the_lake_trail_out_and_is_adopted(completed, db):
    projects = _projects(db, completed)
    proposal = package.build(completed)
    chosen = {c.title for c in proposal.chosen}
    assert chosen == {"Коворкинг-цех", "Умный учёт", "Школа предпринимательства"}
    assert [(item.candidate.title, item.reason) for item in proposal.left_out] == [
        ("Озёрная тропа", package.NO_MONEY)
    ]
    adopted = adoption.adopted_package(completed)
    assert adopted is not None and adopted.adopted_by.email == FACILITATOR
    assert adoption.adopted_project_ids(completed) == {projects[title].id for title in chosen}
    # Adopted from the proposal as it still stands.
    assert adopted.fingerprint == adoption.fingerprint(proposal)
    assert adopted.adopted_at.strftime("%Y-%m") == "2019-04"
