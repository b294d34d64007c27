"""Migration lifecycle_0001: the session's stage takes «implementation» on every backend,
without touching the rows that refer to the session, and gives it back on the way down."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.sessions.models import SessionState, StrategicSession


def _state(session_id: int) -> str:
    with db.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT state FROM strategic_session WHERE id = :id"), {"id": session_id}
        ).scalar_one()


def _insert(connection, table_name: str, **values) -> int:
    """A row of ``table_name`` as the schema stands at this revision (the models describe a
    later one): ``values``, and a plain value for every other column that needs one."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    plain = {
        sa.String: "x",
        sa.Text: "x",
        sa.Integer: 1,
        sa.Float: 0.0,
        sa.Numeric: 0,
        sa.Boolean: False,
        sa.DateTime: datetime(2019, 4, 1, tzinfo=UTC),
        sa.Date: date(2019, 4, 1),
    }
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        if column.server_default is None:
            values[column.name] = next(
                value for kind, value in plain.items() if isinstance(column.type, kind)
            )
    return connection.execute(table.insert().values(values)).inserted_primary_key[0]


def test_the_stage_implementation_comes_with_lifecycle_0001_and_goes_back(app):
    db.session.remove()
    rebuild_schema(app, revision="implementation_0001")
    # Rows written as SQL: the models describe the schema of later revisions.
    with db.engine.begin() as connection:
        session_id = _insert(
            connection, "strategic_session", slug="s", state="forum", review_state="not_opened"
        )
        _insert(connection, "direction", session_id=session_id, title="Город")
    db.engine.dispose()
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE strategic_session SET state = 'implementation'"))

    upgrade()
    db.engine.dispose()

    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE strategic_session SET state = 'implementation'"))
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE strategic_session SET state = 'elsewhere'"))
    assert db.session.get(StrategicSession, session_id).state is SessionState.IMPLEMENTATION
    # The rows that refer to the session are all still there (SQLite rebuilt no table).
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM direction")).scalar() == 1
    db.session.remove()

    downgrade(revision="implementation_0001")
    db.engine.dispose()
    assert _state(session_id) == "forum"
    upgrade()
    db.engine.dispose()
