"""Backup and restore of the whole instance, in a format no database owns.

A backup is a ZIP file::

    manifest.json          {"format": "sessiontrack.backup", "version": 1,
                            "alembic_revision": "...", "created_at": "...",
                            "tables": [{"name": "user_account", "rows": 12}, ...]}
    tables/<table>.jsonl   one JSON object per row, column name → value

Tables come in dependency order (a row's references are restored before it). Values are
written by column type: dates, times and timestamps as ISO 8601 (timestamps in UTC), exact
numbers as strings, binary data as base64, JSON as it is. So a backup of SQLite restores into
PostgreSQL and back. Export jobs (files built for download, kept a day) are not backed up.

Restore checks that the backup was made at the database's schema revision (run
``flask db upgrade`` first), refuses a database that holds anything but the reference lists
unless forced, and then writes every table in one transaction: all or nothing.
"""

import base64
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from ..core import revision as data_revision
from ..core.errors import DomainError
from ..core.models import utcnow
from ..extensions import db

FORMAT = "sessiontrack.backup"
VERSION = 1
MANIFEST = "manifest.json"
# Transient: export jobs, and the data revision (a restore writes a new one, see below).
SKIPPED_TABLES = frozenset({"export_job", "data_revision"})
# Restored over, not refused: what `flask db upgrade` seeds into a fresh database.
REFERENCE_TABLES = frozenset({"national_project", "funding_source"})
BATCH = 1000

Progress = Callable[[str, int], None] | None


@dataclass
class BackupReport:
    revision: str
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """The number of rows in all tables."""
        return sum(self.tables.values())


def backed_up_tables() -> list[sa.Table]:
    """Every table of the schema but the skipped ones, in dependency order."""
    return [table for table in db.metadata.sorted_tables if table.name not in SKIPPED_TABLES]


