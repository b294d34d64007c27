"""Backup and restore of the whole instance, on both databases and across them."""

import json
import os
import uuid
import zipfile
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from sessiontrack import create_app
from sessiontrack.core.errors import DomainError
from sessiontrack.core.models import DataRevision
from sessiontrack.exports import backup, session_json
from sessiontrack.extensions import db as _db
from sessiontrack.review.models import Score
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sessions.models import StrategicSession

from .conftest import POSTGRES_URL_VARIABLE, base_config, skip_or_fail
from .export_data import make_forum_session


def _fill(db) -> None:
    load_demo()
    db.session.commit()
    make_forum_session()


def _snapshot(db) -> tuple[dict, list]:
    """Row counts of every table but the skipped ones, and every session's JSON export."""
    counts = {
        table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        for table in backup.backed_up_tables()
    }
    documents = []
    for s in db.session.scalars(sa.select(StrategicSession).order_by(StrategicSession.slug)):
        document = session_json.export_session(s)
        document.pop("exported_at")
        documents.append(document)
    return counts, documents


@contextmanager
def _other_database(uri: str):
    """An app on another, freshly migrated database, its context pushed."""
    app = create_app(base_config(uri))
    with app.app_context():
        upgrade()
        try:
            yield app
        finally:
            _db.session.remove()
            _db.engine.dispose()


def _sqlite_uri(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/restored-{uuid.uuid4().hex}.sqlite3"


def test_backup_restores_into_an_empty_sqlite_database(app, db, tmp_path):
    """On the PostgreSQL run this is PostgreSQL → SQLite."""
    _fill(db)
    path = tmp_path / "instance.zip"
    report = backup.backup(path)
    expected = _snapshot(db)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "sessiontrack.backup"
        assert manifest["alembic_revision"] == report.revision
        names = [entry["name"] for entry in manifest["tables"]]
        assert names.index("strategic_session") < names.index("project") < names.index("score")
        assert "export_job" not in names and "data_revision" not in names
        first = json.loads(archive.open("tables/strategic_session.jsonl").readline())
        assert first["starts_on"] == "2018-11-01"
    with _other_database(_sqlite_uri(tmp_path)):
        restored = backup.restore(path)
        assert restored.tables == report.tables
        assert _snapshot(_db) == expected


@pytest.mark.only_backend("sqlite")
def test_restore_across_databases_sqlite_to_postgresql(app, db, tmp_path):
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        skip_or_fail(f"restoring into PostgreSQL needs {POSTGRES_URL_VARIABLE}")
    from sessiontrack.config import normalise_database_url

    _fill(db)
    path = tmp_path / "instance.zip"
    backup.backup(path)
    expected = _snapshot(db)
    schema = f"restore_{uuid.uuid4().hex[:8]}"
    base = normalise_database_url(url)
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        with _other_database(f"{base}?options=-csearch_path%3D{schema}"):
            backup.restore(path)
            assert _snapshot(_db) == expected
            # The sequences moved past the restored ids: a new row gets a fresh id.
            _db.session.add(StrategicSession(slug="after-restore", title="После восстановления"))
            _db.session.commit()
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def test_restore_refuses_a_non_empty_database_unless_forced(app, db, runner, tmp_path):
    _fill(db)
    path = tmp_path / "instance.zip"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    expected = _snapshot(db)
    forum = db.session.scalar(sa.select(StrategicSession).filter_by(slug="forum-2018"))
    forum.title = "Изменено после резервной копии"
    db.session.execute(sa.delete(Score))
    db.session.commit()
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 1
    assert "not empty" in result.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Score)) == 0
    token = db.session.scalar(sa.select(DataRevision.token))
    result = runner.invoke(args=["restore", str(path), "--force"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert _snapshot(db) == expected
    # Written around the ORM, yet no server keeps results computed from what was there before.
    assert db.session.scalar(sa.select(DataRevision.token)) not in (None, token)


def test_restore_refuses_another_schema_revision_and_other_files(app, db, tmp_path):
    _fill(db)
    path = tmp_path / "instance.zip"
    backup.backup(path)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(other, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(content)
                manifest["alembic_revision"] = "9999_future"
                content = json.dumps(manifest).encode()
            target.writestr(item, content)
    with _other_database(_sqlite_uri(tmp_path)):
        with pytest.raises(DomainError, match="9999_future"):
            backup.restore(other)
        not_zip = tmp_path / "not.zip"
        not_zip.write_text("hello")
        with pytest.raises(DomainError, match="Cannot read"):
            backup.restore(not_zip)
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(StrategicSession)) == 0


def test_a_broken_backup_restores_nothing(app, db, tmp_path):
    _fill(db)
    path = tmp_path / "instance.zip"
    backup.backup(path)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "tables/score.jsonl":
                content += b'{"id": 1, "scorecard_id": 1, "criterion_id": 1}\n'
            target.writestr(item, content)
    with _other_database(_sqlite_uri(tmp_path)):
        with pytest.raises(DomainError, match="nothing was restored"):
            backup.restore(broken)
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(StrategicSession)) == 0
