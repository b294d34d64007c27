"""The expert's own list (``review.my_projects``): pages, filters, progress and the next draft
over the whole list, and as many queries for a long list as for a short one."""

import re

import pytest

from . import factories
from .review_world import make_review

PER_PAGE = 5


@pytest.fixture(autouse=True)
def _short_pages(app, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", PER_PAGE)


def _world(db, n_projects: int, *, submitted: int = 0, started: tuple = ()):
    """A review of ``n_projects`` (titled «Проект 001»…, all assigned to the first expert):
    the first ``submitted`` scorecards submitted, those at the ``started`` indexes drafts with
    a score, the others drafts not started."""
    review = make_review(n_projects=n_projects)
    _user, expert = review.experts[0]
    cards = []
    for index, project in enumerate(review.projects):
        values = {review.criteria[0]: 5} if index < submitted or index in started else {}
        cards.append(factories.make_scorecard(project, expert, values, submitted=index < submitted))
    db.session.commit()
    return review, cards


def _url(review, query=""):
    return f"/s/{review.session.slug}/review/my{query}"


def _titles(page: str) -> list[str]:
    return re.findall(r">(Проект \d{3})</a>", page)


def _open(client, auth, review, query="") -> str:
    auth.login(review.experts[0][0])
    response = client.get(_url(review, query))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_pages_and_counts_progress_over_every_project(db, client, auth):
    review, cards = _world(db, 12, submitted=7)
    first = _open(client, auth, review)
    assert _titles(first) == [f"Проект {n:03d}" for n in range(1, 6)]
    assert "Проекты 1–5 из 12" in first and 'aria-label="Страницы"' in first
    # Progress and the next draft are the whole list's, though both lie beyond page 1.
    assert ">7 / 12</span>" in first
    assert "Следующий неоценённый проект" in first
    assert f"/scorecards/{cards[7].id}" in first and f"/scorecards/{cards[8].id}" not in first
    second = _open(client, auth, review, "?page=2")
    assert _titles(second) == [f"Проект {n:03d}" for n in range(6, 11)]
    assert "Проекты 6–10 из 12" in second and ">7 / 12</span>" in second
    last = _open(client, auth, review, "?page=3")
    assert _titles(last) == ["Проект 011", "Проект 012"]


def test_the_filters_narrow_the_list_and_keep_the_totals(db, client, auth):
    review, _cards = _world(db, 12, submitted=3, started=(4, 9))
    submitted = _open(client, auth, review, "?status=submitted")
    assert _titles(submitted) == ["Проект 001", "Проект 002", "Проект 003"]
    assert ">3 / 12</span>" in submitted and 'aria-label="Страницы"' not in submitted
    started = _open(client, auth, review, "?status=started")
    assert _titles(started) == ["Проект 005", "Проект 010"]
    not_started = _open(client, auth, review, "?status=not_started")
    assert len(_titles(not_started)) == 5 and "Проект 005" not in _titles(not_started)
    to_score = _open(client, auth, review, "?status=to_score&page=2")
    assert _titles(to_score) == ["Проект 009", "Проект 010", "Проект 011", "Проект 012"]
    # The page links keep the filter.
    assert "status=to_score" in to_score and "page=1" in to_score
    words = _open(client, auth, review, "?q=ект+01")
    assert _titles(words) == ["Проект 010", "Проект 011", "Проект 012"]
    # A filter that makes no sense is dropped; nothing found says so and offers the whole list.
    assert _titles(_open(client, auth, review, "?status=nonsense&direction=x")) == _titles(
        _open(client, auth, review)
    )
    nothing = _open(client, auth, review, "?q=нет+такого")
    assert "Нет проектов, подходящих под эти фильтры." in nothing and not _titles(nothing)
    assert ">3 / 12</span>" in nothing


def test_the_direction_filter(db, client, auth):
    review, _cards = _world(db, 3)
    other = factories.make_direction(review.session, title="Экономика", position=99)
    moved = review.projects[1]
    moved.direction_id = other.id
    db.session.commit()
    page = _open(client, auth, review, f"?direction={other.id}")
    assert _titles(page) == ["Проект 002"]


def test_no_draft_left_hides_the_next_project_link(db, client, auth):
    review, _cards = _world(db, 6, submitted=6)
    page = _open(client, auth, review)
    assert "Следующий неоценённый проект" not in page and ">6 / 6</span>" in page


def test_an_expert_without_projects_reads_why(db, client, auth):
    review = make_review(n_projects=2)
    db.session.commit()
    page = _open(client, auth, review)
    assert "Вам пока не назначено ни одного проекта." in page
    assert not _titles(page) and 'role="search"' not in page.split("conflict-heading")[0]


@pytest.mark.parametrize(
    "query", ["", "?page=2", "?status=to_score", "?q=Проект&page=2", "?declare=conflict"]
)
def test_the_list_runs_as_many_queries_for_60_projects_as_for_12(db, app, count_queries, query):
    counts = []
    for n_projects in (12, 60):
        review, _cards = _world(db, n_projects, submitted=n_projects // 2, started=(7,))
        client = app.test_client()
        user, _expert = review.experts[0]
        client.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
        with count_queries() as counter:
            response = client.get(_url(review, query))
        assert response.status_code == 200
        assert len(_titles(response.get_data(as_text=True))) == PER_PAGE
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_the_forms_choosing_a_project_open_when_asked_for(db, client, auth):
    review, _cards = _world(db, 3)
    page = _open(client, auth, review)
    assert "Заявить о конфликте интересов…" in page and 'name="project_id"' not in page
    asked = _open(client, auth, review, "?declare=conflict")
    assert 'name="project_id"' in asked and "Заявить о конфликте интересов…" not in asked
    assert all(f'value="{p.id}">{p.display_title}</option>' in asked for p in review.projects)
    investor = review.experts[-1][0]
    auth.logout()
    auth.login(investor)
    url = _url(review)
    page = client.get(url).get_data(as_text=True)
    assert "Отметить интерес к проекту…" in page and 'name="project_id"' not in page
    asked = client.get(f"{url}?declare=interest").get_data(as_text=True)
    assert 'name="project_id"' in asked and 'name="amount_from"' in asked
