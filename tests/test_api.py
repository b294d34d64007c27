"""The JSON API: tokens, reads as the web pages allow them, writes through the services."""

import pytest
import sqlalchemy as sa

from sessiontrack.api.models import ApiToken, TokenScope
from sessiontrack.audit.models import AuditEntry
from sessiontrack.projects.models import Project, ProjectState

from . import factories
from .api_support import bearer, json_passport, make_token

API = "/api/v1"


def test_a_member_creates_updates_and_submits_a_project(world, client, db):
    secret = make_token(world.member)
    url = f"{API}/sessions/{world.session.slug}/projects"
    created = client.post(url, json=json_passport(world), headers=bearer(secret))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["state"] == "draft" and body["title"] == "Благоустройство набережной"
    assert body["resources"][0]["amount"] == "95.00"
    project = db.session.get(Project, body["id"])
    assert project.working_group_id == world.group.id

    changed = json_passport(world, title="Новое название") | {"version": body["version"]}
    updated = client.put(f"{url}/{body['id']}", json=changed, headers=bearer(secret))
    assert updated.status_code == 200, updated.get_json()
    assert updated.get_json()["title"] == "Новое название"
    assert updated.get_json()["version"] > body["version"]

    stale = client.put(f"{url}/{body['id']}", json=changed, headers=bearer(secret))
    assert stale.status_code == 409
    assert stale.get_json()["field"] == "version"
    assert db.session.get(Project, body["id"]).title == "Новое название"

    submitted = client.post(f"{url}/{body['id']}/submit", json={}, headers=bearer(secret))
    assert submitted.status_code == 200, submitted.get_json()
    assert db.session.get(Project, body["id"]).state == ProjectState.SUBMITTED
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_id == body["id"])
    ).all()
    assert {"create", "update", "submit"} <= set(actions)


def test_the_form_rules_hold_with_their_messages(world, client, db):
    secret = make_token(world.member)
    url = f"{API}/sessions/{world.session.slug}/projects"
    wrong = json_passport(world, start_year=2022, end_year=2020)
    response = client.post(url, json=wrong, headers=bearer(secret))
    assert response.status_code == 422
    body = response.get_json()
    assert body["field"] == "end_year"
    assert "end_year" in body["errors"]
    other = json_passport(world, working_group_id=world.other_group.id)
    response = client.post(url, json=other, headers=bearer(secret))
    assert response.status_code == 422 and response.get_json()["field"] == "working_group_id"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_an_incomplete_passport_is_not_submitted_and_says_what_it_lacks(world, client, db):
    secret = make_token(world.member)
    project = factories.make_project(world.session, world.group)
    db.session.commit()
    url = f"{API}/sessions/{world.session.slug}/projects/{project.id}/submit"
    response = client.post(url, json={}, headers=bearer(secret))
    assert response.status_code == 422
    assert response.get_json()["errors"]
    assert db.session.get(Project, project.id).state == ProjectState.DRAFT


def test_a_read_token_does_not_write_and_no_token_gets_401(world, client, db):
    secret = make_token(world.member, TokenScope.READ)
    url = f"{API}/sessions/{world.session.slug}/projects"
    refused = client.post(url, json=json_passport(world), headers=bearer(secret))
    assert refused.status_code == 403
    assert refused.get_json()["message"]
    assert client.get(url, headers=bearer(secret)).status_code == 200
    anonymous = client.get(url)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert client.get(url, headers=bearer("st_" + "x" * 43)).status_code == 401


def test_a_revoked_token_is_refused_and_its_use_is_noted(world, client, db):
    secret = make_token(world.member, TokenScope.READ)
    url = f"{API}/sessions"
    assert client.get(url, headers=bearer(secret)).status_code == 200
    token = db.session.scalar(sa.select(ApiToken))
    assert token.last_used_at is not None
    assert token.secret_hash != secret and secret not in token.secret_hash
    from sessiontrack.api import tokens

    tokens.revoke_token(world.member, token)
    db.session.commit()
    assert client.get(url, headers=bearer(secret)).status_code == 401


def test_the_browser_log_in_does_not_open_the_api(world, client, auth, db):
    auth.login(world.member)
    assert client.get(f"{API}/sessions").status_code == 401
    url = f"{API}/sessions/{world.session.slug}/projects"
    assert client.post(url, json=json_passport(world)).status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_sessions_are_those_the_user_takes_part_in(world, client, db):
    factories.make_session(title="Elsewhere")
    db.session.commit()
    secret = make_token(world.member, TokenScope.READ)
    body = client.get(f"{API}/sessions", headers=bearer(secret)).get_json()
    assert [s["slug"] for s in body] == [world.session.slug]
    assert body[0]["roles"] == ["member"]


def test_the_list_keeps_other_groups_drafts_hidden(world, client, db):
    own = factories.make_project(world.session, world.group)
    other_draft = factories.make_project(world.session, world.other_group)
    other_submitted = factories.make_project(
        world.session, world.other_group, state=ProjectState.SUBMITTED
    )
    db.session.commit()
    secret = make_token(world.member, TokenScope.READ)
    url = f"{API}/sessions/{world.session.slug}/projects"
    ids = {p["id"] for p in client.get(url, headers=bearer(secret)).get_json()}
    assert ids == {own.id, other_submitted.id}
    hidden = client.get(f"{url}/{other_draft.id}", headers=bearer(secret))
    assert hidden.status_code == 403 and hidden.get_json()["message"]


