"""The portfolio page in Chromium: it fits a phone and a laptop, its charts are drawn, and
axe-core finds no serious or critical violation; the admin's page of readers too."""

import pytest

from sessiontrack.extensions import db

from . import factories
from .live_world import serve_world
from .portfolio_support import portfolio_reader, reviewed_session, secured
from .test_browser_layout import LAPTOP, PHONE, _overflow, _serious_violations

pytestmark = pytest.mark.browser

LONG = "Проектная сессия ЗАТО Приозёрный (вымышленный город): приоритетные проекты до 2024 года"


def _set_up() -> None:
    north, projects = reviewed_session(LONG, means=(85, 70, 55, 40), place="ЗАТО Приозёрный")
    south, _projects = reviewed_session("Southtown", means=(90, 30))
    secured(projects[0], "7.5", 2019)
    portfolio_reader(north, south, email="reader@example.org")
    factories.make_user(email="admin@example.org", is_admin=True)
    db.session.flush()


@pytest.fixture(scope="module")
def portfolio_server(tmp_path_factory):
    with serve_world(tmp_path_factory, "portfolio", _set_up) as base:
        yield base


def _log_in(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("email", "path"),
    [("reader@example.org", "/portfolio/"), ("admin@example.org", "/admin/portfolio")],
)
def test_the_portfolio_fits_a_phone_and_a_laptop(portfolio_server, page, email, path):
    _log_in(page, portfolio_server, email)
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{portfolio_server}{path}")
        assert _overflow(page) <= 0, (path, viewport["width"])
        assert _serious_violations(page, portfolio_server) == [], (path, viewport["width"])


def test_the_charts_are_drawn(portfolio_server, page):
    _log_in(page, portfolio_server, "reader@example.org")
    page.goto(f"{portfolio_server}/portfolio/")
    drawn = page.evaluate(
        "[...document.querySelectorAll('canvas[data-chart]')]"
        ".map(c => Boolean(window.Chart && window.Chart.getChart(c)))"
    )
    assert drawn == [True, True, True]
