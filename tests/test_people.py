"""Organisations and participants: the registry, accounts, the list with its filters."""

import html

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.auth.models import User
from sessiontrack.core.errors import DomainError
from sessiontrack.people import services
from sessiontrack.people.models import (
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from sessiontrack.projects.models import ProjectPartner
from sessiontrack.sessions.access import group_ids_of

from . import factories


@pytest.fixture
def world(db):
    """A session with a direction, two groups, an organisation and its facilitator."""
    strategic_session = factories.make_session()
    direction = factories.make_direction(strategic_session, title="Городская среда")
    group = factories.make_group(direction, title="Общественные пространства")
    other_group = factories.make_group(direction, title="Дворы")
    organisation = factories.make_organisation(
        strategic_session, name="ФГУП «ГХК»", kind=OrganisationKind.FEDERAL_ENTERPRISE
    )
    facilitator = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    db.session.commit()
    return {
        "session": strategic_session,
        "group": group,
        "other_group": other_group,
        "organisation": organisation,
        "facilitator": facilitator,
    }


def _access(db, user, strategic_session) -> set:
    """``{(role, group id)}`` the account holds in the session, as authorization reads them."""
    db.session.expire(user, ["participations"])
    groups = group_ids_of(user, strategic_session)
    return {(role, next(iter(groups), None)) for role in user.roles_in(strategic_session)}


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def test_organisation_names_are_unique_in_a_session_whatever_the_case(world, db):
    with pytest.raises(DomainError, match="уже есть в реестре") as error:
        services.add_organisation(world["session"], name="фгуп «гхк»", kind="business")
    assert error.value.field == "name"
    other_session = factories.make_session()
    services.add_organisation(other_session, name="ФГУП «ГХК»", kind="business")


def test_organisation_in_use_is_not_deleted(world, db):
    factories.make_participant(world["session"], organisation_id=world["organisation"].id)
    with pytest.raises(DomainError, match="ссылаются участники \\(1\\) и проекты \\(0\\)"):
        services.delete_organisation(world["organisation"], world["session"])


def test_participant_changes_are_kept_with_names_not_ids(world, db):
    person = services.add_participant(
        world["session"],
        full_name=" Анна  Петрова ",
        email="Anna@Example.org",
        role="member",
        working_group_id=world["group"].id,
    )
    assert (person.full_name, person.email) == ("Анна Петрова", "anna@example.org")
    services.update_participant(
        person,
        world["session"],
        full_name="Анна Петрова",
        email="anna@example.org",
        role="expert",
        expert_kind="investor",
        organisation_id=world["organisation"].id,
        working_group_id=None,
        position="Инвестор",
        phone="",
    )
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(object_id=person.id, action="update"))
    assert entry.changes["organisation"] == [None, "ФГУП «ГХК»"]
    assert entry.changes["role"] == ["member", "expert"]
    assert entry.changes["expert_kind"] == [None, "investor"]
    assert person.expert_kind == ExpertKind.INVESTOR


def test_an_email_is_used_once_per_session(world, db):
    factories.make_participant(world["session"], full_name="Борис", email="b@example.org")
    with pytest.raises(DomainError, match="принадлежит участнику Борис") as error:
        services.add_participant(world["session"], full_name="Вера", email="B@example.org")
    assert error.value.field == "email"


def test_a_group_from_another_session_is_refused(world, db):
    foreign = factories.make_group(factories.make_direction(factories.make_session()))
    with pytest.raises(DomainError, match="Выберите из списка"):
        services.add_participant(world["session"], full_name="Вера", working_group_id=foreign.id)


def test_an_expert_with_scorecards_is_not_deleted(world, db):
    _user, expert = factories.make_expert(world["session"])
    project = factories.make_project(world["session"], world["group"])
    factories.make_scorecard(project, expert)
    with pytest.raises(DomainError, match="оценочные листы"):
        services.delete_participant(expert, world["session"])


