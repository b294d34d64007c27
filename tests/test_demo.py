"""The demo data set: idempotent, true to the article, illustrative data marked as such."""

from datetime import UTC, date, datetime

import email_validator
import pytest
import sqlalchemy as sa

from sessiontrack.agenda.models import AgendaItem, Decision, Talk
from sessiontrack.auth.models import User
from sessiontrack.auth.services import authenticate, password_problems
from sessiontrack.people.models import (
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from sessiontrack.portfolio.readers import portfolio_sessions
from sessiontrack.projects.models import Project, ProjectState, ResourceKind
from sessiontrack.reference.models import NationalProject, NationalProjectStatus
from sessiontrack.review.models import Criterion, Scorecard, ScorecardState
from sessiontrack.sampledata.article import SESSION
from sessiontrack.sampledata.article_review import CRITERIA
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sampledata.marks import DEMO_MARK, DEMO_PASSWORD
from sessiontrack.sampledata.town import SLUG as TOWN_SLUG
from sessiontrack.sampledata.town_east import SLUG as EAST_SLUG
from sessiontrack.sessions.access import group_ids_of
from sessiontrack.sessions.models import (
    ReviewState,
    SessionState,
    StrategicSession,
)

from .lifecycle_support import entry_times, lifecycle_history, stage_changes

SLUG = SESSION["slug"]
DIRECTIONS = [
    "Научно-технологическое развитие и точки роста",
    "Базовый сектор экономики",
    "Городская среда",
    "Развитие инфраструктуры и ЖКХ",
]


# Loading the demo hashes ten passwords: quickly, in every test here.
pytestmark = pytest.mark.usefixtures("fast_password_hashing")


def table_counts(db) -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back the stored UTC wall-clock time without its offset."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_loading_twice_changes_nothing(db):
    first = load_demo()
    db.session.commit()
    counts = table_counts(db)
    db.session.expire_all()

    second = load_demo()
    db.session.commit()

    assert table_counts(db) == counts
    assert second == first
    assert counts["project"] >= 8 and counts["score"] > 0
    # Versioned rows count their updates: none happened.
    assert set(db.session.scalars(sa.select(Project.version_id))) == {1}
    assert set(db.session.scalars(sa.select(Scorecard.version_id))) == {1}


def test_the_session_is_the_one_of_the_article(demo):
    assert demo.title == (
        "Стратегическое развитие ЗАТО Железногорск: сложение усилий для реализации "
        "комплексных приоритетных проектов"
    )
    assert demo.starts_on == demo.ends_on == date(2018, 11, 1)
    assert demo.place == "Администрация ЗАТО Железногорск, Красноярский край"
    assert "коллективная работа" in demo.description
    assert demo.strategy_title == (
        "Стратегия социально-экономического развития ЗАТО Железногорск до 2030 года"
    )
    assert "Проскурнин" in demo.strategy_description
    assert demo.is_demo
    assert demo.state is SessionState.REVIEW
    assert demo.review_state is ReviewState.OPEN
    # 18:00 in Krasnoyarsk (UTC+7).
    assert as_utc(demo.review_deadline) == datetime(2018, 11, 22, 11, 0, tzinfo=UTC)


def test_the_forum_three_weeks_later(demo):
    assert demo.forum.name == "VII Международный инновационный форум"
    assert (demo.forum.starts_on, demo.forum.ends_on) == (date(2018, 11, 23), date(2018, 11, 24))
    assert demo.forum.place == "Железногорск"


@pytest.mark.parametrize(
    ("full_name", "position", "organisation"),
    [
        (
            "Карен Малхасян",
            "Заместитель начальника Управления по работе с регионами Госкорпорации «Росатом»",
            "Госкорпорация «Росатом»",
        ),
        (
            "Сергей Проскурнин",
            "Первый заместитель главы ЗАТО Железногорск",
            "Администрация ЗАТО Железногорск",
        ),
    ],
)
def test_the_speakers_and_their_talks(demo, db, full_name, position, organisation):
    speaker = db.session.scalar(
        sa.select(Participant).filter_by(session_id=demo.id, full_name=full_name)
    )
    assert speaker.position == position
    assert speaker.role is ParticipantRole.SPEAKER
    assert speaker.organisation.display_name == organisation
    assert not speaker.is_demo
    talk = db.session.scalar(sa.select(Talk).filter_by(speaker_id=speaker.id))
    assert talk.key_points


def test_the_national_projects_talk_follows_the_article(demo, db):
    speaker = db.session.scalar(sa.select(Participant).filter_by(full_name="Карен Малхасян"))
    key_points = db.session.scalar(sa.select(Talk.key_points).filter_by(speaker_id=speaker.id))
    for fact in (
        "12 базовых национальных проектов",
        "тринадцатый проект",
        "атомной науки и технологий",
        "каждый город атомной отрасли",
        "источники финансирования",
    ):
        assert fact in key_points


def test_agenda_ends_with_the_wrap_up_and_decisions_precede_the_forum(demo, db):
    items = db.session.scalars(
        sa.select(AgendaItem).filter_by(session_id=demo.id).order_by(AgendaItem.position)
    ).all()
    assert all(item.starts_at and item.ends_at for item in items)
    assert items[-1].title == "Подведение итогов"
    decisions = db.session.scalars(sa.select(Decision).filter_by(session_id=demo.id)).all()
    assert decisions
    assert all(d.responsible and d.due_on < demo.forum.starts_on for d in decisions)


@pytest.mark.parametrize(
    ("display_name", "kind"),
    [
        ("Госкорпорация «Росатом»", OrganisationKind.STATE_CORPORATION),
        ("Госкорпорация «Роскосмос»", OrganisationKind.STATE_CORPORATION),
        ("ФГУП «ГХК»", OrganisationKind.FEDERAL_ENTERPRISE),
        ("АО «ИСС»", OrganisationKind.ENTERPRISE),
        ("Администрация ЗАТО Железногорск", OrganisationKind.ADMINISTRATION),
        ("Совет депутатов", OrganisationKind.COUNCIL),
    ],
)
def test_the_organisations_named_in_the_article(demo, db, display_name, kind):
    organisation = db.session.scalar(
        sa.select(Organisation).filter_by(session_id=demo.id, short_name=display_name)
    )
    assert organisation.kind is kind
    assert not organisation.description.startswith(DEMO_MARK)


def test_full_names_of_the_enterprises(demo, db):
    names = set(db.session.scalars(sa.select(Organisation.name).filter_by(session_id=demo.id)))
    assert "ФГУП «Горно-химический комбинат»" in names
    assert "Администрация ЗАТО г. Железногорск" in names
    assert "Совет депутатов ЗАТО г. Железногорск" in names
    assert any("Информационные спутниковые системы" in name for name in names)


def test_business_public_and_science_are_represented_by_marked_examples(demo, db):
    for kind in (OrganisationKind.BUSINESS, OrganisationKind.PUBLIC, OrganisationKind.SCIENCE):
        organisations = db.session.scalars(
            sa.select(Organisation).filter_by(session_id=demo.id, kind=kind)
        ).all()
        assert organisations
        assert all(o.description.startswith(DEMO_MARK) for o in organisations)


def test_four_directions_in_the_articles_order_with_a_group_each(demo):
    assert [direction.title for direction in demo.directions] == DIRECTIONS
    for number, direction in enumerate(demo.directions, start=1):
        assert [group.title for group in direction.groups] == [
            f"Рабочая группа {number}: {direction.title}"
        ]


def test_twelve_adopted_national_projects_and_the_proposed_atomic_one(demo, db):
    adopted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(NationalProject)
        .filter_by(status=NationalProjectStatus.ADOPTED)
    )
    assert adopted == 12
    atomic = db.session.scalar(sa.select(NationalProject).filter_by(code="atomic_science"))
    assert atomic.status is NationalProjectStatus.PROPOSED


