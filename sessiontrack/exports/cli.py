"""Command-line exports, JSON import, backup and restore.

    flask --app sessiontrack export FORMAT --session SLUG --output PATH [--document NAME] ...
    flask --app sessiontrack import json PATH [--slug SLUG]
    flask --app sessiontrack backup PATH
    flask --app sessiontrack restore PATH [--force]

The command line is the instance's operator: exports hold everything a facilitator's do.
"""

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale

from ..core.errors import DomainError
from ..extensions import db
from ..people.models import Participant
from ..sessions.models import StrategicSession
from . import backup as backup_module
from . import services, session_json, tables

DEFAULT_DOCUMENT = {
    "json": "session",
    "xlsx": "workbook",
    "csv": "projects",
    "pdf": "book",
    "docx": "minutes",
}
DOCUMENTS = {
    "json": ["session"],
    "xlsx": ["workbook"],
    "csv": list(tables.TABLE_NAMES),
    "pdf": ["book", "passport", "sheets", "minutes"],
    "docx": ["passport", "minutes"],
}


def register(app: Flask) -> None:
    """Add the export, import, backup and restore commands to ``flask``."""
    app.cli.add_command(export_command)
    app.cli.add_command(import_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


class _ProgressBar:
    """A click progress bar that appears once the total is known."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("export")
@click.argument("format_", metavar="FORMAT", type=click.Choice(list(DOCUMENTS)))
@click.option("--session", "slug", required=True, help="The session's slug.")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the file.",
)
@click.option(
    "--document",
    help="Which document: json: session; xlsx: workbook; csv: "
    + "|".join(tables.TABLE_NAMES)
    + "; pdf: book|passport|sheets|minutes; docx: passport|minutes. "
    "Default: session, workbook, projects, book, minutes.",
)
@click.option("--project", "project_id", type=int, help="The project (for a passport).")
@click.option(
    "--separator",
    type=click.Choice(["comma", "semicolon"]),
    default="comma",
    show_default=True,
    help="CSV: comma with decimal points, or semicolon with decimal commas (Russian Excel).",
)
@click.option(
    "--by",
    type=click.Choice(["expert", "project"]),
    default="expert",
    show_default=True,
    help="Scoring sheets: each expert's assigned projects, or one blank sheet per project.",
)
@click.option("--expert", help="Scoring sheets of one expert only (e-mail or participant id).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
def export_command(
    format_, slug, output, document, project_id, separator, by, expert, lang
) -> None:
    """Export a session: FORMAT is json, xlsx, csv, pdf or docx."""
    strategic_session = _session(slug)
    name = document or DEFAULT_DOCUMENT[format_]
    if name not in DOCUMENTS[format_]:
        raise click.BadParameter(
            f"{format_} has the documents {', '.join(DOCUMENTS[format_])}", param_hint="--document"
        )
    if name == "passport" and project_id is None:
        raise click.BadParameter("a passport needs --project ID", param_hint="--project")
    request = services.ExportRequest(
        format_,
        name,
        project_id=project_id,
        delimiter=separator,
        by=by,
        expert_id=_expert_id(strategic_session, expert) if expert else None,
    )
    bar = _ProgressBar(f"{format_} {name}")
    with force_locale(lang):
        try:
            export = services.build(strategic_session, request, progress=bar)
        except DomainError as error:
            raise click.ClickException(str(error)) from error
        finally:
            bar.close()
    output.write_bytes(export.content)
    click.echo(f"Wrote {output} ({len(export.content):,} bytes)")


def _session(slug: str) -> StrategicSession:
    strategic_session = db.session.scalar(sa.select(StrategicSession).filter_by(slug=slug))
    if strategic_session is None:
        raise click.ClickException(f"There is no session with the slug «{slug}».")
    return strategic_session


def _expert_id(strategic_session: StrategicSession, expert: str) -> int:
    condition = (
        Participant.id == int(expert) if expert.isdigit() else Participant.email == expert.lower()
    )
    participant_id = db.session.scalar(
        sa.select(Participant.id).where(Participant.session_id == strategic_session.id, condition)
    )
    if participant_id is None:
        raise click.ClickException(f"There is no expert «{expert}» in this session.")
    return participant_id


@click.group("import")
def import_group() -> None:
    """Import data into this instance."""


@import_group.command("json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="The new session's slug, instead of the one in the file.")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
def import_json_command(path: Path, slug: str | None, lang: str) -> None:
    """Create a session from a JSON export (nothing is written if the file is refused)."""
    with force_locale(lang):
        try:
            report = session_json.import_session(session_json.loads(path.read_bytes()), slug=slug)
        except DomainError as refused:
            db.session.rollback()
            raise click.ClickException(str(refused)) from refused
    db.session.commit()
    created = report.strategic_session
    click.echo(f"Imported the session «{created.slug}»: {created.title}")
    if report.created_users:
        click.echo(
            f"Created {len(report.created_users)} account(s) without a known password; "
            "give them one-time passwords: " + ", ".join(report.created_users)
        )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a backup of the whole instance to PATH (a ZIP file any database restores)."""
    try:
        report = backup_module.backup(path, progress=_table_echo)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {report.rows:,} rows of {len(report.tables)} tables to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace everything the database holds.")
def restore_command(path: Path, force: bool) -> None:
    """Restore a backup into this database (empty, or with --force replaced)."""
    db.session.remove()
    try:
        report = backup_module.restore(path, force=force, progress=_table_echo)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {report.rows:,} rows of {len(report.tables)} tables from {path}")


def _table_echo(table: str, rows: int) -> None:
    click.echo(f"  {table:<28} {rows:>8,}", err=True)