@pytest.mark.parametrize(
    ("role", "access"),
    [
        (ParticipantRole.FACILITATOR, ParticipantRole.FACILITATOR),
        (ParticipantRole.MODERATOR, ParticipantRole.MODERATOR),
        (ParticipantRole.MEMBER, ParticipantRole.MEMBER),
        (ParticipantRole.EXPERT, ParticipantRole.EXPERT),
        (ParticipantRole.OBSERVER, ParticipantRole.OBSERVER),
    ],
)
def test_an_account_gets_the_access_of_the_role(world, db, role, access):
    in_group = role in (ParticipantRole.MODERATOR, ParticipantRole.MEMBER)
    person = factories.make_participant(
        world["session"],
        role=role,
        email="anna@example.org",
        working_group_id=world["group"].id if in_group else None,
    )
    user, password = services.create_account(person, world["session"])
    db.session.commit()
    assert user.must_change_password and user.check_password(password)
    assert _access(db, user, world["session"]) == {
        (access, world["group"].id if in_group else None)
    }
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="create_account"))
    assert entry.object_id == person.id and password not in str(entry.changes)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": ParticipantRole.SPEAKER, "email": "a@example.org"}, "не выдаётся"),
        ({"role": ParticipantRole.GUEST, "email": "a@example.org"}, "не выдаётся"),
        ({"role": ParticipantRole.OBSERVER}, "укажите электронную почту"),
        ({"role": ParticipantRole.MEMBER, "email": "a@example.org"}, "укажите рабочую группу"),
    ],
)
def test_accounts_are_refused_where_they_make_no_sense(world, db, fields, message):
    person = factories.make_participant(world["session"], **fields)
    with pytest.raises(DomainError, match=message):
        services.create_account(person, world["session"])


