"""Database engine set-up: SQLite pragmas and the error-time rollback.

SQLite and several writers (gunicorn workers): the driver (pysqlite) runs reads outside any
transaction and opens one just before the first write of a request, so a writer's transaction
starts with its write and waits for the lock (up to the busy timeout) instead of failing on a
lock upgrade; tests/test_concurrency.py keeps 40 simultaneous writers honest.
"""

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure(app: Flask) -> None:
    """Engine options from the settings (before the engine is made).

    ``DATABASE_PRE_PING``: SQLAlchemy's ``pool_pre_ping``, a ``SELECT 1`` at each checkout of
    a pooled connection — on PostgreSQL a round trip as dear as a query, on every request.
    Without it a connection the server dropped (a restart) fails the request that meets it;
    SQLAlchemy then renews every connection of the pool, and the next request is served.

    ``SQLITE_BUSY_TIMEOUT_MS``: how long an SQLite writer waits for another one's lock before
    the request fails; the driver's ``timeout`` sets SQLite's busy timeout.
    """
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", bool(app.config.get("DATABASE_PRE_PING")))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("timeout", int(app.config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000)
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app: Flask) -> None:
    """Roll the database session back after a request that raised."""

    @app.teardown_request
    def _rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            from .extensions import db

            try:
                db.session.rollback()
            except Exception:  # the database is gone: the session is dropped at teardown
                app.logger.exception("rollback failed")


def rebuild_schema(app: Flask, revision: str = "head") -> None:
    """Drop everything in the app's database, then build the schema from the migrations up to
    ``revision`` (the test suite and the benchmarks; never on data anyone keeps)."""
    from flask_migrate import upgrade

    from .extensions import db

    with app.app_context():
        engine = db.engine
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
            else:
                meta = sa.MetaData()
                meta.reflect(connection)
                meta.drop_all(connection)
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        upgrade(revision=revision)
        db.engine.dispose()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and a Unicode ``lower()`` on every SQLite connection (the busy
    timeout comes with the connection: :func:`configure`).

    SQLite's own ``lower()`` folds ASCII only; searches in Cyrillic need the full one.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value
