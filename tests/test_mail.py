"""One-time passwords by e-mail where an SMTP server is configured (a real one on loopback)."""

import socket

import pytest
from aiosmtpd.controller import Controller

from sessiontrack import create_app
from sessiontrack.people.models import ParticipantRole

from . import factories
from .conftest import AuthActions, base_config


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def mail_client(backend):
    """Makes an app with the given mail settings on the test database; disposes of it after."""
    made = []

    def make(**mail_config):
        config = {**base_config(backend[1]), "MAIL_SUPPRESS_SEND": False, **mail_config}
        application = create_app(config)
        made.append(application)
        return application, application.test_client()

    yield make
    for application in made:
        with application.app_context():
            application.extensions["sqlalchemy"].engine.dispose()


def _participant_without_account(db):
    session = factories.make_session(title="Сессия с почтой")
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    person = factories.make_participant(
        session, full_name="Вера Орлова", email="vera@example.org", role=ParticipantRole.OBSERVER
    )
    db.session.commit()
    return session, facilitator, person


def _create_account(client, facilitator, session, person):
    AuthActions(client).login(facilitator)
    return client.post(f"/s/{session.slug}/people/{person.id}/account")


def test_the_one_time_password_is_e_mailed_when_smtp_is_configured(
    app, db, mail_client, smtp_inbox
):
    inbox, port = smtp_inbox
    session, facilitator, person = _participant_without_account(db)
    _application, client = mail_client(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    response = _create_account(client, facilitator, session, person)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    password = page.split('id="one-time-password">')[1].split("<")[0]
    assert "также отправляются на адрес vera@example.org" in page
    ((recipients, message),) = inbox.messages
    assert recipients == ["vera@example.org"]
    assert password in message and "vera@example.org" in message
    assert "/auth/login" in message


def test_without_smtp_nothing_is_sent_and_the_password_is_shown(app, db, mail_client, smtp_inbox):
    inbox, _port = smtp_inbox
    session, facilitator, person = _participant_without_account(db)
    _application, client = mail_client()
    page = _create_account(client, facilitator, session, person).get_data(as_text=True)
    assert 'id="one-time-password"' in page and "отправляются на адрес" not in page
    assert inbox.messages == []


def test_an_unreachable_smtp_server_still_shows_the_password(app, db, mail_client):
    session, facilitator, person = _participant_without_account(db)
    _application, client = mail_client(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    response = _create_account(client, facilitator, session, person)
    page = response.get_data(as_text=True)
    # The message is sent once the account is committed: the refusal takes nothing back.
    assert response.status_code == 200
    assert 'id="one-time-password"' in page
    db.session.refresh(person)
    assert person.user is not None and person.user.email == "vera@example.org"
