"""An investor at the forum marks interest from a project's public page on a phone: signs in
from the page, comes back to it, fills the short form and sees their terms.

Runs against its own server and session, so it depends on no other journey.
"""

import threading
from datetime import date

import pytest

from sessiontrack import create_app
from sessiontrack.core.models import utcnow
from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ExpertKind
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories
from .conftest import base_config
from .test_browser_layout import PHONE, _overflow, _serious_violations

pytestmark = pytest.mark.browser

SLUG = "interest-journey"
INVESTOR = "ivan@invest.example"
TITLE = "Новый трамвайный маршрут от вокзала до технопарка"


def _set_up() -> int:
    """A session at the forum with its catalogue published, one recommended project and an
    investor; the project's id."""
    s = factories.make_session(
        slug=SLUG,
        title="Стратегическая сессия «Северный-2030»",
        starts_on=date(2019, 3, 1),
        state=SessionState.FORUM,
        review_state=ReviewState.PUBLISHED,
        catalogue_published_at=utcnow(),
    )
    group = factories.make_group(factories.make_direction(s, title="Транспорт"))
    project = factories.make_project(
        s, group, complete=True, title=TITLE, state=ProjectState.RECOMMENDED
    )
    factories.make_expert(s, kind=ExpertKind.INVESTOR, email=INVESTOR, name="Иван Инвестор")
    return project.id


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import make_server

    path = tmp_path_factory.mktemp("interest-live") / "live.sqlite3"
    config = base_config(f"sqlite:///{path}")
    config.update({"WTF_CSRF_ENABLED": True, "TESTING": False})
    application = create_app(config)
    rebuild_schema(application)
    with application.app_context():
        from sessiontrack.reference.data import load_reference_data

        load_reference_data()
        project_id = _set_up()
        _db.session.commit()
    http = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}", project_id
    finally:
        http.shutdown()
        thread.join(timeout=10)
        with application.app_context():
            _db.engine.dispose()


def test_an_investor_marks_interest_on_a_phone(server, page):
    base, project_id = server
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/c/{SLUG}/p/{project_id}")
    page.get_by_role("link", name="Войдите, чтобы отметить интерес").click()
    page.get_by_label("Электронная почта").fill(INVESTOR)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name=TITLE).wait_for()  # back on the project's page

    page.get_by_label("Форма участия").select_option("loan")
    page.get_by_label("От, млн руб.").fill("10,5")
    page.get_by_label("До, млн руб.").fill("25")
    page.get_by_label("Этап для участия").select_option(label="Design")
    page.get_by_label("Примечание").fill("Готов обсудить на стенде")
    page.get_by_role("button", name="Отметить интерес").click()
    page.locator(".alert", has_text="Ваш интерес").first.wait_for()
    terms = page.get_by_test_id("interest-terms")
    assert "Заём" in terms.inner_text() and "Design" in terms.inner_text()
    assert page.get_by_role("button", name="Изменить интерес").count() == 1
    assert _overflow(page) <= 0
    assert _serious_violations(page, server[0]) == []
