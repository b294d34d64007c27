"""Browser check: a delete button that cannot work is disabled and says why, before anyone
clicks it (the demo directions and organisations have projects)."""

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SLUG = "zheleznogorsk-2018"


def test_a_delete_that_cannot_work_is_disabled_with_its_reason(live_server, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Электронная почта").fill("facilitator@demo.sessiontrack.example")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()

    page.goto(f"{live_server}/s/{SLUG}/directions")
    direction = page.locator("section[id^=direction-]").first
    title = direction.locator("h2").inner_text()
    delete = direction.locator(".card-header").get_by_role("button", name="Удалить")
    assert delete.get_attribute("aria-disabled") == "true" and delete.is_disabled()
    reason = "В направлении есть проекты: сначала перенесите или удалите их."
    assert direction.locator(".card-header").get_by_text(reason).is_visible()
    description_id = delete.get_attribute("aria-describedby")
    assert page.locator(f"[id='{description_id}']").inner_text() == reason
    delete.click(force=True)  # a determined click still does nothing
    assert dialogs == []  # no confirmation asked for something that would be refused
    assert page.url.endswith(f"/s/{SLUG}/directions")
    assert page.locator("section[id^=direction-] h2").first.inner_text() == title

    page.goto(f"{live_server}/s/{SLUG}/people/organisations")
    unavailable = page.locator("tbody button[aria-disabled=true]")
    assert unavailable.count() > 0
    assert "ссылаются участники" in unavailable.first.get_attribute("title")
