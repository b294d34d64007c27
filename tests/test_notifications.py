"""Notifications: made at each change worth telling, shown under the bell and marked read, and
e-mailed once after the commit through a real SMTP server on loopback, in the reader's
language, to active accounts that want them."""

import email
import email.policy
from email.header import decode_header, make_header

import pytest
import sqlalchemy as sa

from sessiontrack.extensions import db as _db
from sessiontrack.notifications import services
from sessiontrack.notifications.delivery import send_all
from sessiontrack.notifications.models import EmailChoice, Notification, NotificationKind
from sessiontrack.notifications.texts import header_safe
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories
from .conftest import AuthActions
from .test_mail import mail_client, smtp_inbox  # noqa: F401  (fixtures, reached below)


@pytest.fixture
def smtp(request):
    """(inbox, port) of a real SMTP server on loopback (``tests/test_mail.py``)."""
    return request.getfixturevalue("smtp_inbox")


@pytest.fixture
def mailing(request):
    """Makes an app with the given mail settings (``tests/test_mail.py``)."""
    return request.getfixturevalue("mail_client")


def _group_world(title="Сессия «Город»"):
    """A session with a group of three accounts (Russian, English, deactivated) and a
    submitted project of theirs; the facilitator."""
    session = factories.make_session(title=title, state=SessionState.SUMMARISING)
    group = factories.make_group(factories.make_direction(session))
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR, name="Фасилитатор")
    russian = factories.make_member(
        session,
        ParticipantRole.MODERATOR,
        group,
        name="Анна",
        email="anna@example.org",
        locale="ru",
    )
    english = factories.make_member(
        session,
        ParticipantRole.MEMBER,
        group,
        name="John",
        email="john@example.org",
        locale="en",
    )
    gone = factories.make_member(
        session,
        ParticipantRole.MEMBER,
        group,
        name="Ушёл",
        email="gone@example.org",
        active=False,
    )
    project = factories.make_project(
        session,
        group,
        complete=True,
        state=ProjectState.SUBMITTED,
        title="Технопарк",
        short_title="Технопарк",
    )
    _db.session.commit()
    return session, facilitator, (russian, english, gone), project


def _return(client, session, project, remarks="Добавьте ресурсы"):
    return client.post(f"/s/{session.slug}/projects/{project.id}/return", data={"remarks": remarks})


