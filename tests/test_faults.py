"""Faults: the database failing in the middle of a request leaves no partial write."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from sessiontrack.audit.models import AuditEntry
from sessiontrack.auth import services

from . import factories


@pytest.fixture
def database_goes_away(app, db):
    """Make the database fail at the first statement matching a prefix (the connection is
    lost mid-request, after earlier statements of the same transaction ran)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    state = {"prefix": None, "fired": False}

    def fail(conn, cursor, statement, parameters, context, executemany):
        if state["prefix"] and statement.lstrip().upper().startswith(state["prefix"]):
            state["fired"] = True
            raise OperationalError(statement, parameters, Exception("server closed the connection"))

    sa.event.listen(db.engine, "before_cursor_execute", fail)
    yield state
    sa.event.remove(db.engine, "before_cursor_execute", fail)


def test_database_failure_mid_request_gives_a_clean_page_and_no_partial_write(
    client, auth, db, database_goes_away
):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    auth.login(user)
    audit_before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    # The password UPDATE runs, then the audit INSERT of the same transaction fails.
    database_goes_away["prefix"] = "INSERT INTO AUDIT_ENTRY"
    response = client.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "new-secret-99",
            "confirm": "new-secret-99",
        },
    )
    database_goes_away["prefix"] = None
    assert database_goes_away["fired"]
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Ничего не сохранено" in page and "Traceback" not in page
    db.session.expire_all()
    assert services.authenticate(user.email, factories.PASSWORD) is not None
    assert services.authenticate(user.email, "new-secret-99") is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_before


def test_a_database_gone_altogether_still_gives_a_clean_page(client, auth, db, app):
    """Every statement fails, the error page's own included (it reads the user and their
    language): a page that needs no database says that nothing was saved."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    user = factories.make_user("boris@example.org")
    db.session.commit()
    auth.login(user)

    def fail(conn, cursor, statement, parameters, context, executemany):
        raise OperationalError(statement, parameters, Exception("could not connect to server"))

    sa.event.listen(db.engine, "before_cursor_execute", fail)
    try:
        response = client.post(
            "/auth/password",
            data={
                "current_password": factories.PASSWORD,
                "new_password": "new-secret-99",
                "confirm": "new-secret-99",
            },
        )
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", fail)
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Ничего не сохранено" in page and "Traceback" not in page
    assert "Сбой на сервере" in page and "could not connect" not in page
    # The database is back: so is the app.
    assert client.get("/").status_code == 200