def test_an_existing_account_is_linked_not_duplicated(world, db):
    user = factories.make_user("anna@example.org")
    person = factories.make_participant(
        world["session"], role=ParticipantRole.OBSERVER, email="anna@example.org"
    )
    linked, password = services.create_account(person, world["session"])
    assert linked.id == user.id and password is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_the_account_follows_role_and_group_changes(world, db):
    person = factories.make_participant(
        world["session"], email="anna@example.org", working_group_id=world["group"].id
    )
    user, _password = services.create_account(person, world["session"])
    services.assign_to_group(
        person, world["other_group"], ParticipantRole.MODERATOR, world["session"]
    )
    assert _access(db, user, world["session"]) == {
        (ParticipantRole.MODERATOR, world["other_group"].id)
    }
    services.remove_from_group(person, world["session"])
    assert _access(db, user, world["session"]) == set()
    with pytest.raises(DomainError, match="Укажите рабочую группу"):
        services.update_participant(
            person, world["session"], full_name=person.full_name, role="member"
        )
    services.update_participant(
        person, world["session"], full_name=person.full_name, role="observer"
    )
    assert _access(db, user, world["session"]) == {(ParticipantRole.OBSERVER, None)}


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def test_facilitator_adds_a_participant_and_sees_their_group(client, auth, world, db):
    auth.login(world["facilitator"])
    slug = world["session"].slug
    response = client.post(
        f"/s/{slug}/people/new",
        data={
            "full_name": "Анна Петрова",
            "organisation_id": world["organisation"].id,
            "position": "Инженер",
            "email": "anna@example.org",
            "role": "member",
            "expert_kind": "expert",
            "working_group_id": world["group"].id,
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Участник добавлен: Анна Петрова." in page
    assert "Общественные пространства" in page and "Городская среда" in page
    person = db.session.scalar(sa.select(Participant).filter_by(email="anna@example.org"))
    assert person.expert_kind is None  # only experts have a kind


def test_participant_form_refusal_is_shown_at_the_field(client, auth, world, db):
    factories.make_participant(world["session"], full_name="Борис", email="b@example.org")
    db.session.commit()
    auth.login(world["facilitator"])
    response = client.post(
        f"/s/{world['session'].slug}/people/new",
        data={"full_name": "Вера", "email": "b@example.org", "role": "guest"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="email-error"' in page and "принадлежит участнику Борис" in page
    bad = client.post(
        f"/s/{world['session'].slug}/people/new", data={"full_name": "", "email": "nope"}
    )
    assert bad.status_code == 422
    assert 'id="full_name-error"' in bad.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ru", "Укажите рабочую группу: модераторы и участники групп работают в одной из них."),
        ("en", "Choose the working group: group moderators and members work in one."),
    ],
)
def test_a_group_member_without_a_group_is_refused_at_the_field(
    client, auth, world, db, lang, message
):
    world["facilitator"].locale = lang
    db.session.commit()
    auth.login(world["facilitator"])
    response = client.post(
        f"/s/{world['session'].slug}/people/new",
        data={"full_name": "Вера", "role": "member", "working_group_id": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.split('id="working_group_id-error"')[1].split("</div>")[0]
    assert message in error
    assert db.session.scalar(sa.select(Participant).filter_by(full_name="Вера")) is None


def test_the_service_refuses_a_group_role_without_a_group(world, db):
    with pytest.raises(DomainError, match="Укажите рабочую группу") as error:
        services.add_participant(world["session"], full_name="Вера", role="moderator")
    assert error.value.field == "working_group_id"
    assert services.add_participant(world["session"], full_name="Вера", role="guest")


def test_create_account_shows_the_one_time_password_once(app, client, auth, world, db):
    person = factories.make_participant(
        world["session"], role=ParticipantRole.OBSERVER, email="anna@example.org"
    )
    db.session.commit()
    auth.login(world["facilitator"])
    response = client.post(f"/s/{world['session'].slug}/people/{person.id}/account")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Одноразовый пароль" in page
    password = page.split('id="one-time-password">')[1].split("<")[0]
    again = client.get(f"/s/{world['session'].slug}/people/{person.id}").get_data(as_text=True)
    assert password not in again and "Входит как anna@example.org." in again
    newcomer = app.test_client()
    login = newcomer.post("/auth/login", data={"email": "anna@example.org", "password": password})
    assert login.headers["Location"] == "/auth/password"  # must choose their own


def test_members_see_the_list_without_contacts(client, auth, world, db):
    member = factories.make_member(world["session"], ParticipantRole.MEMBER, world["group"])
    person = factories.make_participant(
        world["session"],
        full_name="Анна Петрова",
        email="anna@example.org",
        phone="+7 900 000-00-00",
        working_group_id=world["group"].id,
    )
    db.session.commit()
    auth.login(member)
    listing = client.get(f"/s/{world['session'].slug}/people/").get_data(as_text=True)
    assert "Анна Петрова" in listing and "anna@example.org" not in listing
    assert "Добавить участника" not in listing
    page = client.get(f"/s/{world['session'].slug}/people/{person.id}").get_data(as_text=True)
    assert "Общественные пространства" in page and "+7 900" not in page
    assert "Создать учётную запись" not in page


def test_list_search_is_case_insensitive_in_cyrillic_and_filters_combine(client, auth, world, db):
    s = world["session"]
    factories.make_participant(s, full_name="Иванов Иван", organisation_id=world["organisation"].id)
    factories.make_participant(
        s, full_name="Иванова Мария", role=ParticipantRole.EXPERT, expert_kind=ExpertKind.EXPERT
    )
    factories.make_participant(s, full_name="Петров Пётр", working_group_id=world["group"].id)
    db.session.commit()
    auth.login(world["facilitator"])

    def names(query: str) -> list[str]:
        page = client.get(f"/s/{s.slug}/people/?{query}").get_data(as_text=True)
        return [n for n in ("Иванов Иван", "Иванова Мария", "Петров Пётр") if n in page]

    assert names("q=иванов") == ["Иванов Иван", "Иванова Мария"]
    assert names("q=ПЁТР") == ["Петров Пётр"]
    assert names(f"organisation={world['organisation'].id}") == ["Иванов Иван"]
    assert names("role=expert") == ["Иванова Мария"]
    assert names(f"group={world['group'].id}") == ["Петров Пётр"]
    assert names("q=иванов&role=expert") == ["Иванова Мария"]
    assert names("q=nobody") == []
    assert "По этим условиям никого не найдено." in client.get(
        f"/s/{s.slug}/people/?q=nobody"
    ).get_data(as_text=True)
    assert names("role=wizard&group=abc") == ["Иванов Иван", "Иванова Мария", "Петров Пётр"]


def test_list_counts_by_kind_of_organisation_and_pages(app, client, auth, world, db):
    s = world["session"]
    business = factories.make_organisation(s, kind=OrganisationKind.BUSINESS)
    for n in range(3):
        factories.make_participant(s, full_name=f"Бизнес {n}", organisation_id=business.id)
    factories.make_participant(s, full_name="ГХК 1", organisation_id=world["organisation"].id)
    factories.make_participant(s, full_name="Без организации")
    db.session.commit()
    app.config["PER_PAGE"] = 2
    auth.login(world["facilitator"])
    page = client.get(f"/s/{s.slug}/people/").get_data(as_text=True)
    counts = page.split('id="counts-by-kind"')[1].split("</ul>")[0]
    # The facilitator is on the list too, without an organisation.
    assert "Бизнес: 3" in counts and "ФГУП: 1" in counts and "Без организации: 2" in counts
    assert 'aria-label="Страницы"' in page and "page=3" in page
    third = client.get(f"/s/{s.slug}/people/?page=3").get_data(as_text=True)
    assert "ГХК 1" in third


def _participants_world(db, n: int):
    s = factories.make_session()
    group = factories.make_group(factories.make_direction(s))
    organisations = [factories.make_organisation(s) for _ in range(3)]
    for i in range(n):
        factories.make_participant(
            s,
            organisation_id=organisations[i % 3].id,
            working_group_id=group.id if i % 2 else None,
            email=f"p{i}@example.org",
        )
    facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
    db.session.commit()
    return s, facilitator


@pytest.mark.parametrize("path", ["/people/", "/people/organisations", "/"])
def test_lists_use_a_constant_number_of_queries(app, auth, client, db, count_queries, path):
    app.config["PER_PAGE"] = 500
    counts = []
    for n in (10, 200):
        s, facilitator = _participants_world(db, n)
        auth.login(facilitator)
        with count_queries() as counter:
            response = client.get(f"/s/{s.slug}{path}")
        assert response.status_code == 200
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1], counts


def test_organisations_page_for_the_facilitator(client, auth, world, db):
    auth.login(world["facilitator"])
    slug = world["session"].slug
    response = client.post(
        f"/s/{slug}/people/organisations/new",
        data={"name": "АО «ИСС»", "kind": "enterprise", "short_name": ""},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Организация добавлена." in page and "АО / предприятие" in page
    duplicate = client.post(
        f"/s/{slug}/people/organisations/new", data={"name": "ао «исс»", "kind": "enterprise"}
    )
    assert duplicate.status_code == 422 and 'id="name-error"' in duplicate.get_data(as_text=True)
    organisation = db.session.scalar(sa.select(Organisation).filter_by(name="АО «ИСС»"))
    client.post(
        f"/s/{slug}/people/organisations/{organisation.id}/edit",
        data={"name": "АО «ИСС» им. Решетнёва", "kind": "enterprise"},
    )
    edit = client.get(f"/s/{slug}/people/organisations/{organisation.id}/edit")
    assert "АО «ИСС» им. Решетнёва" in edit.get_data(as_text=True)
    assert "История изменений" in edit.get_data(as_text=True)
    deleted = client.post(
        f"/s/{slug}/people/organisations/{organisation.id}/delete", follow_redirects=True
    )
    assert "удалена" in deleted.get_data(as_text=True)
    factories.make_participant(world["session"], organisation_id=world["organisation"].id)
    db.session.commit()
    refused = client.post(
        f"/s/{slug}/people/organisations/{world['organisation'].id}/delete", follow_redirects=True
    )
    assert "Организацию нельзя удалить" in refused.get_data(as_text=True)
    assert db.session.get(Organisation, world["organisation"].id) is not None


def test_participants_page_in_english(client, auth, world, db):
    factories.make_participant(world["session"], full_name="Anna Petrova")
    db.session.commit()
    auth.login(world["facilitator"])
    client.post("/language", data={"language": "en"})
    page = client.get(f"/s/{world['session'].slug}/people/").get_data(as_text=True)
    assert "Add a participant" in page and "Import from a file" in page
    assert "Group member" in page


def test_editing_a_participant_without_the_expert_kind_field(client, auth, world, db):
    person = factories.make_participant(world["session"], full_name="Пётр")
    db.session.commit()
    auth.login(world["facilitator"])
    response = client.post(
        f"/s/{world['session'].slug}/people/{person.id}/edit",
        data={"full_name": "Пётр Сидоров", "role": "expert"},
    )
    assert response.status_code == 302
    assert db.session.get(Participant, person.id).expert_kind == ExpertKind.EXPERT


def test_deletes_that_cannot_work_are_disabled_with_their_reason(client, auth, world, db):
    lead = factories.make_organisation(world["session"], name="АО «ИСС»")
    project = factories.make_project(world["session"], world["group"], lead_organisation_id=lead.id)
    partner = factories.make_organisation(world["session"], name="Клуб предпринимателей")
    db.session.add(ProjectPartner(project_id=project.id, organisation_id=partner.id))
    _user, expert = factories.make_expert(world["session"])
    factories.make_scorecard(factories.make_project(world["session"], world["group"]), expert)
    db.session.commit()
    auth.login(world["facilitator"])
    slug = world["session"].slug
    page = client.get(f"/s/{slug}/people/organisations").get_data(as_text=True)
    row = page.split("АО «ИСС»", 1)[1].split("</tr>", 1)[0]
    assert 'aria-disabled="true"' in row and "data-confirm" not in row
    assert "участники (0) и проекты (1)" in html.unescape(row)
    row = page.split("Клуб предпринимателей", 1)[1].split("</tr>", 1)[0]
    assert "участники (0) и проекты (1)" in html.unescape(row)
    free = page.split("ФГУП «ГХК»", 1)[1].split("</tr>", 1)[0]
    assert "aria-disabled" not in free and "data-confirm" in free
    page = client.get(f"/s/{slug}/people/{expert.id}").get_data(as_text=True)
    assert 'aria-disabled="true"' in page and "У эксперта есть оценочные листы" in page


def _own_row(db, user, strategic_session) -> Participant:
    return db.session.scalar(
        db.select(Participant).filter_by(session_id=strategic_session.id, user_id=user.id)
    )


def test_a_facilitator_cannot_lock_themselves_out_but_another_facilitator_can_change_them(
    client, auth, world, db
):
    strategic_session, me = world["session"], world["facilitator"]
    row = _own_row(db, me, strategic_session)
    slug = strategic_session.slug
    auth.login(me)
    page = client.get(f"/s/{slug}/people/{row.id}").get_data(as_text=True)
    assert 'aria-disabled="true"' in page
    assert "Нельзя убрать из сессии самого себя как модератора" in page

    demoted = client.post(
        f"/s/{slug}/people/{row.id}/edit",
        data={"full_name": row.full_name, "email": row.email, "role": "observer"},
    )
    assert demoted.status_code == 422
    assert 'id="role-error"' in demoted.get_data(as_text=True)
    removed = client.post(f"/s/{slug}/people/{row.id}/delete", follow_redirects=True)
    assert "Нельзя убрать из сессии самого себя как модератора" in removed.get_data(as_text=True)
    db.session.expire_all()
    assert _own_row(db, me, strategic_session).role == ParticipantRole.FACILITATOR

    other = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    db.session.commit()
    auth.logout()
    auth.login(other)
    response = client.post(
        f"/s/{slug}/people/{row.id}/edit",
        data={"full_name": row.full_name, "email": row.email, "role": "observer"},
    )
    assert response.status_code in (302, 303)
    db.session.expire_all()
    assert _own_row(db, me, strategic_session).role == ParticipantRole.OBSERVER
