"""The app factory, configuration and database connection settings."""

import re
from pathlib import Path

import sqlalchemy as sa

from sessiontrack import create_app
from sessiontrack.config import normalise_database_url


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSIONTRACK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_configuration_order_instance_file_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSIONTRACK_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("PER_PAGE = 7\nMAX_CONTENT_LENGTH = 1\n")
    monkeypatch.setenv("SESSIONTRACK_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.invalid/x")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["PER_PAGE"] == 7
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.invalid/x"


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSIONTRACK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/sessiontrack.sqlite3"


def test_normalise_database_url():
    assert normalise_database_url("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSIONTRACK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    from sessiontrack.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(sa.text("PRAGMA busy_timeout")).scalar() == 15000
    with app.app_context():
        db.engine.dispose()


def test_security_headers_on_every_page(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


# A style attribute, a style element, or a script element with neither a source nor JSON data.
INLINE = re.compile(
    r"""\sstyle=["']|<style[\s>]"""
    r"""|<script(?![^>]*\s(?:src=|type="application/json"))[\s>]"""
)


def test_no_template_writes_an_inline_style_or_script(client):
    """The content security policy allows styles and scripts from the app's own files only: an
    inline ``style=""``, ``<style>`` or ``<script>`` without ``src`` would be blocked in the
    browser (a report's line breaks were lost that way). A JSON data block is not a script."""
    templates = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for path in sorted(templates.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if INLINE.search(text):
            offenders.append(str(path.relative_to(templates)))
    assert offenders == []
    assert "style-src 'self'" in client.get("/auth/login").headers["Content-Security-Policy"]


def test_vendored_assets_are_served_locally(client):
    page = client.get("/auth/login").get_data(as_text=True)
    for asset in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/htmx/htmx.min.js",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "js/app.js",
    ):
        assert f"/static/{asset}" in page
        with client.get(f"/static/{asset}") as response:
            assert response.status_code == 200
    assert "http://" not in page and "https://" not in page
