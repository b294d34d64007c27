"""Layout and accessibility in Chromium, over the key pages of each role on the demo session.

The navigation bar fits one screen at desktop widths with the account menu in it; no page
scrolls sideways on a phone; wide tables keep their actions and totals in view; axe-core
(vendored for these tests only) finds no serious or critical violation.
"""

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD, EMAIL_DOMAIN

pytestmark = pytest.mark.browser

SESSION = "/s/zheleznogorsk-2018"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 800}
# A table wider than its .table-responsive box: what the checks below are about.
SCROLLS = "table => table.scrollWidth > table.parentElement.clientWidth"

# The key pages of each role (demo logins); the expert's scorecard is found on their list.
KEY_PAGES = {
    "facilitator": [
        f"{SESSION}/",
        f"{SESSION}/settings",
        f"{SESSION}/people/",
        f"{SESSION}/projects/",
        f"{SESSION}/projects/1",
        f"{SESSION}/projects/resources",
        f"{SESSION}/review/results?interim=1",
        f"{SESSION}/exports/",
        f"{SESSION}/audit/",
    ],
    "group2": [f"{SESSION}/projects/new", "/auth/tokens"],
    "expert2": [f"{SESSION}/review/my"],
    "admin": ["/admin/", "/admin/users", "/admin/sessions/zheleznogorsk-2018"],
}

# Pages that scrolled sideways on a phone when every GET page was walked for every role: the
# wrap-up screen (a big title, the stages' years), the paper scoring sheet (the levels in a
# row, the criteria table), a group's members and the organisations (a table with actions),
# the strategy priorities (a row of buttons). The wrap-up directions and the paper sheet are
# found on the pages that link to them.
PHONE_PAGES = [
    f"{SESSION}/groups/1",
    f"{SESSION}/people/organisations",
    f"{SESSION}/priorities",
]


def _log_in(page, base: str, who: str) -> None:
    """Log in and choose Russian (should an earlier test fail half-way through a language
    switch, the account would be left in English)."""
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.locator("#email").fill(f"{who}@{EMAIL_DOMAIN}")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.locator("nav button[name=language][value=ru]").click()
    page.wait_for_load_state()


def _choose_language(page, base: str, language: str) -> None:
    """The account's interface language, from the switch in the navigation bar."""
    page.goto(f"{base}/")
    page.locator(f"nav button[name=language][value={language}]").click()
    page.wait_for_load_state()


def _overflow(page) -> int:
    """How many pixels the page scrolls sideways."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _serious_violations(page, base: str) -> list[str]:
    """axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is.

    axe-core is loaded from the app's static files: the content security policy allows
    scripts from the app's own origin only, and the test keeps that policy in force."""
    page.add_script_tag(url=f"{base}/static/vendor/axe-core/axe.min.js")
    return page.evaluate(
        """async () => {
          const results = await axe.run(document, {
            resultTypes: ["violations"],
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
          });
          return results.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
        }"""
    )


def _in_view(page, selector: str) -> bool:
    """Whether the element lies inside the viewport and inside every scrolling box around it."""
    return page.locator(selector).first.evaluate(
        """element => {
          const box = element.getBoundingClientRect();
          let clip = {left: 0, right: document.documentElement.clientWidth};
          for (let p = element.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== "visible") {
              const r = p.getBoundingClientRect();
              clip = {left: Math.max(clip.left, r.left), right: Math.min(clip.right, r.right)};
            }
          }
          return box.width > 0 && box.left >= clip.left - 1 && box.right <= clip.right + 1;
        }"""
    )


def test_the_navbar_fits_with_the_account_menu_at_desktop_widths(live_server, page):
    _log_in(page, live_server, "facilitator")
    try:
        for language, log_out in (("ru", "Выйти"), ("en", "Log out")):
            page.locator(f"nav button[name=language][value={language}]").click()
            page.wait_for_load_state()
            for width in (1024, 1366, 1920):
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(f"{live_server}{SESSION}/")
                assert _overflow(page) <= 0, (language, width)
                navbar = page.locator("nav.navbar").bounding_box()
                account = page.locator("nav .navbar-account")
                box = account.bounding_box()
                assert box["x"] + box["width"] <= width and box["y"] < navbar["height"]
                account.click()
                button = page.get_by_role("button", name=log_out)
                assert button.is_visible() and _in_view(page, "nav .dropdown-menu-end")
                page.keyboard.press("Escape")
    finally:
        page.locator("nav button[name=language][value=ru]").click()
        page.wait_for_load_state()

    # The session's menu is grouped: the set-up is one click into «Сессия».
    page.set_viewport_size(LAPTOP)
    page.get_by_role("button", name="Сессия").click()
    page.get_by_role("link", name="Подготовка").click()
    page.wait_for_url(f"{live_server}{SESSION}/settings")

    # A navbar link reached with the keyboard shows a focus ring.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('nav-link')"):
            break
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.className, s.outlineStyle, s.outlineWidth]; })()"
    )
    assert "nav-link" in ring[0] and ring[1] != "none" and float(ring[2].rstrip("px")) >= 2


