"""Setting a session up: settings, forum, strategy priorities, lifecycle, copy, structure."""

from datetime import date

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import DomainError
from sessiontrack.people.models import Participant, ParticipantRole
from sessiontrack.review.models import Criterion
from sessiontrack.sessions import services
from sessiontrack.sessions.access import group_ids_of
from sessiontrack.sessions.models import (
    Direction,
    SessionState,
    StrategicSession,
    WorkingGroup,
)

from . import factories


@pytest.fixture
def session(db):
    """The session of these tests (the ``facilitator`` fixture is its facilitator)."""
    strategic_session = factories.make_session(title="Сессия 2018", place="Администрация")
    db.session.commit()
    return strategic_session


def _entries(db, **filters) -> list[AuditEntry]:
    return list(
        db.session.scalars(sa.select(AuditEntry).filter_by(**filters).order_by(AuditEntry.id))
    )


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "message"),
    [("Zato 2019", "строчные латинские буквы"), ("-zato", "строчные"), ("taken", "уже есть")],
)
def test_session_addresses_are_checked(app, db, slug, message):
    factories.make_session(slug="taken")
    with pytest.raises(DomainError, match=message):
        services.create_session(slug=slug, title="Новая")


def test_settings_changes_are_audited_field_by_field(session, db):
    changes = services.update_session(session, title="Сессия 2019", place="Администрация")
    assert changes == {"title": ["Сессия 2018", "Сессия 2019"]}
    assert _entries(db, action="update")[0].changes == {"title": ["Сессия 2018", "Сессия 2019"]}
    with pytest.raises(DomainError, match="раньше даты начала"):
        services.update_session(session, starts_on=date(2019, 5, 2), ends_on=date(2019, 5, 1))


def test_the_lifecycle_runs_forward_and_back_with_an_audit_entry_at_each_step(session, db):
    stages = [
        services.advance_session(session, session.state, comment=f"step {n}") for n in range(6)
    ]
    assert stages == [
        SessionState.LIVE,
        SessionState.SUMMARISING,
        SessionState.REVIEW,
        SessionState.FORUM,
        SessionState.IMPLEMENTATION,
        SessionState.ARCHIVED,
    ]
    with pytest.raises(DomainError, match="следующего этапа нет"):
        services.advance_session(session, SessionState.ARCHIVED)
    assert services.move_session_back(session, SessionState.ARCHIVED, "too early") == (
        SessionState.IMPLEMENTATION
    )
    db.session.commit()  # the stage is stored: the database takes the new value
    assert db.session.get(StrategicSession, session.id).state == SessionState.IMPLEMENTATION
    entries = _entries(db, object_type="strategic_session")
    assert [e.changes["state"] for e in entries][-3:] == [
        ["forum", "implementation"],
        ["implementation", "archived"],
        ["archived", "implementation"],
    ]
    assert entries[-3].summary == "Форум → Реализация"
    assert entries[0].comment == "step 0" and entries[-1].action == "move_back"
    session.state = SessionState.SETUP
    with pytest.raises(DomainError, match="более раннего этапа нет"):
        services.move_session_back(session, SessionState.SETUP)


def test_a_step_from_a_stage_the_session_has_left_is_refused(session, db):
    services.advance_session(session, SessionState.SETUP)
    db.session.commit()
    with pytest.raises(DomainError, match="уже на этапе «Идёт сессия»"):
        services.advance_session(session, SessionState.SETUP)
    with pytest.raises(DomainError, match="уже на этапе «Идёт сессия»"):
        services.move_session_back(session, SessionState.SUMMARISING)
    db.session.rollback()
    assert db.session.get(StrategicSession, session.id).state == SessionState.LIVE
    assert len(_entries(db, object_type="strategic_session")) == 1


