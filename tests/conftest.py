"""Fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set).

Every test that uses ``app`` runs once per database backend. The schema comes from the
migrations, built once per backend; each test starts from empty tables plus the reference
lists, on one app per backend, put back as built after every test (``SharedApps``).
``SESSIONTRACK_TEST_STRICT=1`` (set by .ci/run) turns every skip for a missing part
(PostgreSQL, Chromium) into a failure.
"""

import copy
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
from sessiontrack.extensions import limiter
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
    """Delete every row (DELETE is quicker than TRUNCATE on tables this small); on PostgreSQL
    in one round trip."""
    with app.app_context():
        _db.session.remove()
        tables = list(reversed(_db.metadata.sorted_tables))
        with _db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                dialect = connection.dialect
                connection.exec_driver_sql(
                    "; ".join(str(table.delete().compile(dialect=dialect)) for table in tables)
                )
            else:
                for table in tables:
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


class SharedApps:
    """One application per database, handed to test after test while each leaves it as built.

    Building the app (its ~170 URL rules compiled) and compiling the templates it renders cost
    about half a second per test; a test gets the app as ``create_app`` made it all the same:
    after each test its configuration, its attributes and its extensions' entries (the results
    caches among them) go back to the state just after it was built, and an app a test changed
    beyond that (a URL rule or a handler added) is dropped, the next test building a new one.
    """

    # Lists of functions Flask keeps per blueprint: a test adding one makes the app unfit.
    HANDLER_LISTS = (
        "before_request_funcs",
        "after_request_funcs",
        "teardown_request_funcs",
        "template_context_processors",
        "url_value_preprocessors",
        "url_default_functions",
    )

    def __init__(self):
        self._apps: dict[str, tuple] = {}

    def get(self, uri: str):
        """The app on ``uri``: the kept one, or a new one."""
        if uri not in self._apps:
            application = create_app(base_config(uri))
            application.test_client_class = IsolatedClient
            application.jinja_env  # noqa: B018  (made lazily: part of the app as built)
            application.logger  # noqa: B018
            self._apps[uri] = (
                application,
                copy.deepcopy(dict(application.config)),
                dict(vars(application)),
                self.shape(application),
            )
        application, _config, _attributes, _shape = self._apps[uri]
        # As a new app: setup methods (add_url_rule, ...) may be called until its first request.
        application._got_first_request = False
        # The rate limiter is one object for every app, switched on or off by the app last
        # built (a test may build one with limits on): switched back as this app set it.
        limiter.init_app(application)
        return application

    def release(self, uri: str) -> None:
        """Put the app back as it was built, or drop it if a test changed what cannot be put
        back."""
        application, config, attributes, shape = self._apps[uri]
        application.config.clear()
        application.config.update(copy.deepcopy(config))
        for name in set(vars(application)) - set(attributes):
            delattr(application, name)
        for name, value in attributes.items():
            if getattr(application, name) is not value:
                setattr(application, name, value)
        for name in set(application.extensions) - set(shape["extension_names"]):
            del application.extensions[name]
        if self.shape(application) != shape:
            del self._apps[uri]
            with application.app_context():
                _db.engine.dispose()

    @classmethod
    def shape(cls, application) -> dict:
        """What a test could change in place: the URL rules, the views, the handlers, the
        extensions and the templates' globals (by identity)."""

        def ids(mapping) -> dict:
            # (Flask's handler maps are defaultdicts: a look-up may add an empty entry.)
            return {
                key: tuple(map(id, value)) if isinstance(value, list) else id(value)
                for key, value in mapping.items()
                if not isinstance(value, list | dict) or value
            }

        env = application.jinja_env
        return {
            "rules": sorted(
                (rule.rule, rule.endpoint, tuple(sorted(rule.methods or ())))
                for rule in application.url_map.iter_rules()
            ),
            "views": ids(application.view_functions),
            "handlers": {name: ids(getattr(application, name)) for name in cls.HANDLER_LISTS},
            "teardown_appcontext": tuple(map(id, application.teardown_appcontext_funcs)),
            # (Flask adds empty entries to these when it looks a handler up.)
            "errors": {
                (blueprint, code): ids(handlers)
                for blueprint, by_code in application.error_handler_spec.items()
                for code, handlers in by_code.items()
                if handlers
            },
            "blueprints": ids(application.blueprints),
            "extension_names": sorted(application.extensions),
            "extensions": ids(application.extensions),
            "jinja": (ids(env.globals), ids(env.filters), ids(env.tests), id(env.loader)),
        }


SHARED_APPS = SharedApps()


@pytest.fixture
def app(backend):
    """The application with its context pushed, on empty tables plus the reference lists
    (the app of ``SHARED_APPS``: as ``create_app`` builds it)."""
    _name, uri = backend
    application = SHARED_APPS.get(uri)
    empty_tables(application)
    try:
        with application.app_context():
            load_reference_data()
            _db.session.commit()
            yield application
            _db.session.remove()
            # Closes the pooled connections (a failed test's may hold a transaction open).
            _db.engine.dispose()
    finally:
        SHARED_APPS.release(uri)


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
