"""The portfolio through the API: the page's figures, for the accounts that read a portfolio;
and the demo's portfolio reader end to end (page, files, duplicate pairs, API)."""

import re

import pytest

from sessiontrack.api.models import TokenScope
from sessiontrack.auth.services import find_user
from sessiontrack.portfolio import listing
from sessiontrack.portfolio.figures import breakdown, load_portfolio
from sessiontrack.projects.models import ProjectState
from sessiontrack.sampledata import article, completed, demo, town_east
from sessiontrack.sampledata.marks import DEMO_PASSWORD
from sessiontrack.sampledata.portfolio_demo import READER_EMAIL, load_portfolio_reader

from . import factories
from .api_support import bearer, make_token
from .portfolio_support import observer_of, portfolio_reader, reviewed_session, secured

URL = "/api/v1/portfolio"


@pytest.fixture
def towns(db):
    """Two towns' reviewed sessions, with money, and a third no reader is granted."""
    north, north_projects = reviewed_session("Northtown", place="Northtown")
    south, _south_projects = reviewed_session("Southtown", means=(90, 30))
    other, _other_projects = reviewed_session("Elsewhere")
    secured(north_projects[0], "7.5")
    secured(north_projects[1], "0.37", year=2022)
    db.session.commit()
    return north, south, other


def _two_decimals(value) -> str:
    return format(value.quantize(value.__class__("0.01")), ".2f")


def test_the_api_gives_the_figures_of_the_page(towns, client, auth, db):
    north, south, _other = towns
    reader = portfolio_reader(north, south)
    db.session.commit()
    response = client.get(URL, headers=bearer(make_token(reader, TokenScope.READ)))
    assert response.status_code == 200
    data = response.get_json()
    # What the page shows, from the same services the page calls.
    portfolio = load_portfolio(reader)
    projects = listing.sorted_projects(portfolio.projects, "session", descending=False)
    summary = breakdown(portfolio, projects)
    total = summary.money.total
    assert [s["slug"] for s in data["sessions"]] == [north.slug, south.slug]
    assert data["totals"] == {
        "projects": 5,
        "unconverted": 0,
        "need": _two_decimals(total.need),
        "secured": _two_decimals(total.secured),
        "gap": _two_decimals(total.gap),
    }
    # Five projects of 12.5 requested each, plus 7.5 and 0.37 secured.
    assert (data["totals"]["need"], data["totals"]["secured"]) == ("70.37", "7.87")
    cells = {(c["funding_source_id"], c["year"]): c for c in data["money"]}
    assert cells.keys() == summary.money.cells.keys()
    for key, cell in cells.items():
        money = summary.money.cells[key]
        assert (cell["need"], cell["secured"], cell["gap"]) == tuple(
            _two_decimals(m) for m in (money.need, money.secured, money.gap)
        )
    assert [p["id"] for p in data["projects"]] == [p.id for p in projects]
    for shown, project in zip(data["projects"], projects, strict=True):
        assert shown["session"] == project.session.slug
        assert shown["state"] == project.state.value
        assert shown["money"]["gap"] == _two_decimals(project.money.gap)
        assert shown["score"]["percentile"] == pytest.approx(project.score.percentile)
        assert shown["score"]["zscore"] == pytest.approx(project.score.zscore)
    # The page itself shows the same totals (in Russian formatting).
    auth.login(reader)
    page = client.get("/portfolio/").get_data(as_text=True)
    for figure in ("70,37", "7,87", "62,5"):
        assert figure in page
    assert "Elsewhere" not in str(data)


def test_only_the_portfolio_readers_read_it(towns, client, db):
    north, *_rest = towns
    observer = observer_of(north)
    admin = factories.make_user(is_admin=True)
    db.session.commit()
    refused = client.get(URL, headers=bearer(make_token(observer, TokenScope.READ)))
    assert refused.status_code == 403
    assert refused.get_json()["message"]
    assert client.get(URL).status_code == 401
    every = client.get(URL, headers=bearer(make_token(admin, TokenScope.READ))).get_json()
    assert len(every["sessions"]) == 3 and every["totals"]["projects"] == 8


def test_the_demo_reader_reads_the_towns_pairs_files_and_api(
    db, client, auth, fast_password_hashing
):
    demo.load_demo()
    completed.load_completed_demo()
    completed.load_completed_demo(town_east)
    slugs = [article.SESSION["slug"], completed.SLUG, town_east.SLUG]
    load_portfolio_reader(slugs)
    db.session.commit()
    auth.login(READER_EMAIL, DEMO_PASSWORD)
    page = client.get("/portfolio/")
    assert page.status_code == 200 and 'href="/duplicates/"' in page.get_data(as_text=True)
    for kind in ("csv", "xlsx"):
        assert client.get(f"/portfolio/portfolio.{kind}").status_code == 200
    pairs = client.get("/duplicates/")
    assert pairs.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", pairs.get_data(as_text=True)))
    assert "Благоустройство набережной городского озера" in text
    secret = make_token(find_user(READER_EMAIL), TokenScope.READ)
    data = client.get(URL, headers=bearer(secret)).get_json()
    assert sorted(s["slug"] for s in data["sessions"]) == sorted(slugs)
    assert {p["session"] for p in data["projects"]} == set(slugs)


def test_the_api_gives_the_pairs_of_the_readers_sessions_only(db, client):
    towns = []
    for city in ("Северный", "Южный", "Западный"):
        strategic_session = factories.make_session(title=f"Сессия {city}", place=city)
        group = factories.make_group(factories.make_direction(strategic_session))
        factories.make_project(
            strategic_session,
            group,
            state=ProjectState.ACCEPTED,
            title=f"Технопарк для молодёжи города {city}",
        )
        towns.append(strategic_session)
    reader = portfolio_reader(towns[0], towns[1])
    outsider = observer_of(towns[2])
    db.session.commit()
    headers = bearer(make_token(reader, TokenScope.READ))
    data = client.get("/api/v1/duplicates?threshold=30", headers=headers).get_json()
    assert (data["threshold"], data["sessions"], len(data["pairs"])) == (30, 2, 1)
    pair = data["pairs"][0]
    assert {pair["first"]["session"], pair["second"]["session"]} == {t.slug for t in towns[:2]}
    assert pair["passages"][0]["first"]["field"] == "title"
    wrong = client.get("/api/v1/duplicates?threshold=5", headers=headers)
    assert wrong.status_code == 422 and wrong.get_json()["field"] == "threshold"
    refused = client.get(
        "/api/v1/duplicates", headers=bearer(make_token(outsider, TokenScope.READ))
    )
    assert refused.status_code == 403
