"""Logging in and out, passwords, safe redirects, no user enumeration."""

import pytest

from sessiontrack.auth import services
from sessiontrack.auth.models import User
from sessiontrack.core.errors import DomainError

from . import factories
from .conftest import AuthActions


def test_login_and_logout(client, auth, db):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    response = auth.login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Мои сессии" in page
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").headers["Location"].startswith("/auth/login")


def test_email_is_case_insensitive(auth, db):
    factories.make_user("anna@example.org")
    db.session.commit()
    assert auth.login("  Anna@Example.org ").status_code == 302


@pytest.mark.parametrize("email", ["anna@example.org", "nobody@example.org"])
def test_wrong_password_does_not_reveal_whether_the_account_exists(auth, db, email):
    factories.make_user("anna@example.org")
    db.session.commit()
    response = auth.login(email, "wrong-password-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Неверный адрес или пароль." in page
    assert "не существует" not in page and "not found" not in page


def test_inactive_account_cannot_log_in(auth, db):
    factories.make_user("anna@example.org", active=False)
    db.session.commit()
    assert "Неверный адрес или пароль." in auth.login("anna@example.org").get_data(as_text=True)


def test_login_form_reports_missing_fields_at_the_field(client):
    page = client.post("/auth/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert 'id="email-error"' in page and 'id="password-error"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/s/x/", "/s/x/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirect_only_to_this_site(client, db, target, expected):
    factories.make_user("anna@example.org")
    db.session.commit()
    response = client.post(
        "/auth/login",
        data={"email": "anna@example.org", "password": factories.PASSWORD, "next": target},
    )
    assert response.headers["Location"] == expected


def test_change_password_logs_out_other_browsers(app, client, auth, db):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    other_browser = app.test_client()
    other_browser.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
    assert other_browser.get("/").status_code == 200
    auth.login(user)
    response = client.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "new-secret-99",
            "confirm": "new-secret-99",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays logged in
    assert other_browser.get("/").status_code == 302  # the other one is logged out
    assert services.authenticate(user.email, "new-secret-99") is not None


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            {
                "current_password": "wrong-one-1",
                "new_password": "new-secret-99",
                "confirm": "new-secret-99",
            },
            "current_password",
            "Текущий пароль указан неверно.",
        ),
        (
            {"current_password": factories.PASSWORD, "new_password": "short1", "confirm": "short1"},
            "new_password",
            "Используйте не меньше 10 символов.",
        ),
        (
            {
                "current_password": factories.PASSWORD,
                "new_password": "onlyletterslong",
                "confirm": "onlyletterslong",
            },
            "new_password",
            "Сочетайте буквы с цифрами",
        ),
        (
            {
                "current_password": factories.PASSWORD,
                "new_password": "new-secret-99",
                "confirm": "other-secret-99",
            },
            "confirm",
            "Пароли не совпадают.",
        ),
    ],
)
def test_change_password_bad_input_gets_a_message_at_the_field(
    client, auth, db, form, field, message
):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    auth.login(user)
    response = client.post("/auth/password", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page
    assert message in page
    assert services.authenticate(user.email, factories.PASSWORD) is not None


def test_one_time_password_forces_a_change(client, auth, db):
    user = factories.make_user("anna@example.org", must_change_password=True)
    db.session.commit()
    response = auth.login(user)
    assert response.headers["Location"] == "/auth/password"


def _dummy_url(rule) -> str:
    """A URL of the rule with made-up values (the guard answers before any view runs)."""
    values = {}
    for name, converter in rule._converters.items():
        items = getattr(converter, "items", None)
        values[name] = sorted(items)[0] if items else ("1" if converter.regex == r"\d+" else "x")
    return rule.build(values, append_unknown=False)[1]


def test_a_one_time_password_leads_only_to_choosing_ones_own(app, client, auth, db):
    """After a reset, the one-time password opens nothing but the change form (and log-out,
    static files, the language switch) until the user has chosen a password."""
    user = factories.make_user("anna@example.org")
    db.session.commit()
    password = services.reset_password(user)
    db.session.commit()
    assert auth.login(user, password).headers["Location"] == "/auth/password"
    open_endpoints = {"auth.change_password", "auth.logout", "static", "core.set_language"}
    leaks = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in open_endpoints:
            continue
        url = _dummy_url(rule)
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method)
            if url.startswith("/api/"):
                # The API ignores the log-in cookie: without a token it answers 401; its
                # description and docs page are public and hold no data.
                public = rule.endpoint in {"api-docs.openapi_json", "api_docs.docs"}
                if response.status_code != (200 if public else 401):
                    leaks.append(f"{method} {url}: {response.status_code}")
            elif response.headers.get("Location") != "/auth/password":
                leaks.append(f"{method} {url}: {response.status_code}")
    assert not leaks, leaks
    with client.get("/static/css/app.css") as stylesheet:
        assert stylesheet.status_code == 200
    switched = client.post("/language", data={"language": "en", "next": "/auth/password"})
    assert switched.headers["Location"] == "/auth/password"
    page = client.get("/auth/password")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Your one-time password has been used up" in text
    assert 'name="current_password"' not in text
    chosen = client.post(
        "/auth/password", data={"new_password": "own-secret-77", "confirm": "own-secret-77"}
    )
    assert chosen.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert services.authenticate(user.email, "own-secret-77") is not None


