"""The public catalogue in a real browser: the facilitator publishes it and shows the scores,
then anyone reads it and a project's page — its score and progress — on a phone: no sideways
scroll, no serious accessibility violation.

Runs against its own server and session, so it depends on no other journey.
"""

import os
from datetime import date
from decimal import Decimal

import pytest

from sessiontrack.extensions import db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import (
    IndicatorActual,
    ProjectState,
    SecuredFunding,
    StageStatus,
)
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories
from .live_world import serve_world
from .test_browser_layout import LAPTOP, PHONE, _overflow, _serious_violations

pytestmark = pytest.mark.browser

SLUG = "catalogue-journey"
FACILITATOR = "olga@catalogue.example"
PROJECTS = {
    "Экология": [
        "Благоустройство набережной реки Енисей с велодорожками и зонами отдыха",
        "Раздельный сбор отходов",
    ],
    "Транспорт": ["Новый трамвайный маршрут от вокзала до технопарка"],
}
# Screenshots for a person to look at: written where SCREENSHOTS_DIR says, if it says.
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


def _set_up() -> None:
    """A session at the forum with its results published and three recommended projects."""
    s = factories.make_session(
        slug=SLUG,
        title="Стратегическая сессия «Северный-2030»",
        starts_on=date(2019, 3, 1),
        state=SessionState.FORUM,
        review_state=ReviewState.PUBLISHED,
    )
    factories.make_member(s, ParticipantRole.FACILITATOR, email=FACILITATOR, name="Ольга Модератор")
    criterion = factories.make_criterion(s, title="Эффект для города")
    experts = [factories.make_expert(s, name=f"Эксперт {n}")[1] for n in (1, 2)]
    # Each project scored lower than the one before: the tram, last, ranks third.
    lower = iter(range(3))
    for direction, titles in PROJECTS.items():
        group = factories.make_group(factories.make_direction(s, title=direction))
        for title in titles:
            n = next(lower)
            project = factories.make_project(
                s,
                group,
                complete=True,
                title=title,
                goal="Сделать город удобнее для жителей и гостей " * 3,
                state=ProjectState.RECOMMENDED,
            )
            project.resources[0].amount = Decimal("1234567.5")
            for expert, score in zip(experts, (7 - n, 8 - n), strict=True):
                factories.make_scorecard(project, expert, {criterion: score}, submitted=True)
    _progress(project)


def _progress(project) -> None:
    """The tram's implementation under way: a long stage started late, a value reached, money
    secured from a source with a long name."""
    stage = project.stages[0]
    stage.title = "Проектно-изыскательские работы и государственная экспертиза документации"
    stage.actual_start, stage.status = date(2019, 2, 15), StageStatus.IN_PROGRESS
    db.session.add(IndicatorActual(indicator_id=project.indicators[0].id, year=2020, value=45))
    for day, amount in ((date(2019, 4, 1), "350000"), (date(2019, 10, 1), "120000.25")):
        db.session.add(
            SecuredFunding(
                project_id=project.id,
                funding_source_id=factories.funding_source("regional_budget").id,
                secured_on=day,
                amount=Decimal(amount),
            )
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "catalogue-live", _set_up) as url:
        yield url


def _shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def test_the_published_catalogue_reads_well_on_a_phone(server, page):
    page.goto(f"{server}/auth/login")
    page.get_by_label("Электронная почта").fill(FACILITATOR)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()
    page.goto(f"{server}/s/{SLUG}/catalogue")
    page.get_by_role("button", name="Опубликовать каталог").click()
    page.locator(".alert", has_text="Каталог опубликован").first.wait_for()
    page.get_by_label("Итоговая оценка и место").check()
    page.get_by_role("button", name="Сохранить").click()
    page.locator(".alert", has_text="Страницы каталога показывают").first.wait_for()

    page.context.clear_cookies()
    page.set_viewport_size(LAPTOP)
    page.goto(f"{server}/c/{SLUG}/")
    _shoot(page, "catalogue-1366.png")
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/c/{SLUG}/")
    page.get_by_role("heading", name="Каталог проектов").wait_for()
    assert page.get_by_role("img", name="QR-код каталога").count() == 1
    _shoot(page, "catalogue-390.png")
    assert _overflow(page) <= 0
    assert _serious_violations(page, server) == []

    page.get_by_label("Поиск").fill("трамвай")
    page.get_by_role("button", name="Поиск").click()
    page.get_by_role("link", name=PROJECTS["Транспорт"][0]).click()
    page.get_by_role("heading", name=PROJECTS["Транспорт"][0]).wait_for()
    assert page.get_by_role("img", name="QR-код страницы проекта").count() == 1
    score = page.get_by_test_id("public-score")
    assert "Итоговая оценка" in score.inner_text()
    assert "место 3 из 3 в сессии" in score.inner_text()
    progress = page.get_by_test_id("public-progress")
    assert progress.get_by_role("heading", name="Ход реализации").count() == 1
    assert "Просрочен" in progress.inner_text()  # planned to end in June 2019, not ended
    _shoot(page, "project-390.png")
    assert _overflow(page) <= 0
    assert _serious_violations(page, server) == []
