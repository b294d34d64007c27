"""The project journey in Chromium: a group member writes a project, the facilitator returns it
with a remark, the member revises and resubmits, the facilitator compares and accepts."""

import uuid

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD, EMAIL_DOMAIN

pytestmark = pytest.mark.browser

SLUG = "zheleznogorsk-2018"


def _log_in(page, base: str, who: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.get_by_label("Электронная почта").fill(f"{who}@{EMAIL_DOMAIN}")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()


def _state(page) -> str:
    return page.locator("#project-state").inner_text()


def test_a_project_goes_from_draft_to_accepted(live_server, page):
    title = f"Ярмарка местных производителей {uuid.uuid4().hex[:8]}"
    _log_in(page, live_server, "group2")
    page.goto(f"{live_server}/s/{SLUG}/projects/")
    page.get_by_role("link", name="Новый проект").first.click()
    page.get_by_role("heading", name="Паспорт проекта").wait_for()

    page.locator("#title").fill(title)
    page.locator("#short_title").fill("Ярмарка")
    page.locator("#problem").fill("Малым производителям негде продавать продукцию")
    page.locator("#expected_results").fill("Ярмарка работает каждую субботу")
    page.locator("#start_year").fill("2019")
    page.locator("#end_year").fill("2020")
    page.locator("#lead_organisation").select_option(
        label="Клуб предпринимателей Железногорска (демо)"
    )
    page.locator("#responsible_person").fill("Наталья Орлова")
    page.locator("#risks").fill("Низкая посещаемость")
    page.get_by_label("Малое и среднее предпринимательство", exact=False).check()
    page.locator("#indicators-0-name").fill("Участники ярмарки")
    page.locator("#indicators-0-target").fill("40")
    page.locator("#indicators-0-year").fill("2020")

    # Two resources: the second row is added in place.
    page.locator("#resources-0-description").fill("Торговые павильоны")
    page.locator("#resources-0-amount").fill("3,5")
    page.locator("#resources-0-year").fill("2019")
    page.locator("#resources-0-funding_source").select_option(label="Местный бюджет")
    page.get_by_role("button", name="Добавить ресурс").click()
    page.locator("#resources-1-amount").wait_for()
    assert page.locator("#resources-0-amount").input_value() == "3,5"  # kept in place
    assert "#resources-section" not in page.url  # swapped in by htmx, not a reload
    page.locator("#resources-1-description").fill("Оборудование")
    page.locator("#resources-1-amount").fill("1,2")
    page.locator("#resources-1-year").fill("2020")
    page.locator("#resources-1-funding_source").select_option(label="Частные инвестиции")

    # Three key stages.
    stages = [
        ("Выбор площадки", "2019-02-01", "2019-04-30"),
        ("Установка павильонов", "2019-05-01", "2019-08-31"),
        ("Первая ярмарка", "2019-09-01", "2019-09-30"),
    ]
    for index, (stage_title, starts, ends) in enumerate(stages):
        if index:
            page.get_by_role("button", name="Добавить этап").click()
            page.locator(f"#stages-{index}-title").wait_for()
        page.locator(f"#stages-{index}-title").fill(stage_title)
        page.locator(f"#stages-{index}-starts_on").fill(starts)
        page.locator(f"#stages-{index}-ends_on").fill(ends)

    # Submitting without a goal: told precisely what is missing, linked to the field.
    page.get_by_role("button", name="Сохранить и отправить").click()
    missing = page.get_by_role("alert").filter(has_text="Не заполнено:")
    missing.wait_for()
    missing.get_by_role("link", name="цель").click()
    page.wait_for_url("**#goal")
    page.locator("#goal").fill("Дать производителям место для торговли")
    page.get_by_role("button", name="Сохранить и отправить").click()
    page.get_by_text("Проект отправлен. Модератор сессии его рассмотрит.").wait_for()
    assert _state(page) == "Подан"
    project_url = page.url

    # The facilitator returns it with a remark.
    _log_in(page, live_server, "facilitator")
    page.goto(project_url)
    page.get_by_label("Замечания для группы").fill("Добавьте собственные средства участников")
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.get_by_text("Проект возвращён группе с вашими замечаниями.").wait_for()
    assert _state(page) == "Возвращён на доработку"

    # The member sees the remark, revises and resubmits.
    _log_in(page, live_server, "group2")
    page.goto(project_url)
    assert "Добавьте собственные средства участников" in page.locator("#remarks").inner_text()
    page.get_by_role("link", name="Редактировать паспорт").click()
    page.locator("#resources-1-amount").fill("2")
    page.get_by_role("button", name="Сохранить и отправить").click()
    page.get_by_text("Проект отправлен. Модератор сессии его рассмотрит.").wait_for()

    # The facilitator sees what changed since the return, then accepts.
    _log_in(page, live_server, "facilitator")
    page.goto(project_url)
    page.get_by_role("button", name="Сравнить").click()
    page.get_by_role("heading", name="Сравнение редакций").wait_for()
    changes = page.locator("table.diff-table").inner_text()
    assert "1,2" in changes and "2" in changes and "Оборудование" in changes
    assert page.locator("table.diff-table del").filter(has_text="1,2").count() == 1
    page.get_by_role("link", name="Ярмарка").click()
    page.get_by_role("button", name="Принять к экспертизе").click()
    page.get_by_text("Проект принят к экспертизе.").wait_for()
    assert _state(page) == "Принят к экспертизе"

    # At the wrap-up the facilitator shows the directions one by one, with the arrow keys.
    page.goto(f"{live_server}/s/{SLUG}/projects/wrapup")
    page.get_by_role("heading", name="Научно-технологическое развитие и точки роста").wait_for()
    assert page.locator("nav.navbar").count() == 0
    page.wait_for_load_state()  # the script that listens to the keys has run
    page.keyboard.press("ArrowRight")
    page.get_by_role("heading", name="Базовый сектор экономики").wait_for()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ярмарка").count() == 1  # accepted just now
    page.keyboard.press("ArrowLeft")
    page.get_by_role("heading", name="Научно-технологическое развитие и точки роста").wait_for()
