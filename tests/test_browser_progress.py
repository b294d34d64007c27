"""Progress after the forum in a real browser: a group member on a phone records a stage's
actual end and an indicator's actual value; the facilitator's dashboard then shows the stage
done, the other one late, and the value.

Runs against its own server and session, so it depends on no other journey.
"""

from datetime import date

import pytest

from sessiontrack.extensions import db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState, Stage
from sessiontrack.sessions.models import SessionState

from . import factories
from .live_world import serve_world
from .test_browser_layout import PHONE, _overflow, _serious_violations

pytestmark = pytest.mark.browser

SLUG = "progress-journey"
FACILITATOR = "vera@progress.example"
MEMBER = "denis@progress.example"
TITLE = "Коворкинг-цех"
IDS: dict[str, int] = {}


def _set_up() -> None:
    """A session in implementation with a recommended project of two stages planned in 2019
    (both late until they end) and one indicator."""
    s = factories.make_session(
        slug=SLUG, title="Сессия в реализации", state=SessionState.IMPLEMENTATION
    )
    factories.make_member(s, ParticipantRole.FACILITATOR, email=FACILITATOR, name="Вера")
    group = factories.make_group(factories.make_direction(s, title="Экономика"))
    factories.make_member(s, ParticipantRole.MEMBER, group=group, email=MEMBER, name="Денис")
    project = factories.make_project(
        s, group, complete=True, state=ProjectState.RECOMMENDED, title=TITLE, short_title=TITLE
    )
    project.stages.append(
        Stage(title="Отбор резидентов", starts_on=date(2019, 7, 1), ends_on=date(2019, 12, 31))
    )
    db.session.flush()
    IDS.update(project=project.id, design=project.stages[0].id, residents=project.stages[1].id)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "progress-live", _set_up) as url:
        yield url


def _log_in(page, server: str, email: str) -> None:
    page.goto(f"{server}/auth/login")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def _fits(page, server: str) -> None:
    assert _overflow(page) <= 0, page.url
    assert _serious_violations(page, server) == [], page.url


def test_a_member_records_progress_on_a_phone_and_the_facilitator_sees_it(server, page, browser):
    page.set_viewport_size(PHONE)
    _log_in(page, server, MEMBER)
    page.goto(f"{server}/s/{SLUG}/projects/{IDS['project']}/implementation")
    page.get_by_role("heading", name=f"Реализация: {TITLE}").wait_for()
    _fits(page, server)

    stage = page.locator(f"#stage-{IDS['design']}")
    stage.get_by_label("Фактическое начало").fill("2019-01-10")
    stage.get_by_label("Фактическое окончание").fill("2019-07-05")
    stage.get_by_label("Статус").select_option("done")
    stage.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Этап внесён.").wait_for()

    form = page.locator("#indicator-form")
    form.get_by_label("Год").fill("2020")
    form.get_by_label("Фактическое значение").fill("40,5")
    form.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Значение внесено.").wait_for()
    assert "40,5" in page.locator("#indicators-heading + div table").inner_text()
    _fits(page, server)

    facilitator = browser.new_context(locale="ru-RU").new_page()
    facilitator.set_viewport_size(PHONE)
    _log_in(facilitator, server, FACILITATOR)
    facilitator.goto(f"{server}/s/{SLUG}/projects/implementation")
    row = facilitator.locator("#portfolio tbody tr").first
    assert TITLE in row.inner_text() and "1 / 2" in row.inner_text()
    done = facilitator.locator(f"li[data-stage='{IDS['design']}']").inner_text()
    assert "Выполнено" in done and "Просрочен" not in done and "завершён 5 июл. 2019" in done
    late = facilitator.locator(f"li[data-stage='{IDS['residents']}']").inner_text()
    assert "Просрочен" in late
    indicator = facilitator.locator("li.indicator-progress").first.inner_text()
    assert "2020" in indicator and "40,5" in indicator
    _fits(facilitator, server)
    facilitator.context.close()


def test_a_member_adds_a_report_and_corrects_it(server, page):
    page.set_viewport_size(PHONE)
    _log_in(page, server, MEMBER)
    page.goto(f"{server}/s/{SLUG}/projects/{IDS['project']}/implementation")
    form = page.locator("#report-form")
    form.get_by_label("Период").fill("2019, III кв.")
    form.get_by_label("Отчёт").fill("Цех отремонтирован, приёмка 20 декабря.")
    form.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Отчёт добавлен.").wait_for()

    page.get_by_role("link", name="Исправить отчёт «2019, III кв.»").click()
    page.get_by_role("heading", name="Исправление отчёта").wait_for()
    _fits(page, server)
    page.get_by_label("Отчёт").fill("Цех отремонтирован, приёмка 20 декабря 2019 года.")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Отчёт исправлен.").wait_for()
    assert "приёмка 20 декабря 2019 года" in page.locator("#reports-heading + article").inner_text()
    _fits(page, server)