def test_strategy_priorities_say_they_are_illustrative(demo):
    assert 4 <= len(demo.priorities) <= 6
    assert all(p.is_demo and p.description.startswith(DEMO_MARK) for p in demo.priorities)


def test_demo_projects_are_marked_and_have_full_passports(demo, db):
    projects = db.session.scalars(sa.select(Project).filter_by(session_id=demo.id)).all()
    for project in projects:
        assert project.is_demo
        assert project.problem.startswith("Демонстрационный пример.")
        assert project.working_group.direction_id == project.direction_id
        assert 2019 <= project.start_year <= project.end_year <= 2024
        assert project.short_title and project.goal and project.expected_results
        assert project.lead_organisation and project.responsible_person and project.risks
        assert 1 <= len(project.partners) <= 2
        assert all(partner.contribution for partner in project.partners)
        assert 2 <= len(project.indicators) <= 3
        assert 1 <= len(project.national_projects) <= 2
        assert 1 <= len(project.strategy_priorities) <= 2
        assert 3 <= len(project.resources) <= 5
        for resource in project.resources:
            assert project.start_year <= resource.year <= project.end_year
            if resource.kind is ResourceKind.FINANCIAL:
                assert resource.unit == "млн руб." and resource.funding_source is not None
        assert 3 <= len(project.stages) <= 4
        for stage in project.stages:
            assert project.start_year <= stage.starts_on.year
            assert stage.ends_on.year <= project.end_year
            assert stage.deliverable and stage.responsible_organisation


def test_each_direction_has_at_least_two_projects(demo, db):
    for direction in demo.directions:
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Project).filter_by(direction_id=direction.id)
        )
        assert count >= 2, direction.title


def test_projects_are_in_every_state_of_the_workflow(demo, db):
    states = list(db.session.scalars(sa.select(Project.state).filter_by(session_id=demo.id)))
    assert states.count(ProjectState.ACCEPTED) > len(states) / 2
    assert {ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.RETURNED} <= set(states)
    returned = db.session.scalar(sa.select(Project).filter_by(state=ProjectState.RETURNED))
    assert returned.remarks


