"""The package builder in a real browser: the facilitator enters the funds from the review's
navigation and sees the chosen set, the money used and the project left out.

Runs against its own server and session, so it depends on no other journey.
"""

from decimal import Decimal

import pytest

from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState, ResourceKind, ResourceNeed, ResourceStatus
from sessiontrack.sessions.models import SessionState

from . import factories
from .live_world import serve_world

pytestmark = pytest.mark.browser

SLUG = "package-journey"
FACILITATOR = "olga@package.example"


def _set_up() -> None:
    """Three recommended projects scored 90, 80, 70 asking the federal budget for 6, 5, 5 in
    2027: with 10 available the best package is the second and third, not the first."""
    s = factories.make_session(slug=SLUG, title="Сессия для форума", state=SessionState.FORUM)
    factories.make_member(s, ParticipantRole.FACILITATOR, email=FACILITATOR, name="Ольга")
    group = factories.make_group(factories.make_direction(s, title="Городская среда"))
    _user, expert = factories.make_expert(s, email="anna@package.example", name="Анна")
    criterion = factories.make_criterion(s)
    source = factories.funding_source()
    for title, score, gap in (("Набережная", 9, "6"), ("Дороги", 8, "5"), ("Сквер", 7, "5")):
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "package-live", _set_up) as url:
        yield url


def test_the_facilitator_enters_the_funds_and_sees_the_package(server, page):
    page.goto(f"{server}/auth/login")
    page.get_by_label("Электронная почта").fill(FACILITATOR)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{server}/s/{SLUG}/")
    page.get_by_role("button", name="Экспертиза").click()
    page.get_by_role("link", name="Пакет проектов для форума").click()
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
    assert "10.00" in funds