@pytest.mark.parametrize("who", list(KEY_PAGES))
def test_key_pages_fit_a_phone_and_have_no_serious_accessibility_violation(live_server, page, who):
    _log_in(page, live_server, who)
    paths = list(KEY_PAGES[who])
    if who == "expert2":
        page.goto(f"{live_server}{SESSION}/review/my")
        paths.append(page.locator("a[href*='/review/scorecards/']").first.get_attribute("href"))
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(f"{live_server}{path}")
            assert _overflow(page) <= 0, (path, viewport["width"])
            assert _serious_violations(page, live_server) == [], (path, viewport["width"])


def test_wide_tables_keep_actions_and_totals_in_view(live_server, page):
    _log_in(page, live_server, "facilitator")
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server}{SESSION}/review/results?interim=1")
    assert page.locator("table.review-results").evaluate(SCROLLS)
    assert _in_view(page, "table.review-results button[value=yes]")
    assert _in_view(page, "table.review-results button[value=no]")

    # The money table's totals stay in view while its years scroll under them.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server}{SESSION}/projects/resources")
    assert page.locator("table.money-table").first.evaluate(SCROLLS)
    assert _in_view(page, "table.money-table tfoot td:last-child")
    assert _in_view(page, "table.money-table tfoot td:nth-last-child(3)")

    # On a phone the expert's list is a stack of cards: state and the button in view.
    _log_in(page, live_server, "expert2")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}{SESSION}/review/my")
    assert _overflow(page) <= 0
    assert _in_view(page, "table.table-cards tbody tr td .badge")
    assert _in_view(page, "table.table-cards tbody tr td a.btn")


def test_the_pages_that_scrolled_sideways_on_a_phone_fit_it_in_both_languages(live_server, page):
    _log_in(page, live_server, "facilitator")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}{SESSION}/review/")
    paths = [*PHONE_PAGES, page.locator("a[href*='/review/paper/']").first.get_attribute("href")]
    page.goto(f"{live_server}{SESSION}/projects/wrapup")
    directions = [page.url]
    while page.locator("#wrapup-next").count():
        page.locator("#wrapup-next").click()
        page.wait_for_url(lambda url: url not in directions)
        directions.append(page.url)
    assert len(directions) == 4
    try:
        for language in ("ru", "en"):
            _choose_language(page, live_server, language)
            for url in [*directions, *(f"{live_server}{path}" for path in paths)]:
                page.goto(url)
                assert _overflow(page) <= 0, (url, language)
                if language == "ru" and url not in directions[1:]:
                    assert _serious_violations(page, live_server) == [], url
    finally:
        _choose_language(page, live_server, "ru")

    # The wrap-up screen on a phone: the direction's title in one column, the stages' years
    # inside the chart; a group member's button to leave the group in view on its card.
    page.goto(directions[0])
    title = page.locator("h1.wrapup-title").bounding_box()
    assert title["x"] + title["width"] <= PHONE["width"]
    years = page.locator(".timeline-years").first.bounding_box()
    assert years["x"] + years["width"] <= PHONE["width"]
    page.goto(f"{live_server}{SESSION}/groups/1")
    assert _in_view(page, "table.table-cards tbody tr td form .btn")

    # A changed value that is one long word (an e-mail address) breaks inside the history.
    address = "a-very-long-address-of-one-participant@" + "long-subdomain." * 3 + "example"
    page.goto(f"{live_server}{SESSION}/people/new")
    page.locator("#full_name").fill("Длинный Адрес")
    page.locator("#email").fill(address)
    page.locator("#role").select_option("guest")  # a group member would need a group
    page.locator("main form [type=submit]").click()
    page.locator("table.audit-changes").wait_for()
    assert address in page.locator("main").inner_text()
    assert _overflow(page) <= 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Удалить из сессии").click()
    page.get_by_text("Участник удалён из сессии: Длинный Адрес.").wait_for()
