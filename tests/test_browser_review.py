"""The review journey in a real browser: criteria, assignment, a conflict, scoring with drafts,
closing, the ranking with its disagreement flag, publication.

Runs against its own server and session (made by a small set-up), so it depends on no other
journey and changes nothing they see.
"""

import re
from datetime import date

import pytest

from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import SessionState

from . import factories
from .live_world import serve_world

pytestmark = pytest.mark.browser

SLUG = "review-journey"
EXPERTS = {
    "anna@review.example": ("Анна Экспертова", ExpertKind.EXPERT),
    "boris@review.example": ("Борис Экспертов", ExpertKind.EXPERT),
    "vera@review.example": ("Вера Инвесторова", ExpertKind.INVESTOR),
}
FACILITATOR = "olga@review.example"


def _set_up() -> None:
    """A session in review with two accepted projects, three experts and no criteria yet."""
    s = factories.make_session(
        slug=SLUG,
        title="Сессия для экспертизы",
        starts_on=date(2019, 3, 1),
        state=SessionState.REVIEW,
    )
    factories.make_member(s, ParticipantRole.FACILITATOR, email=FACILITATOR, name="Ольга Модератор")
    group = factories.make_group(factories.make_direction(s, title="Городская среда"))
    for title in ("Парк на набережной", "Ремонт дорог"):
        factories.make_project(s, group, title=title, state=ProjectState.ACCEPTED)
    for email, (name, kind) in EXPERTS.items():
        factories.make_expert(s, kind=kind, email=email, name=name)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "review-live", _set_up) as url:
        yield url


def _log_in(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()


def _flash(page, text: str) -> None:
    page.locator(".alert", has_text=text).first.wait_for()


def _choose(page, criterion: int, level: int) -> None:
    """Click level ``level`` of the ``criterion``-th criterion (0-based) on the scorecard."""
    page.locator("fieldset").nth(criterion).locator(
        "label", has_text=re.compile(rf"^{level}$")
    ).click()


def _score(page, levels: list[int]) -> None:
    for index, level in enumerate(levels):
        _choose(page, index, level)


def test_the_review_journey(server, page):
    base = f"{server}/s/{SLUG}/review"
    page.on("dialog", lambda dialog: dialog.accept())

    # The facilitator sets the criteria, assigns the three experts and opens the review.
    _log_in(page, server, FACILITATOR)
    page.goto(f"{base}/criteria")
    page.get_by_role("button", name="Добавить стандартные критерии").click()
    _flash(page, "Добавлено стандартных критериев: 6.")
    page.get_by_role("link", name="Изменить").first.click()
    page.get_by_label("Вес").fill("4")
    page.get_by_role("button", name="Сохранить").click()
    _flash(page, "Критерий сохранён.")
    assert "Социально-экономический эффект для города" in page.locator("main").inner_text()
    page.get_by_role("link", name="Назначения").first.click()
    page.get_by_role("button", name="Назначить всех").click()
    _flash(page, "Добавлено назначений: 6.")
    page.get_by_role("link", name="Обзор").click()
    page.get_by_role("button", name="Открыть экспертизу").click()
    _flash(page, "Экспертиза открыта")

    # The investor declares a conflict of interest with the park.
    _log_in(page, server, "vera@review.example")
    page.goto(f"{base}/my")
    page.get_by_role("link", name="Заявить о конфликте интересов…").click()
    page.get_by_label("Проект").first.select_option(label="Парк на набережной")
    page.get_by_label("В чём состоит конфликт интересов").fill("Фонд финансирует подрядчика парка")
    page.get_by_role("button", name="Заявить конфликт").click()
    _flash(page, "Конфликт интересов зарегистрирован")
    work = page.locator("table").first.inner_text()
    assert "Парк на набережной" not in work and "Ремонт дорог" in work

    # Anna scores the park highly: every choice is saved as she goes, a reload keeps it.
    _log_in(page, server, "anna@review.example")
    page.goto(f"{base}/my")
    page.get_by_role("link", name="Следующий неоценённый проект").click()
    page.get_by_role("heading", name="Парк на набережной").wait_for()
    _score(page, [9, 9, 9, 9, 9, 9])
    page.locator("#autosave-status", has_text="Черновик сохранён").wait_for()
    page.wait_for_load_state("networkidle")  # the last choice's autosave has answered
    page.reload()
    assert page.locator("fieldset").nth(5).locator("input[value='9']").is_checked()
    page.get_by_role("button", name="Подать").click()
    _flash(page, "Оценочный лист подан")
    page.get_by_role("heading", name="Ремонт дорог").wait_for()
    _score(page, [6, 6, 6, 6, 6, 6])
    page.get_by_role("button", name="Подать").click()
    _flash(page, "Оценочный лист подан")

    # Boris scores the park low, saves a draft, reloads and finds it, then submits.
    _log_in(page, server, "boris@review.example")
    page.goto(f"{base}/my")
    page.get_by_role("link", name="Следующий неоценённый проект").click()
    page.get_by_role("heading", name="Парк на набережной").wait_for()
    _score(page, [2, 2, 2, 2, 2])
    page.get_by_label("Комментарий для форума и рабочей группы").fill("Эффект не доказан")
    page.get_by_role("button", name="Сохранить черновик").click()
    _flash(page, "Черновик сохранён.")
    page.reload()
    assert page.locator("fieldset").nth(0).locator("input[value='2']").is_checked()
    assert page.get_by_label("Комментарий для форума и рабочей группы").input_value() == (
        "Эффект не доказан"
    )
    _choose(page, 5, 2)
    page.get_by_role("button", name="Подать").click()
    _flash(page, "Оценочный лист подан")
    page.get_by_role("heading", name="Ремонт дорог").wait_for()
    _score(page, [6, 5, 6, 5, 6, 5])
    page.get_by_role("button", name="Подать").click()
    _flash(page, "Оценочный лист подан")
    # Before publication Boris has no way to the results.
    assert page.get_by_role("link", name="Итоги").count() == 0

    # The facilitator closes the review, sees the ranking and the flag, publishes.
    _log_in(page, server, FACILITATOR)
    page.goto(f"{base}/")
    page.get_by_role("button", name="Закрыть экспертизу").click()
    _flash(page, "Экспертиза закрыта")
    page.get_by_role("link", name="Итоги").last.click()
    page.get_by_role("heading", name="Рейтинг").wait_for()
    table = page.locator("table.review-results").inner_text()
    assert "Ремонт дорог" in table and "Парк на набережной" in table
    assert "Эксперты расходятся в оценках" in table
    rows = page.locator("table.review-results tbody tr")
    assert rows.nth(0).locator("td").nth(0).inner_text() == "1"
    page.get_by_role("link", name="нормализованные (z-оценки)").click()
    page.get_by_text("Нормализация по каждому эксперту").wait_for()
    page.get_by_role("link", name="Обзор").click()
    page.get_by_role("button", name="Опубликовать итоги").click()
    _flash(page, "Итоги опубликованы для всех участников сессии.")

    # Published: the expert now sees the results.
    _log_in(page, server, "boris@review.example")
    page.goto(f"{base}/results")
    page.get_by_role("heading", name="Итоги экспертизы").wait_for()
