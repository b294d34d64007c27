"""Near-duplicate projects across sessions: the finder on a generated corpus with planted
duplicates, and the page that lists the pairs."""

import re

import pytest
import sqlalchemy as sa

from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.sampledata.article import SESSION as ARTICLE_SESSION
from sessiontrack.sampledata.completed import SLUG as TOWN_SLUG
from sessiontrack.sampledata.completed import load_completed_demo
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sampledata.duplicates import generate_corpus, precision_and_recall
from sessiontrack.similarity.matching import (
    MAX_PROJECTS,
    MIN_THRESHOLD,
    ProjectText,
    find_duplicates,
)

from . import factories
from .portfolio_support import portfolio_reader

# The floor the finder must reach on the small corpus at the default threshold (computed
# below, never written in): bench/duplicates.py prints the figures on larger corpora.
FLOOR = 0.8


def test_the_planted_duplicates_are_found_with_few_false_pairs():
    corpus = generate_corpus(sessions=4, projects_per_session=12, planted=10, seed=2018)
    found = {(pair.first, pair.second) for pair in find_duplicates(corpus.texts)}
    precision, recall = precision_and_recall(found, corpus.planted)
    assert precision >= FLOOR and recall >= FLOOR, (precision, recall)


def test_the_corpus_is_the_same_for_the_same_seed_and_plants_across_sessions():
    one, other = generate_corpus(seed=5), generate_corpus(seed=5)
    assert one == other
    sessions = {text.project_id: text.session_id for text in one.texts}
    assert all(sessions[first] != sessions[second] for first, second in one.planted)
    assert len(one.planted) == 24 and len(one.texts) == 6 * 20 + 24


def test_precision_and_recall_of_nothing_found_and_nothing_planted():
    assert precision_and_recall(set(), set()) == (1.0, 1.0)
    assert precision_and_recall({(1, 2)}, {(1, 2), (3, 4)}) == (1.0, 0.5)
    assert precision_and_recall({(1, 2), (5, 6)}, {(1, 2)}) == (0.5, 1.0)


def _text(project_id, session_id, title, goal="", results=""):
    return ProjectText(project_id, session_id, title, goal, results)


def test_only_projects_of_different_sessions_pair_and_the_passages_match_side_by_side():
    texts = [
        _text(1, 1, "Благоустройство набережной городского озера", "Благоустроить набережную."),
        _text(2, 1, "Благоустройство набережной озера", "Благоустроить набережную озера."),
        _text(3, 2, "Набережная городского озера: благоустройство", "Набережную благоустроить."),
        _text(4, 2, "Строительство котельной на биотопливе", "Перевести котельную на пеллеты."),
    ]
    pairs = find_duplicates(texts, MIN_THRESHOLD)
    assert {(pair.first, pair.second) for pair in pairs} == {(1, 3), (2, 3)}
    assert pairs == sorted(pairs, key=lambda pair: -pair.score)
    best = next(pair for pair in pairs if (pair.first, pair.second) == (1, 3))
    fields = [(match.first.field, match.second.field) for match in best.passages]
    assert ("title", "title") in fields and ("goal", "goal") in fields
    assert all(0 < match.score <= 1 for match in best.passages)


def test_the_threshold_is_clamped_and_the_input_bounded():
    texts = [_text(1, 1, "Технопарк"), _text(2, 2, "Технопарк")]
    assert [pair.score for pair in find_duplicates(texts, 5.0)] == [1.0]
    assert find_duplicates(texts[:1]) == []
    many = [_text(n, n % 2, "Технопарк для молодёжи") for n in range(MAX_PROJECTS + 10)]
    pairs = find_duplicates(many)
    assert max(pair.second for pair in pairs) < MAX_PROJECTS


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def two_demos(db, fast_password_hashing):
    load_demo()
    load_completed_demo()
    db.session.commit()


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_demo_shows_the_embankment_of_both_towns_side_by_side(two_demos, client, auth, db):
    admin = factories.make_user(is_admin=True)
    db.session.commit()
    auth.login(admin)
    response = client.get("/duplicates/")
    assert response.status_code == 200
    page = _visible(response.get_data(as_text=True))
    assert "Похожие проекты разных сессий" in page
    assert "Благоустройство набережной городского озера" in page
    assert "Благоустройство набережной городского озера: освещённая тропа и зоны отдыха" in page
    assert ARTICLE_SESSION["title"] in page and "ЗАТО Северный" in page
    assert "Совпадающие места" in page and "Цель:" in page
    html = response.get_data(as_text=True)
    for slug in (ARTICLE_SESSION["slug"], TOWN_SLUG):
        assert f"/s/{slug}/projects/" in html
    # The page is one of the administration's tabs: the others are a click away.
    assert 'href="/admin/portfolio"' in html and 'href="/admin/users"' in html


