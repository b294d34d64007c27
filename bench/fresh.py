"""A fresh database holding the generated benchmark session, for bench/run.py and bench/load.py.

SQLite by default (a file in a temporary folder); PostgreSQL when a URL is given, whose
``public`` schema is dropped and rebuilt from the migrations — give a database made for it.
"""

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from sessiontrack import create_app  # noqa: E402
from sessiontrack.config import normalise_database_url  # noqa: E402
from sessiontrack.database import rebuild_schema  # noqa: E402
from sessiontrack.extensions import db  # noqa: E402
from sessiontrack.sampledata.bench import BenchSession, BenchSizes, generate  # noqa: E402


@dataclass
class FreshDatabase:
    """Where the benchmark data lives, and how long it took to make."""

    uri: str
    backend: str
    workdir: str
    bench: BenchSession
    generation_seconds: float
    lock: object = None

    def cleanup(self) -> None:
        if self.lock is not None:
            self.lock.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def bench_config(uri: str, **overrides) -> dict:
    """Settings for a benchmark app: production-like, but CSRF and login throttling off.

    Both cost microseconds per request; turning them off lets scripted clients post forms.
    """
    config = {
        "SQLALCHEMY_DATABASE_URI": uri,
        "SECRET_KEY": "bench-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PROPAGATE_EXCEPTIONS": True,
    }
    config.update(overrides)
    return config


def make_app(uri: str, workdir: str, **overrides) -> Flask:
    os.environ["SESSIONTRACK_INSTANCE_PATH"] = os.path.join(workdir, "instance")
    return create_app(bench_config(uri, **overrides))


def fresh_database(database_url: str | None, sizes: BenchSizes, seed: int = 1) -> FreshDatabase:
    """Build the schema and generate the benchmark session (slug ``bench``)."""
    workdir = tempfile.mkdtemp(prefix="sessiontrack-bench-")
    if database_url:
        uri, backend = normalise_database_url(database_url), "postgresql"
    else:
        uri, backend = f"sqlite:///{workdir}/bench.sqlite3", "sqlite"
    lock = _lock(uri) if backend == "postgresql" else None
    app = make_app(uri, workdir)
    rebuild_schema(app)
    with app.app_context():
        started = time.perf_counter()
        bench = generate(sizes, seed=seed, slug="bench")
        db.session.commit()
        seconds = time.perf_counter() - started
        if backend == "postgresql":
            # The statistics autovacuum gathers within a minute of such a bulk load.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("ANALYZE"))
        db.session.remove()
        db.engine.dispose()
    return FreshDatabase(uri, backend, workdir, bench, seconds, lock)


# Any number: benchmarks on one PostgreSQL database take this advisory lock while they run.
BENCH_LOCK = 7_070_707


def _lock(uri: str):
    """A connection holding the database's benchmark lock for the whole run: a second run on
    the same database would drop the schema under the first one's feet.

    :raise SystemExit: if another run holds it.
    """
    engine = sa.create_engine(uri, poolclass=sa.pool.NullPool)
    connection = engine.connect()
    if not connection.execute(sa.text(f"SELECT pg_try_advisory_lock({BENCH_LOCK})")).scalar():
        connection.close()
        raise SystemExit("another benchmark is running on this database; wait or give another")
    connection.commit()
    return connection


def database_label(uri: str) -> str:
    """The backend and its version, for the report."""
    engine = sa.create_engine(uri)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                version = connection.execute(sa.text("select sqlite_version()")).scalar()
                return f"SQLite {version}"
            version = connection.execute(sa.text("show server_version")).scalar()
            return f"PostgreSQL {version.split()[0]}"
    finally:
        engine.dispose()
