"""The migrations build exactly the schema the models describe, on every backend, and a new
database they build holds the reference lists."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from sessiontrack.api.models import ApiToken, TokenScope
from sessiontrack.auth.models import User
from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.people.models import Participant, ParticipantRole
from sessiontrack.projects.models import Project
from sessiontrack.reference.models import FundingSource, NationalProject, NationalProjectStatus
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sessions.access import group_ids_of, roles_in
from sessiontrack.sessions.models import StrategicSession


def test_migrations_and_models_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def _reference_rows() -> list[tuple]:
    national = db.session.execute(
        sa.select(
            NationalProject.code,
            NationalProject.title_ru,
            NationalProject.title_en,
            NationalProject.status,
            NationalProject.position,
        ).order_by(NationalProject.position)
    ).all()
    funding = db.session.execute(
        sa.select(
            FundingSource.code,
            FundingSource.title_ru,
            FundingSource.title_en,
            FundingSource.position,
        ).order_by(FundingSource.position)
    ).all()
    return national + funding


def test_a_new_database_has_the_reference_lists_and_takes_a_demo_export(app, runner, tmp_path):
    """``flask db upgrade`` alone readies a new instance for a session exported elsewhere."""
    load_demo()
    db.session.commit()
    exported = tmp_path / "demo.json"
    result = runner.invoke(
        args=["export", "json", "--session", "zheleznogorsk-2018", "--output", str(exported)]
    )
    assert result.exit_code == 0, result.output
    db.session.remove()

    rebuild_schema(app)  # an empty database, then the migrations, as `flask db upgrade` runs them

    assert db.session.scalar(sa.select(sa.func.count(StrategicSession.id))) == 0
    national = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    assert sum(row.status is NationalProjectStatus.ADOPTED for row in national.values()) == 12
    assert national["atomic_science"].status is NationalProjectStatus.PROPOSED
    assert national["trunk_infrastructure"].status is NationalProjectStatus.PLAN
    assert db.session.scalar(sa.select(sa.func.count(FundingSource.id))) == 8
    seeded = _reference_rows()
    result = runner.invoke(args=["reference-data"])
    assert result.exit_code == 0, result.output
    assert _reference_rows() == seeded, "the migration and `flask reference-data` disagree"

    result = runner.invoke(args=["import", "json", str(exported)])
    assert result.exit_code == 0, result.output
    imported = db.session.scalar(sa.select(StrategicSession).filter_by(slug="zheleznogorsk-2018"))
    projects = db.session.scalars(sa.select(Project).filter_by(session_id=imported.id)).all()
    assert len(projects) >= 8
    assert all(project.national_projects for project in projects)


# ---------------------------------------------------------------------------------------------
# participant_0001: the memberships move into the participant rows
# ---------------------------------------------------------------------------------------------

DEMO_AT_REFERENCE_0001 = Path(__file__).parent / "data" / "demo_at_reference_0001.json"
ROLE_PRECEDENCE = ["facilitator", "moderator", "member", "expert", "observer"]


def _value(column: sa.Column, value, dialect: str):
    """A fixture value as the reflected column takes it (the file holds JSON values)."""
    if not isinstance(value, str):
        return value
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        moment = datetime.fromisoformat(value)
        return (
            moment.replace(tzinfo=UTC) if moment.tzinfo is None and dialect != "sqlite" else moment
        )
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _load_rows(tables: dict) -> None:
    """Replace every row of the database (at reference_0001) by the fixture's."""
    dialect = db.engine.dialect.name
    meta = sa.MetaData()
    meta.reflect(db.engine)
    with db.engine.begin() as connection:
        for table in reversed(meta.sorted_tables):
            if table.name != "alembic_version":
                connection.execute(table.delete())
        for table in meta.sorted_tables:
            rows = tables.get(table.name, [])
            if rows:
                connection.execute(
                    table.insert(),
                    [
                        {name: _value(table.c[name], value, dialect) for name, value in row.items()}
                        for row in rows
                    ],
                )
            if dialect == "postgresql" and rows and "id" in table.c:
                # The rows came with their ids: the next id follows them.
                connection.execute(
                    sa.select(
                        sa.func.setval(
                            sa.func.pg_get_serial_sequence(table.name, "id"),
                            sa.select(sa.func.max(table.c.id)).scalar_subquery(),
                        )
                    )
                )