@pytest.fixture
def cities(db):
    """Two sessions with the same project each, and an administrator."""
    admin = factories.make_user(is_admin=True)
    projects = []
    for city in ("Северный", "Южный"):
        strategic_session = factories.make_session(title=f"Сессия {city}", place=city)
        group = factories.make_group(factories.make_direction(strategic_session))
        for number in range(12):
            projects.append(
                factories.make_project(
                    strategic_session,
                    group,
                    state=ProjectState.SUBMITTED,
                    title=f"Технопарк для молодёжи номер {number}",
                    goal=f"Открыть технопарк {number} для молодёжи города.",
                )
            )
    db.session.commit()
    return admin, projects


def test_pairs_are_paginated_and_the_threshold_is_bounded(cities, client, auth, db):
    admin, _ = cities
    auth.login(admin)
    first = client.get("/duplicates/?threshold=30")
    assert first.status_code == 200
    # The same number in both towns: the words all projects share weigh nothing.
    assert "12 пар" in _visible(first.get_data(as_text=True))
    assert first.get_data(as_text=True).count('class="card mb-3"') == 10
    second = client.get("/duplicates/?threshold=30&page=2").get_data(as_text=True)
    assert second.count('class="card mb-3"') == 2
    assert client.get("/duplicates/?threshold=30&page=15").status_code == 200
    for wrong in ("5", "abc", "101"):
        response = client.get(f"/duplicates/?threshold={wrong}")
        assert response.status_code == 200
        assert "is-invalid" in response.get_data(as_text=True)
    page = _visible(client.get("/duplicates/?threshold=abc").get_data(as_text=True))
    assert "Введите целое число процентов, например 62." in page
    page = _visible(client.get("/duplicates/?threshold=5").get_data(as_text=True))
    assert "Выберите сходство от 30 до 95 %." in page


def test_drafts_and_withdrawn_projects_are_not_compared(cities, client, auth, db):
    admin, projects = cities
    db.session.execute(
        sa.update(Project)
        .where(Project.id.in_([p.id for p in projects[1:]]))
        .values(state=ProjectState.DRAFT)
    )
    projects[12].state = ProjectState.WITHDRAWN
    db.session.commit()
    auth.login(admin)
    page = _visible(client.get("/duplicates/?threshold=30").get_data(as_text=True))
    assert "Нет похожих проектов" in page


def test_only_an_administrator_reads_the_pairs(cities, client, auth, db):
    member = factories.make_user()
    db.session.commit()
    assert client.get("/duplicates/").status_code == 302
    auth.login(member)
    assert client.get("/duplicates/").status_code == 403


def test_the_pairs_are_kept_until_the_data_changes(cities, client, auth, db):
    admin, projects = cities
    auth.login(admin)
    assert "12 пар" in _visible(client.get("/duplicates/?threshold=30").get_data(as_text=True))
    projects[0].state = ProjectState.WITHDRAWN
    db.session.commit()
    page = _visible(client.get("/duplicates/?threshold=30&page=2").get_data(as_text=True))
    assert "11 пар" in page


def test_a_portfolio_reader_sees_the_pairs_of_their_sessions_only(db, client, auth):
    towns = []
    for city in ("Северный", "Южный", "Западный"):
        strategic_session = factories.make_session(title=f"Сессия {city}", place=city)
        group = factories.make_group(factories.make_direction(strategic_session))
        for state, title in (
            (ProjectState.ACCEPTED, "Технопарк для молодёжи"),
            (ProjectState.SUBMITTED, "Ледовая арена для детей"),
        ):
            factories.make_project(
                strategic_session, group, state=state, title=f"{title} города {city}"
            )
        towns.append(strategic_session)
    reader = portfolio_reader(towns[0], towns[1])
    outsider = factories.make_user()
    db.session.commit()
    auth.login(reader)
    response = client.get("/duplicates/?threshold=30")
    assert response.status_code == 200
    page = _visible(response.get_data(as_text=True))
    # One pair, within the two granted sessions; the projects not yet accepted stay unread.
    assert "1 пара" in page
    assert "Технопарк для молодёжи города Северный" in page
    assert "Технопарк для молодёжи города Южный" in page
    assert "Западный" not in page and "Ледовая арена" not in page
    auth.logout()
    auth.login(outsider)
    assert client.get("/duplicates/").status_code == 403


def test_the_portfolio_page_links_the_pairs(db, client, auth):
    strategic_session = factories.make_session()
    reader = portfolio_reader(strategic_session)
    db.session.commit()
    auth.login(reader)
    assert 'href="/duplicates/"' in client.get("/portfolio/").get_data(as_text=True)
