"""Logging in and out, passwords, safe redirects, no user enumeration."""

import pytest

from sessiontrack.auth import services
from sessiontrack.auth.models import User

from . import factories


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
def throttled_client(backend):
    from sessiontrack import create_app

    from .conftest import base_config

    config = base_config(backend[1])
    config.update(
        RATELIMIT_ENABLED=True,
        LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes",
        LOGIN_LIMIT_PER_ADDRESS="5 per 15 minutes",
    )
    application = create_app(config)
    yield application.test_client()
    with application.app_context():
        db_ext = application.extensions["sqlalchemy"]
        db_ext.engine.dispose()


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