def test_six_criteria_with_the_demo_weights(demo, db):
    criteria = db.session.scalars(
        sa.select(Criterion).filter_by(session_id=demo.id).order_by(Criterion.position)
    ).all()
    # The article's six criteria, with the weights the demo gives them.
    assert len(CRITERIA) == 6
    assert [c.weight for c in criteria] == [criterion["weight"] for criterion in CRITERIA]
    assert [c.position for c in criteria] == list(range(1, len(CRITERIA) + 1))
    for criterion in criteria:
        assert (criterion.scale_min, criterion.scale_max) == (0, 10)
        assert criterion.counted
        assert {"0", "5", "10"} <= set(criterion.level_descriptions)


def test_every_expert_scores_every_accepted_project(demo, db):
    experts = db.session.scalars(
        sa.select(Participant).filter_by(session_id=demo.id, role=ParticipantRole.EXPERT)
    ).all()
    assert sorted(e.expert_kind for e in experts) == [
        ExpertKind.EXPERT,
        ExpertKind.EXPERT,
        ExpertKind.INVESTOR,
    ]
    accepted = db.session.scalars(
        sa.select(Project).filter_by(session_id=demo.id, state=ProjectState.ACCEPTED)
    ).all()
    scorecards = db.session.scalars(sa.select(Scorecard)).all()
    assert {(s.project_id, s.expert_id) for s in scorecards} == {
        (p.id, e.id) for p in accepted for e in experts
    }
    drafts = [s for s in scorecards if s.state is ScorecardState.DRAFT]
    assert 1 <= len(drafts) <= 2
    assert all(0 < len(s.scores) < len(CRITERIA) and s.submitted_at is None for s in drafts)
    for scorecard in scorecards:
        if scorecard.state is ScorecardState.SUBMITTED:
            assert len(scorecard.scores) == len(CRITERIA)
            assert scorecard.submitted_at and scorecard.comment


def test_experts_disagree_strongly_on_one_project(demo, db):
    spreads = []
    for project in db.session.scalars(sa.select(Project).filter_by(state=ProjectState.ACCEPTED)):
        totals = [
            sum(score.value for score in scorecard.scores)
            for scorecard in db.session.scalars(
                sa.select(Scorecard).filter_by(
                    project_id=project.id, state=ScorecardState.SUBMITTED
                )
            )
        ]
        spreads.append(max(totals) - min(totals))
    assert max(spreads) >= 20


def test_each_login_authenticates(demo_logins, db):
    assert [role for role, _, _ in demo_logins][:2] == ["Administrator", "Facilitator"]
    for _role, email, password in demo_logins:
        email_validator.validate_email(email, check_deliverability=False)
        assert password_problems(password, email) == []
        assert authenticate(email, password) is not None, email


@pytest.mark.parametrize(
    ("local_part", "role", "has_group"),
    [
        ("facilitator", ParticipantRole.FACILITATOR, False),
        ("group1", ParticipantRole.MODERATOR, True),
        ("group2", ParticipantRole.MEMBER, True),
        ("expert1", ParticipantRole.EXPERT, False),
        ("investor", ParticipantRole.EXPERT, False),
        ("observer", ParticipantRole.OBSERVER, False),
    ],
)
def test_demo_accounts_hold_their_role_in_the_session(demo, db, local_part, role, has_group):
    email = f"{local_part}@demo.sessiontrack.example"
    user = db.session.scalar(sa.select(User).filter_by(email=email))
    assert user.roles_in(demo) == {role}
    assert bool(group_ids_of(user, demo)) is has_group
    assert user.participation_in(demo).is_demo


def test_the_cli_loads_the_demo_and_prints_the_logins(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.sessiontrack.example" in result.output
    assert "severny-facilitator@demo.sessiontrack.example" in result.output
    assert "vostochny-facilitator@demo.sessiontrack.example" in result.output
    assert "portfolio@demo.sessiontrack.example" in result.output
    slugs = set(db.session.scalars(sa.select(StrategicSession.slug)))
    assert slugs == {SLUG, TOWN_SLUG, EAST_SLUG}
    reader = db.session.scalar(
        sa.select(User).filter_by(email="portfolio@demo.sessiontrack.example")
    )
    assert {s.slug for s in portfolio_sessions(reader)} == slugs


def test_the_lifecycle_page_lists_the_stages_up_to_the_review(demo, client, auth):
    auth.login("facilitator@demo.sessiontrack.example", DEMO_PASSWORD)
    history = lifecycle_history(client, SLUG)
    assert stage_changes(history) == [
        "Подведение итогов → Экспертиза",
        "Идёт сессия → Подведение итогов",
        "Подготовка → Идёт сессия",
    ]
    assert "Ольга Смирнова (демо)" in history
    assert [moment[:10] for moment in entry_times(history)] == [
        "2018-11-09",
        "2018-11-01",
        "2018-11-01",
    ]