def _notifications(user):
    return list(
        _db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def _mail(raw: str):
    message = email.message_from_bytes(raw.encode("utf-8"), policy=email.policy.default)
    return str(message["Subject"]), message.get_content()


# ---------------------------------------------------------------------------------------------
# In the app
# ---------------------------------------------------------------------------------------------


def test_a_returned_project_is_told_to_its_active_group_with_the_remarks(app, db, client):
    session, facilitator, (russian, english, gone), project = _group_world()
    AuthActions(client).login(facilitator)
    assert _return(client, session, project).status_code == 302
    (told,) = _notifications(russian)
    assert told.kind == NotificationKind.PROJECT_RETURNED.value
    assert told.params["remarks"] == "Добавьте ресурсы" and told.read_at is None
    assert len(_notifications(english)) == 1
    assert _notifications(gone) == [] and _notifications(facilitator) == []


def test_a_refused_change_tells_no_one(app, db, client):
    session, facilitator, (russian, _english, _gone), project = _group_world()
    AuthActions(client).login(facilitator)
    assert _return(client, session, project, remarks=" ").status_code == 422
    assert _notifications(russian) == []


def test_the_bell_counts_the_unread_and_the_list_reads_them_in_russian(app, db, client):
    session, facilitator, (russian, _english, _gone), project = _group_world()
    AuthActions(client).login(facilitator)
    _return(client, session, project)
    AuthActions(client).logout()
    AuthActions(client).login(russian)
    page = client.get("/").get_data(as_text=True)
    assert 'id="unread-count">1<' in page and "Уведомления: 1 непрочитанное" in page
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Проект «Технопарк» возвращён на доработку. Замечания: Добавьте ресурсы" in listing
    assert f"/s/{session.slug}/projects/{project.id}" in listing
    assert "Сессия «Город»" in listing


def test_marking_read_one_then_all_twice_is_harmless(app, db, client):
    session = factories.make_session()
    user = factories.make_member(session, ParticipantRole.OBSERVER)
    for _ in range(3):
        Notification(
            user_id=user.id,
            session_id=session.id,
            kind="results_published",
            params={"slug": session.slug, "session_title": session.title},
        )
        db.session.add(
            Notification(
                user_id=user.id,
                session_id=session.id,
                kind="results_published",
                params={"slug": session.slug, "session_title": "S"},
            )
        )
    db.session.commit()
    first = _notifications(user)[0]
    AuthActions(client).login(user)
    for _ in range(2):  # a double click
        assert client.post(f"/notifications/{first.id}/read").status_code == 302
    assert services.unread_count(user) == 2
    for _ in range(2):
        assert client.post("/notifications/read").status_code == 302
    assert services.unread_count(user) == 0
    page = client.get("/").get_data(as_text=True)
    assert 'id="unread-count"' not in page


def test_another_persons_notification_cannot_be_marked(app, db, client):
    session = factories.make_session()
    owner = factories.make_member(session, ParticipantRole.OBSERVER)
    other = factories.make_member(session, ParticipantRole.OBSERVER)
    db.session.add(
        Notification(
            user_id=owner.id,
            session_id=session.id,
            kind="results_published",
            params={"slug": session.slug},
        )
    )
    db.session.commit()
    (notification,) = _notifications(owner)
    AuthActions(client).login(other)
    assert client.post(f"/notifications/{notification.id}/read").status_code == 404
    assert services.unread_count(owner) == 1


def test_an_empty_list_says_what_will_come(app, db, client):
    user = factories.make_user()
    db.session.commit()
    AuthActions(client).login(user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Уведомлений пока нет" in page


def test_the_list_is_paginated(app, db, client):
    session = factories.make_session()
    user = factories.make_member(session, ParticipantRole.OBSERVER)
    db.session.add_all(
        Notification(
            user_id=user.id,
            session_id=session.id,
            kind="export_ready",
            params={"slug": session.slug, "job_id": n, "title": f"file-{n}.xlsx"},
        )
        for n in range(55)
    )
    db.session.commit()
    AuthActions(client).login(user)
    first = client.get("/notifications/").get_data(as_text=True)
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert first.count("file-") == 50 and second.count("file-") == 5
    assert client.get("/notifications/?page=99").status_code == 200


def test_the_bell_costs_one_query(app, db, client, count_queries):
    user = factories.make_user()
    db.session.commit()
    user_id = user.id
    with app.test_request_context(), count_queries() as counter:
        services.unread_count(type(user)(id=user_id))
    assert counter.count == 1


def test_the_bell_and_the_portfolio_grant_come_with_the_account(app, db, client, count_queries):
    """A page asks no separate count for the bell, nor for a portfolio grant the account does
    not hold: both are read with the account; the figure stays right after marking read."""
    from sessiontrack.portfolio.models import PortfolioReader

    session = factories.make_session()
    user = factories.make_member(session, ParticipantRole.OBSERVER)
    db.session.add_all(
        Notification(
            user_id=user.id,
            session_id=session.id,
            kind="results_published",
            params={"slug": session.slug, "session_title": "S"},
        )
        for _ in range(2)
    )
    db.session.commit()
    AuthActions(client).login(user)
    with count_queries() as counter:
        page = client.get("/").get_data(as_text=True)
    assert '<span class="badge rounded-pill text-bg-danger" id="unread-count">2</span>' in page
    separate = [
        s
        for s in counter.statements
        if (s.lstrip().upper().startswith("SELECT COUNT(*)") and "notification" in s)
        or s.lstrip().upper().startswith("SELECT PORTFOLIO_READER")
    ]
    assert separate == []
    first = _notifications(user)[0]
    assert client.post(f"/notifications/{first.id}/read").status_code == 302
    assert 'id="unread-count">1<' in client.get("/").get_data(as_text=True)
    # A reader with a grant: its sessions are read (the navbar's portfolio link shows).
    db.session.add(PortfolioReader(user_id=user.id, all_sessions=True))
    db.session.commit()
    assert 'href="/portfolio/"' in client.get("/").get_data(as_text=True)


def test_review_events_reach_the_experts_and_the_group(app, db, client):
    session = factories.make_session(state=SessionState.REVIEW)
    group = factories.make_group(factories.make_direction(session))
    member = factories.make_member(session, ParticipantRole.MEMBER, group)
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    expert_user, _expert = factories.make_expert(session)
    factories.make_criterion(session)
    project = factories.make_project(session, group, complete=True, state=ProjectState.ACCEPTED)
    db.session.commit()
    AuthActions(client).login(facilitator)
    slug = session.slug
    assert client.post(f"/s/{slug}/review/assignments/all").status_code == 302
    assert client.post(f"/s/{slug}/review/open").status_code == 302
    settings = {
        "review_deadline": "2030-01-10T18:00",
        "review_min_scorecards": 1,
        "disagreement_stdev": 15,
        "disagreement_range": 40,
        "reminder_rungs": "3, 1",
        "returned_reminder_days": 3,
    }
    assert client.post(f"/s/{slug}/review/settings", data=settings).status_code == 302
    assert client.post(f"/s/{slug}/review/settings", data=settings).status_code == 302
    kinds = [n.kind for n in _notifications(expert_user)]
    assert kinds == ["experts_assigned", "review_opened", "deadline_changed"]
    assert _notifications(expert_user)[0].params["count"] == 1
    session.review_state = ReviewState.CLOSED
    db.session.commit()
    assert client.post(
        f"/s/{slug}/review/results/{project.id}/decision", data={"recommended": "yes"}
    ).status_code in (302, 303)
    assert client.post(f"/s/{slug}/review/publish").status_code == 302
    assert [n.kind for n in _notifications(member)] == ["project_decided", "results_published"]
    assert _notifications(member)[0].params["recommended"] is True
    assert "results_published" in [n.kind for n in _notifications(expert_user)]


# ---------------------------------------------------------------------------------------------
# By e-mail
# ---------------------------------------------------------------------------------------------


def test_the_e_mail_goes_once_to_each_active_member_in_their_language(app, db, mailing, smtp):
    inbox, port = smtp
    session, facilitator, (russian, english, _gone), project = _group_world()
    _application, client = mailing(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    AuthActions(client).login(facilitator)
    assert _return(client, session, project).status_code == 302
    by_address = {tuple(recipients): raw for recipients, raw in inbox.messages}
    assert sorted(by_address) == [("anna@example.org",), ("john@example.org",)]
    subject, body = _mail(by_address[("anna@example.org",)])
    assert subject == "Проект моей группы возвращён на доработку — Сессия «Город»"
    assert "Здравствуйте, Анна!" in body and "Замечания: Добавьте ресурсы" in body
    assert f"/s/{session.slug}/projects/{project.id}" in body
    subject, body = _mail(by_address[("john@example.org",)])
    assert subject == "A project of my group returned for revision — Сессия «Город»"
    assert "Hello, John!" in body and "Remarks: Добавьте ресурсы" in body
    # Delivered once: each notification is marked e-mailed, and sending again sends nothing.
    _db.session.expire_all()
    told = _notifications(russian) + _notifications(english)
    assert all(notification.emailed_at is not None for notification in told)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False)
    assert send_all([notification.id for notification in told]) == 0
    assert len(inbox.messages) == 2


def test_an_e_mail_turned_off_is_not_sent_but_the_bell_still_tells(app, db, mailing, smtp):
    inbox, port = smtp
    session, facilitator, (_russian, english, _gone), project = _group_world()
    _application, client = mailing(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    AuthActions(client).login(english)
    choices = {"language": "en"}
    choices |= {kind.value: "y" for kind in NotificationKind if kind.value != "project_returned"}
    assert client.post("/notifications/email", data=choices).status_code == 302
    AuthActions(client).logout()
    AuthActions(client).login(facilitator)
    _return(client, session, project)
    assert [recipients for recipients, _raw in inbox.messages] == [["anna@example.org"]]
    assert len(_notifications(english)) == 1
    stored = _db.session.get(EmailChoice, (english.id, "project_returned"))
    assert stored is not None and stored.email is False


def test_the_choices_page_shows_every_kind_ticked_by_default(app, db, client):
    user = factories.make_user()
    db.session.commit()
    AuthActions(client).login(user)
    page = client.get("/notifications/email").get_data(as_text=True)
    assert page.count("checked") == len(NotificationKind)
    assert "Проект моей группы возвращён на доработку" in page


def test_a_session_title_cannot_add_a_mail_header(app, db, mailing, smtp):
    inbox, port = smtp
    title = "Сессия\r\nBcc: victim@example.org\nX-Evil: 1"
    session, facilitator, _people, project = _group_world(title=title)
    _application, client = mailing(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    AuthActions(client).login(facilitator)
    _return(client, session, project)
    assert len(inbox.messages) == 2
    for recipients, raw in inbox.messages:
        message = email.message_from_string(raw)
        assert message["Bcc"] is None and message["X-Evil"] is None
        assert "victim@example.org" not in recipients
        assert "Bcc: victim@example.org X-Evil: 1" in str(
            make_header(decode_header(message["Subject"]))
        )


def test_header_safe_flattens_and_bounds():
    assert header_safe("a\r\nb\tc\x00d") == "a b c d"
    assert len(header_safe("x" * 500)) == 150


def test_without_smtp_nothing_is_sent_and_the_bell_tells(app, db, mailing, smtp):
    inbox, _port = smtp
    session, facilitator, (russian, _english, _gone), project = _group_world()
    _application, client = mailing()
    AuthActions(client).login(facilitator)
    _return(client, session, project)
    assert inbox.messages == [] and len(_notifications(russian)) == 1