def test_copy_takes_the_structure_and_leaves_people_and_projects(session, db):
    direction = factories.make_direction(session, title="Городская среда", position=1)
    group = factories.make_group(direction, title="Дворы")
    factories.make_group(direction, title="Парки")
    factories.make_criterion(session, title="Реализуемость", weight=2.0)
    factories.make_priority(session, title="Комфортная среда", is_demo=True)
    factories.make_participant(session, full_name="Анна")
    factories.make_organisation(session)
    factories.make_project(session, group)
    session.forum = None
    copier = factories.make_user()
    copy = services.copy_session(
        session, slug="zato-2019", title="Сессия 2019", starts_on=date(2019, 11, 1), user=copier
    )
    db.session.commit()
    assert (copy.state, copy.place, copy.starts_on) == (
        SessionState.SETUP,
        "Администрация",
        date(2019, 11, 1),
    )
    directions = db.session.scalars(sa.select(Direction).filter_by(session_id=copy.id)).all()
    assert [(d.title, [g.title for g in d.groups]) for d in directions] == [
        ("Городская среда", ["Дворы", "Парки"])
    ]
    assert all(
        g.session_id == copy.id
        for g in db.session.scalars(sa.select(WorkingGroup).filter_by(session_id=copy.id))
    )
    criteria = db.session.scalars(sa.select(Criterion).filter_by(session_id=copy.id)).all()
    assert [(c.title, c.weight) for c in criteria] == [("Реализуемость", 2.0)]
    assert [(p.title, p.is_demo) for p in copy.priorities] == [("Комфортная среда", True)]
    # Of the people, only the copier comes along: as the copy's facilitator.
    people = db.session.scalars(sa.select(Participant).filter_by(session_id=copy.id)).all()
    assert [(p.user_id, p.full_name, p.role) for p in people] == [
        (copier.id, copier.name, ParticipantRole.FACILITATOR)
    ]
    assert copier.roles_in(copy) == {ParticipantRole.FACILITATOR}
    assert _entries(db, action="copy")[0].session_id == copy.id


def test_priorities_are_added_renamed_reordered_and_deleted(session, db):
    first = services.add_priority(session, title="Экономика")
    second = services.add_priority(session, title="Город")
    with pytest.raises(DomainError, match="уже есть"):
        services.add_priority(session, title="город")
    assert services.move_priority(second, -1)
    assert [p.title for p in services.priorities_of(session)] == ["Город", "Экономика"]
    assert not services.move_priority(second, -1)  # already first
    services.update_priority(first, title="Экономика и бизнес")
    services.delete_priority(second)
    db.session.commit()
    db.session.refresh(session)
    assert [p.title for p in session.priorities] == ["Экономика и бизнес"]


def test_a_direction_or_group_with_projects_is_not_deleted(session, db):
    direction = factories.make_direction(session)
    group = factories.make_group(direction)
    factories.make_project(session, group)
    with pytest.raises(DomainError, match="В направлении есть проекты"):
        services.delete_direction(direction)
    with pytest.raises(DomainError, match="У рабочей группы есть проекты"):
        services.delete_group(group)


def test_deleting_a_group_takes_its_members_out_but_keeps_them(session, db):
    direction = factories.make_direction(session)
    group = factories.make_group(direction)
    user = factories.make_member(session, ParticipantRole.MEMBER, group)
    person = db.session.scalar(sa.select(Participant).filter_by(user_id=user.id))
    services.delete_group(group)
    db.session.commit()
    assert db.session.get(Participant, person.id).working_group_id is None
    assert user.roles_in(session) == set()  # a member without a group is let in no more
    assert _entries(db, action="leave_group")[0].object_id == person.id
    services.delete_direction(direction)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Direction)) == 0