def test_hostile_bodies_are_refused_as_json(world, client):
    secret = make_token(world.member)
    url = f"{API}/sessions/{world.session.slug}/projects"
    cases = [
        b"[" * 100_000,
        b'{"title": "\\ud800", "working_group_id": 1}',
        b"\xff\xfe",
        b"not json",
        b'{"title": 5}',
    ]
    for data in cases:
        response = client.post(
            url, data=data, content_type="application/json", headers=bearer(secret)
        )
        assert response.status_code in (400, 422), (data[:20], response.status_code)
        assert response.get_json()["message"]
    huge = client.post(
        url,
        data=b'{"title": "' + b"x" * 300_000 + b'"}',
        content_type="application/json",
        headers=bearer(secret),
    )
    assert huge.status_code == 413


def test_messages_in_the_users_language(world, client, db):
    world.member.locale = "en"
    db.session.commit()
    secret = make_token(world.member, TokenScope.READ)
    url = f"{API}/sessions/{world.session.slug}/projects"
    english = client.post(url, json={}, headers=bearer(secret)).get_json()["message"]
    world.member.locale = "ru"
    db.session.commit()
    russian = client.post(url, json={}, headers=bearer(secret)).get_json()["message"]
    assert english != russian


def test_the_token_page_shows_a_new_token_once_and_revokes_it(world, client, auth, db):
    auth.login(world.member)
    page = client.get("/auth/tokens")
    assert page.status_code == 200
    created = client.post("/auth/tokens", data={"name": "Дашборд", "scope": "write"})
    assert created.status_code == 200
    token = db.session.scalar(sa.select(ApiToken))
    text = created.get_data(as_text=True)
    secret = text.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("st_") and token.scope == TokenScope.WRITE
    assert secret not in client.get("/auth/tokens").get_data(as_text=True)
    assert client.get(f"{API}/sessions", headers=bearer(secret)).status_code == 200
    revoked = client.post(f"/auth/tokens/{token.id}/revoke", follow_redirects=True)
    assert "Дашборд" in revoked.get_data(as_text=True)
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert client.get(f"{API}/sessions", headers=bearer(secret)).status_code == 401
    entries = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_type == "api_token")
    ).all()
    assert sorted(entries) == ["create", "revoke"]


def test_a_user_has_a_bounded_number_of_tokens(world, client, auth, db):
    from sessiontrack.api.tokens import TOKENS_MAX

    for n in range(TOKENS_MAX):
        make_token(world.member, TokenScope.READ, name=f"Token {n}")
    auth.login(world.member)
    refused = client.post("/auth/tokens", data={"name": "One too many", "scope": "read"})
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == TOKENS_MAX


def test_a_token_form_sent_twice_makes_one_token_and_says_why_the_second_is_refused(
    world, client, auth, db
):
    auth.login(world.member)
    first = client.post("/auth/tokens", data={"name": "Дашборд", "scope": "read"})
    assert first.status_code == 200 and 'id="new-token"' in first.get_data(as_text=True)
    again = client.post("/auth/tokens", data={"name": "Дашборд", "scope": "read"})
    assert again.status_code == 422
    page = again.get_data(as_text=True)
    assert 'id="new-token"' not in page
    # The message stands at the name field, in the user's language (Russian here).
    field = page.split('name="name"')[1].split("</div>")[0]
    assert "У вас уже есть действующий токен «Дашборд»" in field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 1
    # Once revoked, its name is free again.
    token = db.session.scalar(sa.select(ApiToken))
    client.post(f"/auth/tokens/{token.id}/revoke")
    assert client.post("/auth/tokens", data={"name": "Дашборд", "scope": "read"}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 2


def test_the_database_keeps_one_active_token_of_a_name_per_account(world, db):
    """Two requests at the same moment both find the name free; the unique index lets one
    token through (the other request gets the 409 of a form sent twice)."""
    from sessiontrack.core.unique import is_unique_violation

    make_token(world.member, name="Same")
    make_token(world.facilitator, name="Same")  # another account's name is its own
    db.session.add(
        ApiToken(user_id=world.member.id, name="Same", scope=TokenScope.READ, secret_hash="a" * 64)
    )
    with pytest.raises(sa.exc.IntegrityError) as refused:
        db.session.flush()
    assert is_unique_violation(refused.value)
    db.session.rollback()


def test_someone_elses_token_is_not_revoked(world, client, auth, db):
    make_token(world.facilitator, TokenScope.READ)
    token = db.session.scalar(sa.select(ApiToken))
    auth.login(world.member)
    client.post(f"/auth/tokens/{token.id}/revoke")
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_the_document_and_its_docs_page_are_served_without_a_cdn(client):
    document = client.get(f"{API}/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    page = client.get(f"{API}/docs").get_data(as_text=True)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in page and "https://" not in page


def test_an_expert_sees_no_forum_decision_before_publication(world, client, db):
    from sessiontrack.people.models import ExpertKind

    project = factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )
    expert_user, _expert = factories.make_expert(world.session, kind=ExpertKind.EXPERT)
    db.session.commit()
    secret = make_token(expert_user, TokenScope.READ)
    url = f"{API}/sessions/{world.session.slug}/projects"
    assert client.get(f"{url}/{project.id}", headers=bearer(secret)).get_json()["state"] == (
        "accepted"
    )
    listed = client.get(f"{url}?state=recommended", headers=bearer(secret)).get_json()
    assert listed == []
    results = client.get(f"{API}/sessions/{world.session.slug}/results", headers=bearer(secret))
    assert results.status_code == 403
