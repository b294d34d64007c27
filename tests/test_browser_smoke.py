"""The browser smoke test: the demo facilitator logs in and sees the demo session."""

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_demo_facilitator_logs_in_and_sees_the_demo_session(live_server, page):
    page.goto(f"{live_server}/")
    assert page.url.startswith(f"{live_server}/auth/login")
    page.get_by_label("Электронная почта").fill("facilitator@demo.sessiontrack.example")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()
    page.get_by_role("link", name="Стратегическое развитие ЗАТО Железногорск").click()
    page.get_by_role("heading", name="Направления и рабочие группы").wait_for()
    body = page.locator("main").inner_text()
    for direction in ("Научно-технологическое развитие и точки роста", "Городская среда"):
        assert direction in body
    assert "VII Международный инновационный форум" in body
    # The choice is the account's: it is set back, so that the next test finds Russian.
    page.get_by_role("button", name="EN").click()
    try:
        page.get_by_role("heading", name="Directions and working groups").wait_for()
    finally:
        page.get_by_role("button", name="RU").click()
    page.get_by_role("heading", name="Направления и рабочие группы").wait_for()