def test_a_one_time_password_is_spent_by_its_first_use(app, db):
    user, password = services.create_account_with_one_time_password("boris@example.org", "B")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    assert AuthActions(first).login(user, password).headers["Location"] == "/auth/password"
    refused = AuthActions(second).login(user, password)
    assert refused.status_code == 422
    assert "Неверный адрес или пароль." in refused.get_data(as_text=True)
    # The log-in it opened goes on to the change form.
    assert first.get("/auth/password").status_code == 200


def test_choosing_ones_own_password_needs_a_one_time_password(client, auth, db):
    """Without a one-time password the form asks for the current one."""
    user = factories.make_user("anna@example.org")
    db.session.commit()
    auth.login(user)
    page = client.get("/auth/password").get_data(as_text=True)
    assert 'name="current_password"' in page
    with pytest.raises(DomainError, match="Пароль уже выбран"):
        services.choose_own_password(user, "own-secret-77")
    assert user.check_password(factories.PASSWORD)


@pytest.mark.parametrize("replayed", ["session", "remember_token"])
def test_logging_out_revokes_the_cookies_it_had(app, db, replayed):
    """Cookies copied before log-out (the session's, the 365-day remember-me one) open
    nothing afterwards, in any browser."""
    user = factories.make_user("anna@example.org")
    db.session.commit()
    browser = app.test_client()
    browser.post(
        "/auth/login",
        data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
    )
    copied = browser.get_cookie(replayed).value
    assert browser.post("/auth/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie(replayed, copied)
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    # The account itself logs in again as before.
    assert AuthActions(app.test_client()).login(user).status_code == 302


def test_create_user_command(runner, db):
    result = runner.invoke(
        args=[
            "create-user",
            "Boss@Example.org",
            "--password",
            "admin-secret-1",
            "--admin",
            "--name",
            "Boss",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(email="boss@example.org"))
    assert user.is_admin and user.name == "Boss"
    again = runner.invoke(args=["create-user", "boss@example.org", "--password", "admin-secret-1"])
    assert again.exit_code != 0 and "уже существует" in again.output


def test_create_user_command_enforces_the_password_policy(runner, db):
    result = runner.invoke(args=["create-user", "x@example.org", "--password", "short"])
    assert result.exit_code != 0
    assert db.session.scalar(db.select(User).filter_by(email="x@example.org")) is None


@pytest.fixture
def throttled_app(backend):
    """Build the app with login throttling on (3 guesses per account, 5 per address) and
    the given settings; its engine is disposed of afterwards."""
    from sessiontrack import create_app

    from .conftest import base_config

    built = []

    def build(**settings):
        config = base_config(backend[1])
        config.update(
            RATELIMIT_ENABLED=True,
            LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes",
            LOGIN_LIMIT_PER_ADDRESS="5 per 15 minutes",
            **settings,
        )
        built.append(create_app(config))
        return built[-1]

    yield build
    for application in built:
        with application.app_context():
            application.extensions["sqlalchemy"].engine.dispose()


@pytest.fixture
def throttled_client(throttled_app):
    return throttled_app().test_client()


def test_login_is_throttled_per_account(app, db, throttled_client):
    factories.make_user("anna@example.org")
    db.session.commit()
    for _ in range(3):
        response = throttled_client.post(
            "/auth/login", data={"email": "anna@example.org", "password": "wrong-guess-1"}
        )
        assert response.status_code == 422
    blocked = throttled_client.post(
        "/auth/login", data={"email": "anna@example.org", "password": factories.PASSWORD}
    )
    assert blocked.status_code == 429
    assert "Слишком много попыток" in blocked.get_data(as_text=True)
    # Another account from the same address may still log in.
    factories.make_user("boris@example.org")
    db.session.commit()
    response = throttled_client.post(
        "/auth/login", data={"email": "boris@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_login_is_throttled_per_address(app, db, throttled_client):
    for n in range(5):
        throttled_client.post(
            "/auth/login", data={"email": f"guess{n}@example.org", "password": "wrong-guess-1"}
        )
    factories.make_user("anna@example.org")
    db.session.commit()
    response = throttled_client.post(
        "/auth/login", data={"email": "anna@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "disguise",
    ["an\x07na@example.org", "anna@exa\x00mple.org", "\x1b ANNA@example.org"],
)
def test_control_characters_do_not_reset_the_account_limit(app, db, throttled_client, disguise):
    """The form drops control characters before it checks the password: the limit counts
    the account the form checks, not the raw text typed."""
    factories.make_user("anna@example.org")
    db.session.commit()
    for _ in range(3):
        throttled_client.post(
            "/auth/login", data={"email": "anna@example.org", "password": "wrong-guess-1"}
        )
    response = throttled_client.post(
        "/auth/login", data={"email": disguise, "password": factories.PASSWORD}
    )
    assert response.status_code == 429


def test_guesses_at_the_current_password_are_throttled_with_the_logins(app, db, throttled_app):
    """A browser left logged in cannot be used to guess the account's password at the
    change-password form: its guesses count with the log-in form's, for the account."""
    user = factories.make_user("anna@example.org")
    db.session.commit()
    application = throttled_app()
    browser = application.test_client()
    assert AuthActions(browser).login(user).status_code == 302
    change = {"new_password": "new-secret-99", "confirm": "new-secret-99"}
    for _ in range(3):
        refused = browser.post("/auth/password", data={"current_password": "guess-99x", **change})
        assert refused.status_code == 422
    response = browser.post(
        "/auth/password", data={"current_password": factories.PASSWORD, **change}
    )
    assert response.status_code == 429
    assert services.authenticate(user.email, factories.PASSWORD) is not None
    elsewhere = AuthActions(application.test_client()).login(user)
    assert elsewhere.status_code == 429


def test_policy_mistakes_at_the_change_password_form_are_not_guesses(app, db, throttled_client):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    AuthActions(throttled_client).login(user)
    for _ in range(4):
        response = throttled_client.post(
            "/auth/password",
            data={"current_password": factories.PASSWORD, "new_password": "x", "confirm": "x"},
        )
        assert response.status_code == 422
    response = throttled_client.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "new-secret-99",
            "confirm": "new-secret-99",
        },
    )
    assert response.status_code == 302


def _guess_from(browser, address: str, n: int):
    return browser.post(
        "/auth/login",
        data={"email": f"guess{n}@example.org", "password": "wrong-guess-1"},
        headers={"X-Forwarded-For": address},
    )


def test_behind_a_trusted_proxy_the_address_limit_counts_each_browser(app, db, throttled_app):
    """Every browser reaches the app from the proxy's address: with TRUSTED_PROXIES the
    limit counts the address the proxy saw, so one guesser does not lock everyone out."""
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    application = throttled_app(TRUSTED_PROXIES=1)
    guesser = application.test_client()
    guesser.environ_base.update(proxy)
    for n in range(5):
        assert _guess_from(guesser, "203.0.113.7", n).status_code == 422
    assert _guess_from(guesser, "203.0.113.7", 5).status_code == 429
    factories.make_user("anna@example.org")
    db.session.commit()
    colleague = application.test_client()
    colleague.environ_base.update(proxy)
    response = colleague.post(
        "/auth/login",
        data={"email": "anna@example.org", "password": factories.PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.8"},
    )
    assert response.status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(app, db, throttled_app):
    guesser = throttled_app().test_client()
    for n in range(5):
        assert _guess_from(guesser, f"198.51.100.{n}", n).status_code == 422
    assert _guess_from(guesser, "198.51.100.99", 5).status_code == 429


def test_unshared_throttling_is_told_only_for_several_workers_with_memory_storage():
    from sessiontrack.config import DefaultConfig
    from sessiontrack.security import unshared_throttling_warning

    memory = {"RATELIMIT_STORAGE_URI": DefaultConfig.RATELIMIT_STORAGE_URI}
    redis = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}
    assert "4 workers" in unshared_throttling_warning(memory, 4)
    assert unshared_throttling_warning(memory, 1) is None
    assert unshared_throttling_warning(redis, 4) is None
    assert unshared_throttling_warning({**memory, "RATELIMIT_ENABLED": False}, 4) is None


def test_gunicorn_with_several_workers_and_memory_storage_warns_once_at_start_up(tmp_path):
    """The README's gunicorn command, with two workers and no Redis: the log says so."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from bench.servers import ROOT, free_port, server_environment

    env = server_environment(f"sqlite:///{tmp_path}/db.sqlite3", "x" * 32, str(tmp_path))
    log_path = tmp_path / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "python:sessiontrack.gunicorn_conf",
        "--workers",
        "2",
        "--no-control-socket",
        "--preload",  # one import of the app: a quicker start
        "--bind",
        f"127.0.0.1:{free_port()}",
        "sessiontrack:create_app()",
    ]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and log_path.read_text().count("Booting worker") < 2:
            time.sleep(0.2)
        while time.monotonic() < deadline and "throttling" not in log_path.read_text():
            time.sleep(0.2)
        time.sleep(1)  # the second worker has had its chance to warn too
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(timeout=30)
    text = log_path.read_text()
    assert text.count("2 workers keep their own log-in throttling counts") == 1, text


def _cookies(response) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def _flags(header: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}


@pytest.mark.parametrize("secure", [True, False])
def test_session_cookies_are_secure_in_production_and_always_httponly_and_samesite(
    backend, db, secure
):
    from sessiontrack import create_app

    from .conftest import base_config

    config = base_config(backend[1])
    config["SECURE_COOKIES"] = secure
    production = create_app(config)
    user = factories.make_user("ira@example.org")
    db.session.commit()
    response = production.test_client().post(
        "/auth/login",
        data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
    )
    assert response.status_code == 302
    cookies = _cookies(response)
    assert set(cookies) >= {"session", "remember_token"}
    for name in ("session", "remember_token"):
        flags = _flags(cookies[name])
        assert {"httponly", "samesite"} <= flags, cookies[name]
        assert "samesite=lax" in cookies[name].lower()
        assert ("secure" in flags) is secure, cookies[name]
    with production.app_context():
        from sessiontrack.extensions import db as production_db

        production_db.engine.dispose()


def test_secure_cookies_come_from_the_environment(monkeypatch):
    from sessiontrack import create_app

    monkeypatch.setenv("SESSIONTRACK_SECURE_COOKIES", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    monkeypatch.setenv("SESSIONTRACK_SECURE_COOKIES", "false")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert not app.config["SESSION_COOKIE_SECURE"]


def test_a_deactivated_account_is_logged_out_at_its_next_request_remembered_or_not(app, db):
    user = factories.make_user("lev@example.org")
    db.session.commit()
    browser = app.test_client()
    browser.post(
        "/auth/login",
        data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
    )
    assert browser.get("/").status_code == 200
    # The flag alone (as a script or the database might set it) ends the session at once...
    user.active = False
    db.session.commit()
    response = browser.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    # ...and the remember-me cookie does not bring it back: not with the session cookie gone.
    browser.delete_cookie("session")
    assert browser.get("/").status_code == 302
