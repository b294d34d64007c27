"""The package builder in a real browser: the facilitator enters the funds from the review's
navigation and sees the chosen set, the money used and the project left out.

Runs against its own server and session, so it depends on no other journey.
"""

from decimal import Decimal

import pytest

from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectState, ResourceKind, ResourceNeed, ResourceStatus
from sessiontrack.sessions.models import SessionState

from . import factories
from .live_world import serve_world

pytestmark = pytest.mark.browser

SLUG = "package-journey"
FACILITATOR = "olga@package.example"


def _set_up() -> None:
    """Three recommended projects asking the federal budget for 6, 5, 5 in 2027, the expert
    ranking them in that order and the investor the other way round: with 10 available the
    best package is the second and third, not the first."""
    s = factories.make_session(slug=SLUG, title="Сессия для форума", state=SessionState.FORUM)
    factories.make_member(s, ParticipantRole.FACILITATOR, email=FACILITATOR, name="Ольга")
    group = factories.make_group(factories.make_direction(s, title="Городская среда"))
    _user, expert = factories.make_expert(s, email="anna@package.example", name="Анна")
    _user, investor = factories.make_expert(
        s, kind=ExpertKind.INVESTOR, email="igor@package.example", name="Игорь"
    )
    criterion = factories.make_criterion(s)
    source = factories.funding_source()
    for title, score, gap, invested in (
        ("Набережная", 9, "6", 3),
        ("Дороги", 8, "5", 6),
        ("Сквер", 7, "5", 9),
    ):
        project = factories.make_project(s, group, title=title, state=ProjectState.RECOMMENDED)
        project.resources.append(
            ResourceNeed(
                kind=ResourceKind.FINANCIAL,
                amount=Decimal(gap),
                unit="млн руб.",
                year=2027,
                funding_source_id=source.id,
                status=ResourceStatus.REQUESTED,
            )
        )
        factories.make_scorecard(project, expert, {criterion: score}, submitted=True)
        factories.make_scorecard(project, investor, {criterion: invested}, submitted=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "package-live", _set_up) as url:
        yield url


def _log_in(server, page) -> None:
    page.goto(f"{server}/auth/login")
    page.get_by_label("Электронная почта").fill(FACILITATOR)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()


def test_the_facilitator_enters_the_funds_and_sees_the_package(server, page):
    _log_in(server, page)
    page.goto(f"{server}/s/{SLUG}/")
    page.get_by_role("button", name="Экспертиза").click()
    navigation = page.get_by_role("navigation", name="Основная навигация")
    navigation.get_by_role("link", name="Пакет проектов для форума").click()
    page.get_by_role("heading", name="Пакет проектов для форума").wait_for()

    fund = page.get_by_label("Федеральный бюджет, 2027")
    fund.fill("десять")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Введите число, например 12,5.").wait_for()  # at the field

    page.get_by_label("Федеральный бюджет, 2027").fill("10")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Средства и места для презентаций сохранены.").wait_for()
    page.get_by_role("link", name="Подобрать пакет").click()

    chosen = page.locator("#package-chosen")
    chosen.wait_for()
    assert "Дороги" in chosen.inner_text() and "Сквер" in chosen.inner_text()
    assert "Набережная" not in chosen.inner_text()
    assert "Не укладывается в средства" in page.locator("#package-left-out").inner_text()
    funds = page.locator("#package-funds").inner_text()
    assert "10" in funds and "10.00" not in funds  # in the reader's format

    # Adopt it, confirming first: the page then says what was adopted and when.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Принять этот пакет").click()
    page.get_by_text("Пакет принят как решение форума.").wait_for()
    adopted = page.locator("#adopted-package").inner_text()
    assert "Принят" in adopted and "Ольга" in adopted
    assert "Дороги" in adopted and "Сквер" in adopted and "Набережная" not in adopted
    page.goto(f"{server}/s/{SLUG}/projects/")
    assert page.locator("tr", has_text="Дороги").locator(".in-package").count() == 1
    assert page.locator("tr", has_text="Набережная").locator(".in-package").count() == 0


def test_the_two_panels_side_by_side_fit_a_phone(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(server, page)
    page.goto(f"{server}/s/{SLUG}/review/results/panels?interim=1")
    table = page.get_by_test_id("panels")
    table.wait_for()
    first = table.locator("tbody tr").first
    assert "Набережная" in first.inner_text()
    assert first.locator("[data-panel=experts]").inner_text().startswith("1")
    assert first.locator("[data-panel=investors]").inner_text().startswith("3")
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )
