"""Browser check: a form pressed twice is sent once. A double click on «Create token» makes one
token and shows its secret (the second press is not sent while the page waits for the answer;
the server refuses a second token of the same name anyway)."""

import time

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_a_double_click_on_create_token_makes_one_token_and_shows_its_secret(live_server, page):
    requests = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.url)
            if request.method == "POST" and request.url.endswith("/auth/tokens")
            else None
        ),
    )
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Электронная почта").fill("expert1@demo.sessiontrack.example")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()

    page.goto(f"{live_server}/auth/tokens")
    name = f"Дашборд {time.time_ns()}"
    page.locator("#name").fill(name)

    def answer_slowly(route):  # the second press comes while the first waits for its answer
        if route.request.method == "POST":
            time.sleep(0.5)
        route.continue_()

    page.route("**/auth/tokens", answer_slowly)
    # Two presses 100 ms apart, as a double click (clicked by the page: Playwright's own
    # double click is two events in one task, which Chromium folds into one submission).
    page.evaluate(
        """() => {
            const button = document.querySelector("form[action$='/auth/tokens'] [type=submit]");
            button.click();
            setTimeout(() => button.click(), 100);
        }"""
    )
    secret = page.locator("#new-token")
    secret.wait_for()
    assert secret.inner_text().startswith("st_")
    assert len(requests) == 1
    assert page.locator("tbody tr", has_text=name).count() == 1
    assert page.locator(".invalid-feedback").count() == 0
