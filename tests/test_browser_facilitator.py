"""Browser journey: the admin creates a session and appoints the demo facilitator, who imports
the participant list (fixing a bad row first), creates a working group, records a talk and a
decision, and opens the day."""

import itertools
import time

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.sessiontrack.example"
FACILITATOR = "facilitator@demo.sessiontrack.example"
_journeys = itertools.count(1)

HEADER = "ФИО;Организация;Вид организации;Должность;E-mail;Роль\r\n"
ROWS = [
    "Малхасян Карен;Госкорпорация «Росатом»;госкорпорация;Заместитель начальника управления;"
    "malkhasyan@rosatom.example.ru;докладчик",
    "Проскурнин Сергей;Администрация ЗАТО г. Железногорск;администрация;Первый заместитель главы;"
    "proskurnin@adm.example.ru;докладчик",
    # A guest until she is put in a group below: a group member cannot come without one.
    "Орлова Наталья;Клуб предпринимателей;бизнес;Предприниматель;orlova@club;гость",
]


def _people_file(rows) -> dict:
    """The list as a Windows-1251, semicolon-separated CSV, as Excel saves it."""
    return {
        "name": "участники.csv",
        "mimeType": "text/csv",
        "buffer": (HEADER + "\r\n".join(rows) + "\r\n").encode("cp1251"),
    }


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()


def _log_out(page) -> None:
    # The menu opens by Bootstrap's script, which runs at the end of the page: a click before
    # it ran opens nothing (the text above may already show while the page still loads).
    page.wait_for_load_state("load")
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Выйти").click()
    page.get_by_role("button", name="Войти").wait_for()


def test_facilitator_sets_up_and_records_a_session(live_server, page):
    slug = f"browser-{next(_journeys)}-{int(time.time())}"
    title = "Проектная сессия 2019 (браузерный тест)"

    # The admin creates the session and appoints the demo facilitator.
    _log_in(page, live_server, ADMIN)
    page.get_by_role("link", name="Администрирование").click()
    page.get_by_role("link", name="Создать сессию").first.click()
    page.get_by_label("Адрес (slug)").fill(slug)
    page.get_by_label("Название").fill(title)
    page.get_by_label("Дата начала").fill("2019-11-01")
    page.get_by_role("button", name="Создать сессию").click()
    page.get_by_text("Сессия создана. Теперь назначьте её модераторов.").wait_for()
    page.get_by_label("Электронная почта учётной записи").fill(FACILITATOR)
    page.get_by_role("button", name="Назначить").click()
    page.get_by_text("теперь модератор сессии").wait_for()
    _log_out(page)

    # The facilitator imports the list; the file has a bad e-mail on line 4.
    _log_in(page, live_server, FACILITATOR)
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Участники").first.click()
    page.get_by_role("link", name="Импорт из файла").first.click()
    page.locator("#file").set_input_files(_people_file(ROWS))
    page.get_by_role("button", name="Проверить файл").click()
    problems = page.locator("#import-problems")
    problems.wait_for()
    assert "Неправильный адрес электронной почты «orlova@club»." in problems.inner_text()
    assert "4" in problems.locator("td").first.inner_text()
    # Not all of it: only the rows without problems, as a choice of its own.
    assert page.get_by_role("button", name="Импортировать", exact=True).count() == 0
    assert page.get_by_role("button", name="Импортировать корректные строки").is_visible()

    # Fixed and uploaded again, it imports.
    page.get_by_role("link", name="Загрузить другой файл").click()
    fixed = [*ROWS[:2], ROWS[2].replace("orlova@club", "orlova@club.example.ru")]
    page.locator("#file").set_input_files(_people_file(fixed))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("heading", name="Новые участники").wait_for()
    page.get_by_role("button", name="Импортировать", exact=True).click()
    page.get_by_text("Импорт выполнен: новых организаций — 3, новых участников — 3").wait_for()
    assert page.get_by_role("link", name="Орлова Наталья").is_visible()

    # A direction with a working group, and a person in it.
    page.get_by_role("button", name="Сессия").click()  # the session's menu
    page.get_by_role("link", name="Подготовка").click()
    page.get_by_role("link", name="Направления и группы").click()
    page.get_by_label("Направление").fill("Базовый сектор экономики")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="Добавить рабочую группу").click()
    page.get_by_label("Рабочая группа").fill("Малый бизнес")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="Малый бизнес").click()
    page.locator("#participant_id").select_option(label="Орлова Наталья · Клуб предпринимателей")
    page.get_by_label("Роль в группе").select_option("moderator")
    page.get_by_role("button", name="Добавить в группу").click()
    page.get_by_text("Орлова Наталья теперь в группе «Малый бизнес».").wait_for()

    # The record of the day: an agenda item, a talk, a decision.
    page.get_by_role("button", name="Сессия").click()  # the session's menu
    page.get_by_role("link", name="Программа").click()
    page.get_by_role("link", name="Добавить пункт программы").first.click()
    page.get_by_label("Название").fill("Открытие сессии")
    page.get_by_label("Начало").fill("10:00")
    page.get_by_label("Окончание").fill("10:30")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="Записать выступление").click()
    page.get_by_label("Докладчик").select_option(label="Малхасян Карен · Госкорпорация «Росатом»")
    page.get_by_label("Тема выступления").fill("Национальные проекты и города атомной отрасли")
    page.get_by_label("Тезисы").fill("12 национальных проектов\nПредложен 13-й")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Выступление записано.").wait_for()
    page.get_by_role("link", name="Записать решение").first.click()
    page.get_by_label("Решение").fill("Доработать паспорта приоритетных проектов")
    page.get_by_label("Ответственный", exact=True).fill("Модераторы рабочих групп")
    page.get_by_label("Срок").fill("2019-11-15")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Решение записано.").wait_for()
    agenda = page.locator("main").inner_text()
    assert "10:00–10:30" in agenda and "Малхасян Карен" in agenda
    assert "Доработать паспорта приоритетных проектов" in agenda

    # The day starts: the stage moves on after a confirmation.
    page.get_by_role("button", name="Сессия").click()  # the session's menu
    page.get_by_role("link", name="Подготовка").click()
    page.get_by_role("link", name="Этап").click()
    page.get_by_label("Комментарий").first.fill("Участники собрались")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Перевести на этап «Идёт сессия»").click()
    page.get_by_text("Сессия переведена на этап «Идёт сессия».").wait_for()
    page.get_by_role("link", name="Журнал изменений").click()
    log = page.locator("main").inner_text()
    assert "Участники собрались" in log and "Ольга Смирнова (демо)" in log
