"""The bell's pages and the facilitator's reminders fit a phone, with the bell in the bar, and
have no serious accessibility violation."""

from .test_browser_layout import PHONE, SESSION, _log_in, _overflow, _serious_violations


def test_the_bell_and_its_pages_fit_a_phone(live_server, page):
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "facilitator")
    for path in ("/notifications/", "/notifications/email", f"{SESSION}/reminders/"):
        page.goto(f"{live_server}{path}")
        assert page.locator("nav a.navbar-bell").is_visible(), path
        assert _overflow(page) <= 0, path
        assert _serious_violations(page, live_server) == [], path
    page.goto(f"{live_server}/notifications/email")
    page.locator("#project_returned").uncheck()
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert "Настройки писем сохранены." in page.content()
    assert not page.locator("#project_returned").is_checked()
