"""Database engine set-up: SQLite pragmas and the error-time rollback."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000


def init_app(app: Flask) -> None:
    @app.teardown_request
    def _rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            from .extensions import db

            db.session.rollback()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys, a busy timeout and a Unicode ``lower()`` on every SQLite connection.

    SQLite's own ``lower()`` folds ASCII only; searches in Cyrillic need the full one.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value