def test_the_demo_at_reference_0001_migrates_with_every_account_keeping_its_access(app, capsys):
    """``demo_at_reference_0001.json``: every row of a database at revision reference_0001
    with both demo sessions, a facilitator appointed from the admin area (a membership without
    a participant row) and the demo observer appointed facilitator too (two roles), and every
    account's roles and groups per session as that revision's app computed them (written
    with the app at commit 656398f). After the upgrade each account holds the same roles and
    groups; of two roles it keeps the first of facilitator, moderator, member, expert,
    observer."""
    fixture = json.loads(DEMO_AT_REFERENCE_0001.read_text(encoding="utf-8"))
    assert fixture["revision"] == "reference_0001"
    db.session.remove()
    rebuild_schema(app, revision="reference_0001")
    _load_rows(fixture["tables"])
    capsys.readouterr()

    upgrade()

    printed = capsys.readouterr().out
    assert "19 memberships moved into participant rows (1 rows made" in printed
    assert "1 accounts held several roles in one session and kept one" in printed
    assert "membership" not in sa.inspect(db.engine).get_table_names()
    folded = 0
    for expected in fixture["access"]:
        user = db.session.get(User, expected["user_id"])
        strategic_session = db.session.get(StrategicSession, expected["session_id"])
        roles = expected["roles"]
        if len(roles) > 1:
            folded += 1
            roles = [min(roles, key=ROLE_PRECEDENCE.index)]
        held = sorted(role.value for role in roles_in(user, strategic_session))
        assert (held, sorted(group_ids_of(user, strategic_session))) == (
            roles,
            expected["groups"],
        ), expected["email"]
    assert folded == 1
    appointed = fixture["appointed_facilitator"]
    participant = db.session.scalar(
        sa.select(Participant).filter_by(
            session_id=appointed["session_id"], user_id=appointed["user_id"]
        )
    )
    assert (participant.full_name, participant.email, participant.role) == (
        "Appointed Facilitator",
        "appointed@example.org",
        ParticipantRole.FACILITATOR,
    )
    # The way back gives every account its membership again. (The session's reads end first:
    # PostgreSQL drops a table only once no transaction holds the tables it refers to.)
    db.session.remove()
    downgrade(revision="reference_0001")
    with db.engine.connect() as connection:
        memberships = connection.execute(sa.text("SELECT count(*) FROM membership")).scalar()
    assert memberships == 18  # the observer's two roles are one now
    upgrade()


def test_api_0002_renames_older_active_tokens_sharing_a_name_and_revokes_none(app):
    """Before api_0002 a double click could make two active tokens of one name: the newest
    keeps the name, an older one gets its id added; revoked tokens and other accounts'
    tokens keep theirs, and every token still works."""
    db.session.remove()
    rebuild_schema(app, revision="results_0001")
    # The models' columns are those of results_0001 (api_0002 adds an index only).
    first = User(email="a@example.org", name="A", password_hash="x")
    second = User(email="b@example.org", name="B", password_hash="x")
    db.session.add_all([first, second])
    db.session.flush()
    revoked = datetime(2026, 1, 2, tzinfo=UTC)
    for token_id, user, when_revoked in [
        (1, first, None),
        (2, first, None),
        (3, first, revoked),
        (4, second, None),
        (5, first, None),
    ]:
        db.session.add(
            ApiToken(
                id=token_id,
                user_id=user.id,
                name="Dashboard",
                scope=TokenScope.READ,
                secret_hash=f"{token_id:064d}",
                revoked_at=when_revoked,
            )
        )
    db.session.commit()
    db.session.remove()
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, name, revoked_at IS NULL FROM api_token ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "Dashboard #1", True),
        (2, "Dashboard #2", True),
        (3, "Dashboard", False),
        (4, "Dashboard", True),
        (5, "Dashboard", True),
    ]
