"""Administration: sessions and their facilitators, user accounts."""

import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.auth.models import User
from sessiontrack.people.models import Participant, ParticipantRole
from sessiontrack.sessions.models import SessionState, StrategicSession

from . import factories


def _admin(db):
    user = factories.make_user("admin@example.org", name="Администратор", is_admin=True)
    db.session.commit()
    return user


def test_admin_creates_a_session_and_appoints_its_facilitator(app, client, auth, db):
    auth.login(_admin(db))
    facilitator = factories.make_user("olga@example.org", name="Ольга Смирнова")
    db.session.commit()
    response = client.post(
        "/admin/sessions/new",
        data={"slug": "zato-2019", "title": "Сессия 2019", "starts_on": "2019-11-01"},
        follow_redirects=True,
    )
    assert "Сессия создана. Теперь назначьте её модераторов." in response.get_data(as_text=True)
    created = db.session.scalar(sa.select(StrategicSession).filter_by(slug="zato-2019"))
    assert created.state == SessionState.SETUP
    unknown = client.post("/admin/sessions/zato-2019", data={"email": "nobody@example.org"})
    assert unknown.status_code == 422
    assert "Учётной записи с этим адресом нет." in unknown.get_data(as_text=True)
    client.post("/admin/sessions/zato-2019", data={"email": "Olga@Example.org"})
    again = client.post("/admin/sessions/zato-2019", data={"email": "olga@example.org"})
    assert "уже модератор этой сессии" in again.get_data(as_text=True)
    other = app.test_client()
    other.post("/auth/login", data={"email": "olga@example.org", "password": factories.PASSWORD})
    assert "Сессия 2019" in other.get("/").get_data(as_text=True)
    assert other.get("/s/zato-2019/settings").status_code == 200
    assert other.get("/admin/").status_code == 403
    # The appointment made the account's participant row, named and addressed from the account.
    appointed = db.session.scalar(sa.select(Participant).filter_by(user_id=facilitator.id))
    assert (appointed.full_name, appointed.email, appointed.role) == (
        facilitator.name,
        "olga@example.org",
        ParticipantRole.FACILITATOR,
    )
    client.post(f"/admin/sessions/zato-2019/facilitators/{appointed.id}/remove")
    assert other.get("/s/zato-2019/settings").status_code == 403
    # A row that held nothing but the appointment goes with it.
    assert db.session.scalar(sa.select(Participant).filter_by(user_id=facilitator.id)) is None


def test_a_facilitator_on_the_list_stays_on_it_as_a_guest_when_taken_off(client, auth, db):
    """Appointing a person of the participant list gives their row the role; taking it away
    leaves them on the list as a guest, without access."""
    auth.login(_admin(db))
    session = factories.make_session()
    user = factories.make_user("speaker@example.org")
    speaker = factories.make_participant(
        session, role=ParticipantRole.SPEAKER, email=user.email, position="Глава города"
    )
    db.session.commit()
    client.post(f"/admin/sessions/{session.slug}", data={"email": user.email})
    db.session.refresh(speaker)
    assert (speaker.user_id, speaker.role) == (user.id, ParticipantRole.FACILITATOR)
    client.post(f"/admin/sessions/{session.slug}/facilitators/{speaker.id}/remove")
    db.session.refresh(speaker)
    assert (speaker.user_id, speaker.role) == (user.id, ParticipantRole.GUEST)
    db.session.refresh(user)
    assert user.roles_in(session) == set()


def test_a_facilitator_of_another_session_cannot_be_removed_through_this_one(client, auth, db):
    auth.login(_admin(db))
    here, there = factories.make_session(), factories.make_session()
    factories.make_member(there, ParticipantRole.FACILITATOR)
    facilitator = db.session.scalar(sa.select(Participant).filter_by(session_id=there.id))
    db.session.commit()
    url = f"/admin/sessions/{here.slug}/facilitators/{facilitator.id}/remove"
    assert client.post(url).status_code == 404
    assert db.session.get(Participant, facilitator.id).role == ParticipantRole.FACILITATOR


def test_accounts_are_searched_and_paged(app, client, auth, db):
    auth.login(_admin(db))
    factories.make_user("ivanov@example.org", name="Иванов Иван")
    factories.make_user("petrova@example.org", name="Петрова Анна", active=False)
    db.session.commit()
    page = client.get("/admin/users?q=ИВАНОВ").get_data(as_text=True)
    assert "Иванов Иван" in page and "Петрова Анна" not in page
    page = client.get("/admin/users?status=inactive").get_data(as_text=True)
    assert "Петрова Анна" in page and "Иванов Иван" not in page
    app.config["PER_PAGE"] = 1
    assert 'aria-label="Страницы"' in client.get("/admin/users").get_data(as_text=True)


def test_a_new_account_gets_a_one_time_password_shown_once(app, client, auth, db):
    auth.login(_admin(db))
    response = client.post(
        "/admin/users/new", data={"email": "Vera@Example.org", "name": "Вера Орлова"}
    )
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    password = page.split('id="one-time-password">')[1].split("<")[0]
    user = db.session.scalar(sa.select(User).filter_by(email="vera@example.org"))
    assert user.must_change_password
    duplicate = client.post("/admin/users/new", data={"email": "vera@example.org", "name": "B"})
    assert duplicate.status_code == 422 and 'id="email-error"' in duplicate.get_data(as_text=True)
    vera = app.test_client()
    login = vera.post("/auth/login", data={"email": "vera@example.org", "password": password})
    assert login.headers["Location"] == "/auth/password"


def test_deactivated_accounts_cannot_log_in_and_are_logged_out(app, client, auth, db):
    admin = _admin(db)
    user = factories.make_user("vera@example.org")
    db.session.commit()
    browser = app.test_client()
    browser.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
    assert browser.get("/").status_code == 200
    auth.login(admin)
    response = client.post(f"/admin/users/{user.id}/deactivate", follow_redirects=True)
    assert "Учётная запись отключена: войти с ней нельзя." in response.get_data(as_text=True)
    assert browser.get("/").status_code == 302  # the open browser session ended
    refused = browser.post(
        "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert refused.status_code == 422
    client.post(f"/admin/users/{user.id}/reactivate")
    again = browser.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
    assert again.status_code == 302
    actions = db.session.scalars(
        sa.select(AuditEntry.action).filter_by(object_type="user_account", object_id=user.id)
    ).all()
    assert actions == ["deactivate", "reactivate"]


def test_admins_cannot_lock_themselves_out(client, auth, db):
    admin = _admin(db)
    auth.login(admin)
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Нельзя отключить собственную учётную запись." in response.get_data(as_text=True)
    response = client.post(
        f"/admin/users/{admin.id}", data={"email": admin.email, "name": "Админ", "is_admin": ""}
    )
    assert response.status_code == 422
    assert db.session.get(User, admin.id).is_admin and db.session.get(User, admin.id).active


def test_password_reset_gives_a_one_time_password(app, client, auth, db):
    user = factories.make_user("vera@example.org")
    auth.login(_admin(db))
    response = client.post(f"/admin/users/{user.id}/reset-password")
    password = response.get_data(as_text=True).split('id="one-time-password">')[1].split("<")[0]
    browser = app.test_client()
    old = browser.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
    assert old.status_code == 422
    new = browser.post("/auth/login", data={"email": user.email, "password": password})
    assert new.headers["Location"] == "/auth/password"


def test_administration_in_english(client, auth, db):
    auth.login(_admin(db))
    client.post("/language", data={"language": "en"})
    page = client.get("/admin/").get_data(as_text=True)
    assert "Site administration" in page and "Create a session" in page
