"""Fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set).

Every test that uses ``app`` runs once per database backend. The schema comes from the
migrations, built once per backend; each test starts from empty tables plus the reference
lists. ``SESSIONTRACK_TEST_STRICT=1`` (set by .ci/run) turns every skip for a missing part
(PostgreSQL, Chromium) into a failure.
"""

import os
import tempfile
from functools import partial

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from hypothesis import settings

# Each test process (pytest-xdist runs two) has an instance folder of its own.
if os.environ.get("PYTEST_XDIST_WORKER") or "SESSIONTRACK_INSTANCE_PATH" not in os.environ:
    os.environ["SESSIONTRACK_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="sessiontrack-test-")

from sessiontrack import create_app
from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.reference.data import load_reference_data
from sessiontrack.sessions.models import StrategicSession

from . import factories
from .queries import QueryCounter

# Property tests assert results, never timings: no per-example deadline, which a busy machine
# would turn into random failures.
settings.register_profile("sessiontrack", deadline=None)
settings.load_profile("sessiontrack")

POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL"
STRICT = os.environ.get("SESSIONTRACK_TEST_STRICT") == "1"
BACKENDS = ["sqlite", "postgresql"]


def skip_or_fail(reason: str):
    """Skip with a visible reason, or fail where the run must be complete (CI)."""
    if STRICT:
        pytest.fail(f"required part missing in a strict run: {reason}")
    pytest.skip(reason)


def base_config(database_uri: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": None,
    }


def database_uri_for(backend: str, tmp_dir) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir}/test.sqlite3"
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        skip_or_fail(
            f"PostgreSQL tests need {POSTGRES_URL_VARIABLE} (for example "
            "postgresql://postgres@127.0.0.1:5432/test)"
        )
    from sessiontrack.config import normalise_database_url

    return postgres_database_of_this_worker(normalise_database_url(url))


def postgres_database_of_this_worker(url: str) -> str:
    """The database a test process may wipe: the given one, or, when pytest-xdist runs the
    suite in several processes, one beside it per process (``test_gw0``, ...), made on first
    use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = sa.engine.make_url(url)
    name = f"{given.database}_{worker}"
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def empty_tables(app) -> None:
    """Delete every row (DELETE is quicker than TRUNCATE on tables this small)."""
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> tuple[str, str]:
    """(backend name, database URI) with a migrated schema."""
    uri = database_uri_for(request.param, tmp_path_factory.mktemp(request.param))
    app = create_app(base_config(uri))
    rebuild_schema(app)
    return request.param, uri


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test's own app context stays pushed for direct database access; after each request
    its session is expired so that the test reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture
def app(backend):
    """The application with its context pushed, on empty tables plus the reference lists."""
    _name, uri = backend
    application = create_app(base_config(uri))
    application.test_client_class = IsolatedClient
    empty_tables(application)
    with application.app_context():
        load_reference_data()
        _db.session.commit()
        yield application
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Log a test client in and out as a given user."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password: str = factories.PASSWORD, follow_redirects=False):
        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post(
            "/auth/login",
            data={"email": email, "password": password},
            follow_redirects=follow_redirects,
        )

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def count_queries(app):
    """Makes a counter of the SQL statements run inside it (see ``tests/queries.py``):
    ``with count_queries() as counter: ...; counter.count``."""
    return lambda: QueryCounter(_db.engine)


# ---------------------------------------------------------------------------------------------
# Data shared by several test modules (a module with data of its own overrides the fixture)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def session(db):
    """A strategic session (committed); modules needing more override it."""
    strategic_session = factories.make_session()
    _db.session.commit()
    return strategic_session


@pytest.fixture
def facilitator(session, auth, db):
    """The facilitator of ``session``, logged in with the ``client``."""
    user = factories.make_member(session, ParticipantRole.FACILITATOR)
    _db.session.commit()
    auth.login(user)
    return user


@pytest.fixture
def world(app):
    """A session with a working group, its members and organisations
    (``tests/projects_support.py``); modules with a world of their own override it."""
    from .projects_support import group_world

    return group_world()


@pytest.fixture
def fast_password_hashing(monkeypatch):
    """The demo has ten accounts; scrypt would spend a second hashing them in every test."""
    from werkzeug.security import generate_password_hash

    monkeypatch.setattr(
        "sessiontrack.auth.models.generate_password_hash",
        partial(generate_password_hash, method="pbkdf2:sha256:1000"),
    )


@pytest.fixture
def demo_logins(db, fast_password_hashing):
    """The article's demo session loaded; its logins as (role, e-mail, password)."""
    from sessiontrack.sampledata.demo import load_demo

    logins = load_demo()
    _db.session.commit()
    return logins


@pytest.fixture
def demo(demo_logins, db):
    """The article's demo session (loaded by ``demo_logins``)."""
    from sessiontrack.sampledata.article import SESSION

    return _db.session.scalar(sa.select(StrategicSession).filter_by(slug=SESSION["slug"]))


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app served over HTTP on a free loopback port, on SQLite, with the demo loaded.

    Yields the base URL. Browser tests share it; each journey makes its own session or data.
    """
    import threading

    from werkzeug.serving import make_server

    from sessiontrack.sampledata.demo import load_demo

    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    config = base_config(f"sqlite:///{path}")
    config.update({"WTF_CSRF_ENABLED": True, "TESTING": False})
    application = create_app(config)
    rebuild_schema(application)
    with application.app_context():
        load_demo()
        _db.session.commit()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with application.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        skip_or_fail(
            f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


# A refused form comes back as a page with one of these statuses; Chromium logs it as an error.
REFUSED_FORM_STATUSES = (409, 422)


@pytest.fixture
def page(browser):
    """A Chromium page that fails the test on any script error or failed load, except a
    refused form's page (409/422 for the document itself: the app's answer to bad input)."""
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    refused_pages: set[str] = set()

    def on_response(response):
        if response.request.is_navigation_request() and response.status in REFUSED_FORM_STATUSES:
            refused_pages.add(response.url)

    def on_console(message):
        if message.type != "error":
            return
        if message.location.get("url") in refused_pages and "status of 4" in message.text:
            return
        errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    page.on("console", on_console)
    yield page
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "only_backend(name): run the test on that database backend only"
    )


def pytest_collection_modifyitems(config, items):
    """Deselect the other backends' copies of tests marked ``only_backend``."""
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_backend")
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec else None
        if marker and backend and backend != marker.args[0]:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