def current_revision(connection) -> str | None:
    """The database's Alembic revision, or ``None`` when it has no schema yet."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    revisions = sorted(
        connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    )
    return ",".join(revisions) or None


# ----------------------------------------------------------------------------------------------
# Values by column type
# ----------------------------------------------------------------------------------------------


def _base_type(column: sa.Column):
    column_type = column.type
    while isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl
    return column_type


def _dump(column: sa.Column, value):
    if value is None:
        return None
    column_type = _base_type(column)
    if isinstance(column_type, sa.DateTime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(column_type, sa.Date | sa.Time):
        return value.isoformat()
    if isinstance(column_type, sa.Numeric) and isinstance(value, Decimal):
        return str(value)
    if isinstance(column_type, sa.LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(column_type, sa.Enum):
        return getattr(value, "value", value)
    return value


def _load(column: sa.Column, value):
    if value is None:
        return None
    column_type = _base_type(column)
    if isinstance(column_type, sa.DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(value)
    if isinstance(column_type, sa.Time):
        return time.fromisoformat(value)
    if isinstance(column_type, sa.Numeric) and column_type.asdecimal:
        return Decimal(str(value))
    if isinstance(column_type, sa.LargeBinary):
        return base64.b64decode(value)
    if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    return value


# ----------------------------------------------------------------------------------------------
# Backup
# ----------------------------------------------------------------------------------------------


def backup(path: str | Path, progress: Progress = None) -> BackupReport:
    """Write every table to a ZIP file at ``path``, read in one consistent transaction.

    :param progress: called as ``progress(table, rows)`` after each table.
    :raise DomainError: if the database has no schema.
    """
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # One snapshot for every table, while the app goes on writing.
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        revision = current_revision(connection)
        if revision is None:
            raise DomainError("The database has no schema: nothing to back up.")
        report = BackupReport(revision)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in backed_up_tables():
                count = 0
                order = list(table.primary_key.columns) or list(table.columns)
                result = connection.execution_options(yield_per=BATCH).execute(
                    sa.select(table).order_by(*order)
                )
                with archive.open(f"tables/{table.name}.jsonl", "w") as member:
                    for row in result.mappings():
                        line = {
                            column.name: _dump(column, row[column.name]) for column in table.columns
                        }
                        member.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
                        count += 1
                report.tables[table.name] = count
                if progress is not None:
                    progress(table.name, count)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "alembic_revision": revision,
                "created_at": utcnow().isoformat(),
                "database": connection.dialect.name,
                "tables": [{"name": name, "rows": rows} for name, rows in report.tables.items()],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return report


# ----------------------------------------------------------------------------------------------
# Restore
# ----------------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest of a backup archive.

    :raise BackupError: if the archive is not a sessiontrack backup of the format this
        version reads.
    """
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise DomainError("This is not a sessiontrack backup (no readable manifest).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DomainError("This is not a sessiontrack backup.")
    if manifest.get("version") != VERSION:
        raise DomainError(
            f"The backup's format version {manifest.get('version')} is not {VERSION}, "
            "the one this version of sessiontrack reads."
        )
    return manifest


def restore(path: str | Path, *, force: bool = False, progress: Progress = None) -> BackupReport:
    """Restore the ZIP backup at ``path`` into this database, in one transaction.

    :param force: replace whatever the database holds (otherwise it must be empty but for the
        reference lists, which the backup replaces).
    :raise DomainError: for a file that is no backup, a backup of another schema revision, a
        database that is not empty, or rows the database refuses (then nothing is written).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise DomainError(f"Cannot read the backup: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        names = {table.name: table for table in backed_up_tables()}
        listed = [entry["name"] for entry in manifest.get("tables", [])]
        unknown = [name for name in listed if name not in names]
        if unknown:
            raise DomainError(f"The backup has tables this schema lacks: {', '.join(unknown)}.")
        try:
            with db.engine.begin() as connection:
                report = _restore_into(connection, archive, manifest, force, progress)
        except sa.exc.DBAPIError as error:
            raise DomainError(
                f"The database refused the backup; nothing was restored. ({_first_line(error)})"
            ) from None
    return report


def _restore_into(connection, archive, manifest: dict, force: bool, progress) -> BackupReport:
    """Check the database, then empty it and write every table (the caller's transaction)."""
    names = {table.name: table for table in backed_up_tables()}
    listed = [entry["name"] for entry in manifest.get("tables", [])]
    unknown = [name for name in listed if name not in names]
    if unknown:
        raise DomainError(f"The backup has tables this schema lacks: {', '.join(unknown)}.")
    revision = current_revision(connection)
    if revision is None:
        raise DomainError(
            "The database has no schema yet: run `flask --app sessiontrack db upgrade` first."
        )
    if revision != manifest.get("alembic_revision"):
        raise DomainError(
            f"The backup was made at schema revision {manifest.get('alembic_revision')}, the "
            f"database is at {revision}: bring the database to the backup's revision "
            "(flask db upgrade / downgrade) first."
        )
    occupied = _occupied_tables(connection)
    if occupied and not force:
        raise DomainError(
            f"The database is not empty (it holds rows in {', '.join(occupied)}); restore into "
            "an empty database, or use --force to replace everything in it."
        )
    report = BackupReport(revision)
    for table in reversed(db.metadata.sorted_tables):
        connection.execute(table.delete())
    for name in listed:
        try:
            report.tables[name] = _restore_table(connection, archive, names[name])
        except (KeyError, ValueError) as error:
            raise DomainError(
                f"The backup's table {name} cannot be read ({error}); nothing was restored."
            ) from None
        if progress is not None:
            progress(name, report.tables[name])
    _reset_sequences(connection, [names[name] for name in listed])
    # Written outside the ORM: a server running on this database must not keep results of
    # what was here before (core/revision.py).
    data_revision.touch(connection)
    return report


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0] if text else type(error).__name__


def _occupied_tables(connection) -> list[str]:
    """Tables holding rows, but for the reference lists and the transient ones."""
    occupied = []
    for table in db.metadata.sorted_tables:
        if table.name in REFERENCE_TABLES or table.name in SKIPPED_TABLES:
            continue
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            occupied.append(table.name)
    return occupied


def _restore_table(connection, archive: zipfile.ZipFile, table: sa.Table) -> int:
    count = 0
    batch: list[dict] = []
    with archive.open(f"tables/{table.name}.jsonl") as member:
        for line in member:
            if not line.strip():
                continue
            raw = json.loads(line)
            batch.append(
                {column.name: _load(column, raw.get(column.name)) for column in table.columns}
            )
            if len(batch) >= BATCH:
                connection.execute(table.insert(), batch)
                count += len(batch)
                batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _reset_sequences(connection, tables: list[sa.Table]) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.columns or not isinstance(table.c.id.type, sa.Integer):
            continue
        next_id = sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0) + 1).scalar_subquery()
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        connection.execute(sa.select(sa.func.setval(sequence, next_id, False)))
