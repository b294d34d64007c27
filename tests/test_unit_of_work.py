"""One commit per request (core.unit_of_work), the one domain error and the one loader."""

import pytest
from flask import flash, get_flashed_messages
from werkzeug.exceptions import NotFound

from sessiontrack.agenda.models import AgendaItem
from sessiontrack.core import unit_of_work
from sessiontrack.core.errors import DomainError, flash_refusal
from sessiontrack.core.loading import all_in_session, get_in_session_or_404
from sessiontrack.sessions.models import Direction, StrategicSession

from . import factories


def _titles(db) -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(db.select(StrategicSession.title)))


@pytest.fixture
def routes(app, db):
    """Views that rename a session and then end in each way a request can end."""
    calls = []

    def rename(slug):
        strategic_session = db.session.scalar(db.select(StrategicSession).filter_by(slug=slug))
        strategic_session.title = "Renamed"
        flash("Saved.", "success")

    def ok(slug):
        rename(slug)
        unit_of_work.after_commit(lambda: calls.append(slug))
        return "done"

    def form_refused(slug):
        rename(slug)
        return "the form again", 422

    def raises(slug):
        rename(slug)
        raise DomainError("The rules refuse this.", status=409)

    def refused_then_redirected(slug):
        rename(slug)
        flash_refusal(DomainError("Not now."))
        return "", 303, {"Location": "/"}

    def twice(slug):
        rename(slug)
        db.session.add(StrategicSession(slug=slug, title="Twice"))  # unique slug
        return "done"

    for view in (ok, form_refused, raises, refused_then_redirected, twice):
        app.add_url_rule(f"/_test/{view.__name__}/<slug>", view.__name__, view, methods=["POST"])
    unit_of_work.install(app)
    return calls


def test_a_request_that_ends_well_is_committed_once_and_then_runs_its_follow_up(client, db, routes):
    strategic_session = factories.make_session(title="Before")
    db.session.commit()
    assert client.post(f"/_test/ok/{strategic_session.slug}").status_code == 200
    assert _titles(db) == ["Renamed"]
    assert routes == [strategic_session.slug]


@pytest.mark.parametrize("view", ["form_refused", "raises", "refused_then_redirected"])
def test_a_refused_request_changes_nothing_and_runs_no_follow_up(client, db, routes, view):
    strategic_session = factories.make_session(title="Before")
    db.session.commit()
    response = client.post(f"/_test/{view}/{strategic_session.slug}")
    assert response.status_code in (303, 409, 422)
    assert _titles(db) == ["Before"]
    assert routes == []


def test_an_uncaught_refusal_shows_its_message_with_its_status(client, db, routes):
    strategic_session = factories.make_session(title="Before")
    db.session.commit()
    response = client.post(f"/_test/raises/{strategic_session.slug}")
    assert response.status_code == 409
    assert "The rules refuse this." in response.get_data(as_text=True)


def test_a_commit_the_database_refuses_keeps_nothing_and_takes_back_the_success_message(
    app, client, db, routes
):
    strategic_session = factories.make_session(title="Before")
    db.session.commit()
    response = client.post(f"/_test/twice/{strategic_session.slug}")
    assert response.status_code == 409
    assert _titles(db) == ["Before"]
    with client.session_transaction() as cookie:
        assert "_flashes" not in cookie
    with app.test_request_context():
        assert get_flashed_messages() == []


def test_every_view_of_the_app_runs_in_the_unit_of_work(app):
    wrapped = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "in_unit_of_work", False)
    }
    assert set(app.view_functions) - wrapped == {"static"}


def test_all_of_a_kind_are_this_sessions_rows_in_the_order_asked(app, db):
    here, there = factories.make_session(), factories.make_session()
    items = [factories.make_agenda_item(here, title=title) for title in ("Б", "А")]
    factories.make_agenda_item(there)
    factories.make_direction(there)
    db.session.commit()

    assert all_in_session(Direction, here, Direction.id) == []
    assert all_in_session(AgendaItem, here, AgendaItem.id) == items
    assert all_in_session(AgendaItem, here, AgendaItem.title) == items[::-1]


def test_the_loader_finds_only_this_sessions_rows(app, db):
    here, there = factories.make_session(), factories.make_session()
    direction = factories.make_direction(here)
    db.session.commit()
    assert get_in_session_or_404(Direction, direction.id, here) is direction
    assert get_in_session_or_404(Direction, str(direction.id), here) is direction
    for wrong in (direction.id + 1000, None, "x", 0, -1, 2**63, 10**30):
        with pytest.raises(NotFound):
            get_in_session_or_404(Direction, wrong, here)
    with pytest.raises(NotFound):
        get_in_session_or_404(Direction, direction.id, there)