def test_moving_a_group_to_another_direction_takes_its_projects(session, db):
    first = factories.make_direction(session)
    second = factories.make_direction(session)
    group = factories.make_group(first)
    project = factories.make_project(session, group)
    services.update_group(group, title=group.title, direction=second)
    db.session.commit()
    db.session.refresh(project)
    assert project.direction_id == second.id


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def test_settings_page_saves_and_shows_the_history(client, facilitator, session, db):
    response = client.post(
        f"/s/{session.slug}/settings",
        data={
            "title": "Сессия 2018 года",
            "starts_on": "2018-11-01",
            "ends_on": "2018-11-01",
            "place": "Администрация",
            "strategy_title": "Стратегия 2030",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Настройки сессии сохранены." in page
    assert "История изменений" in page and "Сессия 2018 года" in page and "Стратегия 2030" in page


def test_settings_with_dates_out_of_order_are_refused_at_the_field(client, facilitator, session):
    response = client.post(
        f"/s/{session.slug}/settings",
        data={"title": "Сессия", "starts_on": "2018-11-02", "ends_on": "2018-11-01"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in page and "Дата окончания раньше даты начала." in page


def test_lifecycle_page_moves_the_session_with_a_comment(client, facilitator, session, db):
    page = client.get(f"/s/{session.slug}/lifecycle").get_data(as_text=True)
    assert "Перевести на этап «Идёт сессия»" in page and "data-confirm=" in page
    assert 'name="from_stage" type="hidden" value="setup"' in page
    response = client.post(
        f"/s/{session.slug}/lifecycle/advance",
        data={"comment": "Открыли сессию", "from_stage": "setup"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Сессия переведена на этап «Идёт сессия»." in page
    assert "Комментарий: Открыли сессию" in page
    assert db.session.get(StrategicSession, session.id).state == SessionState.LIVE


def test_a_late_second_click_on_a_stage_step_is_refused(client, facilitator, session, db):
    """The step names the stage it leaves: sent again (or from a page drawn before the step),
    it is refused with a message instead of skipping a stage."""
    step = {"from_stage": "setup"}
    client.post(f"/s/{session.slug}/lifecycle/advance", data=step)
    page = client.post(
        f"/s/{session.slug}/lifecycle/advance", data=step, follow_redirects=True
    ).get_data(as_text=True)
    assert "Сессия уже на этапе «Идёт сессия»" in page and "Ничего не изменено" in page
    response = client.post(f"/s/{session.slug}/lifecycle/back", follow_redirects=True)
    assert "Страница устарела" in response.get_data(as_text=True)
    assert db.session.get(StrategicSession, session.id).state == SessionState.LIVE
    assert len(_entries(db, action="advance")) == 1 and not _entries(db, action="move_back")


def test_forum_page_creates_the_forum(client, facilitator, session, db):
    client.post(
        f"/s/{session.slug}/forum",
        data={"name": "VII Форум", "starts_on": "2018-11-23", "ends_on": "2018-11-24"},
    )
    assert db.session.get(StrategicSession, session.id).forum.name == "VII Форум"
    overview = client.get(f"/s/{session.slug}/").get_data(as_text=True)
    assert "VII Форум" in overview


def _next_step(page: str) -> str:
    """The «what to do next» card of the overview page, empty if there is none."""
    start = page.find('id="after-the-forum"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def test_the_overview_points_the_facilitator_from_the_forum_to_implementation(
    client, auth, facilitator, session, db
):
    slug = session.slug
    assert _next_step(client.get(f"/s/{slug}/").get_data(as_text=True)) == ""
    session.state = SessionState.FORUM
    db.session.commit()
    card = _next_step(client.get(f"/s/{slug}/").get_data(as_text=True))
    assert "Что делать дальше" in card and "На форуме: соберите пакет проектов" in card
    assert f'href="/s/{slug}/review/package"' in card
    assert f'href="/s/{slug}/projects/implementation"' in card
    session.state = SessionState.IMPLEMENTATION
    db.session.commit()
    card = _next_step(client.get(f"/s/{slug}/").get_data(as_text=True))
    assert "На этапе реализации: следите за ходом" in card
    assert f'href="/s/{slug}/projects/implementation"' in card and "/review/package" not in card
    for link in ("/review/package", "/projects/implementation"):
        assert client.get(f"/s/{slug}{link}").status_code == 200
    # An observer is shown no card: the dashboard and the package are the facilitator's.
    auth.logout()
    auth.login(factories.make_member(session, ParticipantRole.OBSERVER))
    db.session.commit()
    assert _next_step(client.get(f"/s/{slug}/").get_data(as_text=True)) == ""


def test_copy_page_refuses_a_taken_address(client, facilitator, session, db):
    response = client.post(f"/s/{session.slug}/copy", data={"slug": session.slug, "title": "Копия"})
    assert response.status_code == 422
    assert "Сессия с таким адресом уже есть." in response.get_data(as_text=True)
    response = client.post(f"/s/{session.slug}/copy", data={"slug": "kopiya", "title": "Копия"})
    assert response.headers["Location"] == "/s/kopiya/settings"
    assert client.get("/s/kopiya/settings").status_code == 200  # the copier is its facilitator


def test_directions_and_groups_through_the_pages(client, facilitator, session, db):
    slug = session.slug
    for title in ("Экономика", "Городская среда"):
        client.post(f"/s/{slug}/directions", data={"title": title})
    city = db.session.scalar(sa.select(Direction).filter_by(title="Городская среда"))
    client.post(f"/s/{slug}/directions/{city.id}/move", data={"direction": "up"})
    page = client.get(f"/s/{slug}/directions").get_data(as_text=True)
    assert page.index("Городская среда") < page.index("Экономика")
    duplicate = client.post(f"/s/{slug}/directions", data={"title": "экономика"})
    assert duplicate.status_code == 422
    assert "Такое название в этой сессии уже есть." in duplicate.get_data(as_text=True)
    response = client.post(
        f"/s/{slug}/directions/{city.id}/groups/new",
        data={"title": "Дворы", "direction_id": city.id},
        follow_redirects=True,
    )
    assert "Рабочая группа добавлена." in response.get_data(as_text=True)
    group = db.session.scalar(sa.select(WorkingGroup).filter_by(title="Дворы"))
    factories.make_project(session, group)
    db.session.commit()
    refused = client.post(f"/s/{slug}/directions/{city.id}/delete", follow_redirects=True)
    assert "В направлении есть проекты: сначала перенесите или удалите их." in (
        refused.get_data(as_text=True)
    )
    assert db.session.get(Direction, city.id) is not None
    client.post(f"/s/{slug}/directions/{city.id}/edit", data={"title": "Городская среда и ЖКХ"})
    overview = client.get(f"/s/{slug}/").get_data(as_text=True)
    assert "Городская среда и ЖКХ" in overview and "Дворы" in overview


def test_group_page_adds_and_removes_people(client, facilitator, session, db):
    group = factories.make_group(factories.make_direction(session), title="Дворы")
    with_account = factories.make_participant(
        session, full_name="Анна Петрова", role=ParticipantRole.GUEST
    )
    user = factories.make_user("anna@example.org")
    with_account.user_id = user.id
    without = factories.make_participant(session, full_name="Борис Сергеев")
    db.session.commit()
    url = f"/s/{session.slug}/groups/{group.id}"
    client.post(f"{url}/members", data={"participant_id": with_account.id, "role": "moderator"})
    client.post(f"{url}/members", data={"participant_id": without.id, "role": "member"})
    page = client.get(url).get_data(as_text=True)
    assert "Анна Петрова" in page and "Модератор группы" in page and "Борис Сергеев" in page
    db.session.refresh(user)
    assert user.roles_in(session) == {ParticipantRole.MODERATOR}
    assert group_ids_of(user, session) == {group.id}
    refused = client.post(f"{url}/members", data={"participant_id": "", "role": "member"})
    assert refused.status_code == 422
    client.post(f"{url}/members/{with_account.id}/remove")
    db.session.refresh(user)
    assert user.roles_in(session) == set() and group_ids_of(user, session) == set()
    person_page = client.get(f"/s/{session.slug}/people/{without.id}").get_data(as_text=True)
    assert "Дворы" in person_page.split('id="participant-group"')[1]


def test_group_page_is_read_only_for_members(client, auth, session, db):
    group = factories.make_group(factories.make_direction(session), title="Дворы")
    member = factories.make_member(session, ParticipantRole.MEMBER, group)
    factories.make_participant(session, full_name="Анна", working_group_id=group.id)
    db.session.commit()
    auth.login(member)
    page = client.get(f"/s/{session.slug}/groups/{group.id}").get_data(as_text=True)
    assert "Анна" in page and "Добавить в группу" not in page and "Исключить" not in page


def test_setup_pages_in_english(client, facilitator, session):
    client.post("/language", data={"language": "en"})
    page = client.get(f"/s/{session.slug}/lifecycle").get_data(as_text=True)
    assert "Set-up of the session" in page and "Move to «Live»" in page


def test_members_see_their_group_on_the_home_page(client, auth, session, db):
    group = factories.make_group(factories.make_direction(session), title="Дворы")
    member = factories.make_member(session, ParticipantRole.MEMBER, group)
    db.session.commit()
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert f'Ваша рабочая группа: <a href="/s/{session.slug}/groups/{group.id}">Дворы</a>' in page
