"""Two app servers against one database serve the same data: no process holds state.

Two gunicorn processes on different loopback ports share the test database (the SQLite file or
PostgreSQL) and the secret key, as the README's production set-up has them. What one writes
the other reads at once, and a browser logged in on one is logged in on the other.
"""

import pytest

from bench.servers import gunicorn, server_environment
from bench.webclient import WebClient
from sessiontrack.people.models import ParticipantRole

from . import factories

pytestmark = pytest.mark.slow

NEW_PASSWORD = "another-horse-43"


@pytest.fixture
def two_servers(app, backend, tmp_path):
    _name, uri = backend
    env = server_environment(
        uri,
        "shared-secret-of-both-servers",
        str(tmp_path / "instance"),
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    with gunicorn(env) as first, gunicorn(env) as second:
        yield first, second


def test_what_one_server_writes_the_other_reads(app, db, two_servers):
    strategic_session = factories.make_session(title="Сессия на двух серверах")
    facilitator = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    db.session.commit()
    first, second = two_servers
    overview = f"/s/{strategic_session.slug}/"

    browser = WebClient(first)
    assert browser.login(facilitator.email, factories.PASSWORD).status == 302
    # The login made on the first server holds on the second (signed cookie, shared key).
    page = browser.on(second).get(overview)
    assert page.status == 200 and "Сессия на двух серверах" in page.body

    # A password changed through the first server is the password on the second at once.
    changed = browser.post(
        "/auth/password",
        {
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert changed.status == 302
    assert WebClient(second).login(facilitator.email, factories.PASSWORD).status == 422
    other_browser = WebClient(second)
    assert other_browser.login(facilitator.email, NEW_PASSWORD).status == 302
    # ... and the first browser, which changed it, stays logged in on both.
    assert browser.on(second).get(overview).status == 200

    # A language chosen through the second server is the account's language on the first.
    assert other_browser.post("/language", {"language": "en"}, form_page="/").status == 302
    fresh = WebClient(first)
    fresh.login(facilitator.email, NEW_PASSWORD)
    assert "Log out" in fresh.get(overview).body
