"""The home page lists the user's sessions and what awaits them."""

import html
import re

from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState

from . import factories


def test_home_lists_only_the_users_sessions_with_what_awaits(client, auth, db):
    mine = factories.make_session(title="Моя сессия")
    factories.make_session(title="Чужая сессия")
    group = factories.make_group(factories.make_direction(mine))
    user = factories.make_member(mine, ParticipantRole.MEMBER, group)
    factories.make_project(mine, group, state=ProjectState.DRAFT)
    factories.make_project(mine, group, state=ProjectState.RETURNED)
    factories.make_project(mine, group, state=ProjectState.SUBMITTED)
    db.session.commit()
    auth.login(user)
    page = client.get("/").get_data(as_text=True)
    assert "Моя сессия" in page and "Чужая сессия" not in page
    assert "Проекты к доработке: <strong>2</strong>" in page


def _task_links(page: str) -> dict:
    """``{title: (count, href)}`` of the «Ваши задачи» block."""
    block = page.split("Ваши задачи", 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^:<]+): <strong>(\d+)</strong></a>', block)
    return {title: (int(count), html.unescape(href)) for href, title, count in links}


def test_tasks_link_to_the_lists_they_count_on_the_home_and_session_pages(client, auth, db):
    session = factories.make_session()
    direction = factories.make_direction(session)
    group, other_group = factories.make_group(direction), factories.make_group(direction)
    member = factories.make_member(session, ParticipantRole.MEMBER, group)
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    draft = factories.make_project(session, group, state=ProjectState.DRAFT, title="Набережная")
    factories.make_project(session, other_group, state=ProjectState.DRAFT, title="Сквер у школы")
    submitted = factories.make_project(
        session, other_group, state=ProjectState.SUBMITTED, title="Технопарк"
    )
    db.session.commit()
    auth.login(member)
    tasks = _task_links(client.get("/").get_data(as_text=True))
    assert tasks == _task_links(client.get(f"/s/{session.slug}/").get_data(as_text=True))
    count, href = tasks["Проекты к доработке"]
    listed = client.get(href).get_data(as_text=True)
    assert count == 1 and draft.title in listed and "Сквер у школы" not in listed
    assert submitted.title not in listed
    auth.logout()
    auth.login(facilitator)
    tasks = _task_links(client.get("/").get_data(as_text=True))
    assert tasks == _task_links(client.get(f"/s/{session.slug}/").get_data(as_text=True))
    count, href = tasks["Проекты на рассмотрении"]
    listed = client.get(href).get_data(as_text=True)
    assert count == 1 and submitted.title in listed and draft.title not in listed


def test_home_for_a_new_user_says_what_to_do(client, auth, db):
    user = factories.make_user()
    db.session.commit()
    auth.login(user)
    assert "Попросите модератора сессии добавить вас" in client.get("/").get_data(as_text=True)


def test_session_page_needs_a_role_in_that_session(client, auth, db):
    session = factories.make_session()
    other = factories.make_session()
    user = factories.make_member(other, ParticipantRole.OBSERVER)
    db.session.commit()
    auth.login(user)
    assert client.get(f"/s/{session.slug}/").status_code == 403
    assert client.get(f"/s/{other.slug}/").status_code == 200
    assert client.get("/s/no-such-session/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, db):
    session = factories.make_session()
    db.session.commit()
    response = client.get(f"/s/{session.slug}/")
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]
