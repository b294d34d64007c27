"""An archived session can be read and exported, and moved back a stage, but not changed."""

from sessiontrack.people.models import Organisation, ParticipantRole
from sessiontrack.sessions.models import SessionState

from . import factories


def test_an_archived_session_is_read_only(client, auth, db):
    session = factories.make_session(state=SessionState.ARCHIVED)
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    db.session.commit()
    auth.login(facilitator)
    assert client.get(f"/s/{session.slug}/people/organisations").status_code == 200
    response = client.post(
        f"/s/{session.slug}/people/organisations/new",
        data={"name": "Новая организация", "kind": "business"},
    )
    assert response.status_code == 409
    assert "Сессия в архиве" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 0
    # Moving it back a stage is allowed, and then it changes again.
    back = client.post(f"/s/{session.slug}/lifecycle/back", data={"from_stage": "archived"})
    assert back.status_code == 302
    db.session.refresh(session)
    assert session.state == SessionState.IMPLEMENTATION
