"""Migration lifecycle_0001: the session's stage takes «implementation» on every backend,
without touching the rows that refer to the session, and gives it back on the way down."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.sessions.models import SessionState, StrategicSession

from . import factories


def _state(session_id: int) -> str:
    with db.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT state FROM strategic_session WHERE id = :id"), {"id": session_id}
        ).scalar_one()


def test_the_stage_implementation_comes_with_lifecycle_0001_and_goes_back(app):
    db.session.remove()
    rebuild_schema(app, revision="implementation_0001")
    session = factories.make_session(state=SessionState.FORUM)
    group = factories.make_group(factories.make_direction(session))
    factories.make_project(session, group, complete=True, state=ProjectState.RECOMMENDED)
    db.session.commit()
    session_id = session.id
    db.session.remove()
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
    assert db.session.scalar(sa.select(sa.func.count(Project.id))) == 1
    db.session.remove()

    downgrade(revision="implementation_0001")
    db.engine.dispose()
    assert _state(session_id) == "forum"
    upgrade()
    db.engine.dispose()
