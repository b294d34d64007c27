"""The ranking a page at a time: filters and pages chosen on the server, every project keeping
its rank in the whole ranking, the figures rendered once per result and served again on a
reload, and the same number of queries whatever the number of projects."""

import re

import pytest

from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState

from . import factories
from .queries import QueryCounter
from .review_world import make_review


def _world(db, n_projects: int = 5):
    """``n_projects`` projects scored by two experts, ranked «Проект 002», 003, …, the last
    one (a single scorecard: too few reviews), then «Проект 001» (split opinions: 100 and 0)."""
    review = make_review(n_projects=n_projects, n_experts=2, review_state=ReviewState.CLOSED)
    a, b, _r = review.criteria
    (_, e1), (_, e2) = review.experts
    for index, project in enumerate(review.projects):
        value = max(0, 10 - index)
        factories.make_scorecard(project, e1, {a: value, b: 5}, submitted=True)
        if index == 0:
            factories.make_scorecard(project, e2, {a: 0, b: 1}, submitted=True)
        elif index < n_projects - 1:
            factories.make_scorecard(project, e2, {a: value, b: 5}, submitted=True)
    db.session.commit()
    return review


def _rows(page: str) -> list[tuple[str, str]]:
    """(rank, title) of each row of the ranking table, in order (none: no table)."""
    start = page.find('class="table table-sm table-hover')
    if start < 0:
        return []
    table = page[start:]
    return re.findall(r"<tr>\s*<td>(\d+|—)</td>.*?<a href=\"[^\"]+\">([^<]+)</a>", table, re.S)


def _figures(page: str) -> str:
    """The page from the ranking's heading on (what is rendered once per result)."""
    return page[page.index('id="table-heading"') :]


def _get(client, review, query: str = "") -> str:
    response = client.get(f"/s/{review.session.slug}/review/results{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def ranked(app, db, auth):
    review = _world(db)
    app.config["RANKING_PER_PAGE"] = 2
    auth.login(review.facilitator)
    return review


def test_the_ranking_is_shown_a_page_at_a_time_with_its_place_in_the_whole(ranked, client):
    first = _get(client, ranked)
    assert _rows(first) == [("1", "Проект 002"), ("2", "Проект 003")]
    assert "Проекты 1–2 из 5" in first
    assert "у каждого проекта его место в общем рейтинге" in first
    assert 'aria-current="page">1</a>' in first
    second = _get(client, ranked, "?page=2")
    assert _rows(second) == [("3", "Проект 004"), ("4", "Проект 005")]
    third = _get(client, ranked, "?page=3")
    assert _rows(third) == [("5", "Проект 001")]
    assert "Проекты 5–5 из 5" in third
    # The chart shows the page's projects, not the whole ranking.
    assert "Проект 004" not in first.split('id="chart-heading"')[1].split("</svg>")[0]


def test_filters_narrow_the_rows_and_keep_each_projects_rank(ranked, client):
    found = _get(client, ranked, "?q=004")
    assert _rows(found) == [("3", "Проект 004")]
    assert "Проекты 1–1 из 1 (из 5 в рейтинге)" in found
    flagged = _get(client, ranked, "?flag=disagreement")
    assert _rows(flagged) == [("5", "Проект 001")]
    few = _get(client, ranked, "?flag=too_few")
    assert _rows(few) == [("4", "Проект 005")]
    calm = _get(client, ranked, "?flag=none&page=2")
    assert _rows(calm) == [("3", "Проект 004")]
    direction = ranked.projects[0].direction_id
    assert len(_rows(_get(client, ranked, f"?direction={direction}"))) == 2


def test_the_forum_decision_filter_follows_the_decisions(ranked, client, db):
    ranked.projects[2].state = ProjectState.RECOMMENDED
    db.session.commit()
    assert _rows(_get(client, ranked, "?decision=recommended")) == [("2", "Проект 003")]
    assert _rows(_get(client, ranked, "?decision=open")) == [
        ("1", "Проект 002"),
        ("3", "Проект 004"),
    ]
    assert "Ни один проект не подходит" in _get(client, ranked, "?decision=not_recommended")


def test_nonsense_in_the_query_string_is_dropped_not_an_error(ranked, client):
    for query in (
        "?direction=abc",
        "?direction=999999",
        "?flag=%3Cscript%3E",
        "?decision=maybe",
        "?page=-4",
        "?page=abc",
        "?q=" + "я" * 500,
    ):
        page = _get(client, ranked, query)
        assert "Рейтинг" in page
    assert _rows(_get(client, ranked, "?direction=abc")) == [
        ("1", "Проект 002"),
        ("2", "Проект 003"),
    ]
    past = _get(client, ranked, "?page=40")
    assert _rows(past) == [] and "Такой страницы в рейтинге нет" in past
    assert "На первую страницу" in past


def test_a_reload_serves_the_figures_rendered_before_and_a_write_renders_them_again(
    ranked, client, db
):
    first = _figures(_get(client, ranked, "?page=2"))
    assert _figures(_get(client, ranked, "?page=2")) == first
    ranked.projects[3].state = ProjectState.RECOMMENDED  # Проект 004, on page 2
    db.session.commit()
    again = _get(client, ranked, "?page=2")
    table = again[again.index('class="table table-sm table-hover') :]
    row = table[table.index("Проект 004") :].split("</tr>")[0]
    assert "Рекомендован" in row
    assert _figures(again) != first


def test_the_english_reader_gets_english_figures_from_the_same_result(ranked, client):
    _get(client, ranked)
    client.post("/language", data={"language": "en"})
    page = _get(client, ranked, "?page=2")
    assert "Projects 3–4 of 5" in page and "Experts disagree" in page
    assert "Эксперты расходятся" not in page


def _queries(client, review, query: str) -> tuple[int, int]:
    """Queries of a first view (computed) and of a reload of the ranking."""
    from sessiontrack.extensions import db

    with QueryCounter(db.engine) as counter:
        _get(client, review, query)
        computed = counter.count
        counter.reset()
        _get(client, review, query)
        return computed, counter.count


def test_the_ranking_runs_the_same_queries_for_few_and_many_projects(app, db, auth, client):
    app.config["RANKING_PER_PAGE"] = 3
    small = _world(db, n_projects=4)
    large = _world(db, n_projects=12)
    figures = []
    for review in (small, large):
        auth.login(review.facilitator)
        figures.append((_queries(client, review, ""), _queries(client, review, "?method=zscore")))
        auth.logout()
    assert figures[0] == figures[1]
