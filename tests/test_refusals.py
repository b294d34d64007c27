"""A refused action changes nothing: each area's refusals, shown at the field of a re-rendered
form (4xx) or flashed on the page the action redirects to, leave every table as it was, even
when the service had changed something before it refused."""

import pytest

from sessiontrack import extensions
from sessiontrack.agenda import services as agenda
from sessiontrack.core.errors import DomainError
from sessiontrack.people import services as people
from sessiontrack.people.models import ParticipantRole
from sessiontrack.sessions import services as sessions

from . import factories
from .import_files import database_snapshot


@pytest.fixture
def world(db, auth):
    """A session with a direction and a group holding a project, a priority, an agenda item, a
    speaker and an organisation with a participant; its facilitator (an admin) logged in."""
    strategic_session = factories.make_session(slug="refusals")
    direction = factories.make_direction(strategic_session, title="Городская среда")
    group = factories.make_group(direction, title="Дворы")
    factories.make_project(strategic_session, group)
    priority = factories.make_priority(strategic_session, title="Экономика")
    item = factories.make_agenda_item(strategic_session, title="Открытие")
    organisation = factories.make_organisation(strategic_session, name="Администрация")
    speaker = factories.make_participant(
        strategic_session,
        full_name="Борис",
        email="b@example.org",
        organisation=organisation,
        role=ParticipantRole.GUEST,
    )
    facilitator = factories.make_member(
        strategic_session, ParticipantRole.FACILITATOR, is_admin=True
    )
    db.session.commit()
    auth.login(facilitator)
    return {
        "slug": strategic_session.slug,
        "direction": direction.id,
        "group": group.id,
        "priority": priority.id,
        "item": item.id,
        "organisation": organisation.id,
        "speaker": speaker.id,
        "facilitator": facilitator.id,
    }


# (what is refused, URL, form data, status of the answer, message the user reads)
REFUSED_FORMS = [
    (
        "a priority title taken",
        "/s/{slug}/priorities",
        {"title": "экономика"},
        "Такое название в этой сессии уже есть.",
    ),
    (
        "a session's dates out of order",
        "/s/{slug}/settings",
        {"title": "Сессия", "starts_on": "2018-11-02", "ends_on": "2018-11-01"},
        "Дата окончания раньше даты начала.",
    ),
    (
        "a copy to a taken address",
        "/s/{slug}/copy",
        {"slug": "refusals", "title": "Копия"},
        "Сессия с таким адресом уже есть.",
    ),
    (
        "an agenda item ending before it starts",
        "/s/{slug}/agenda/items/new",
        {"title": "Итоги", "starts_at": "12:00", "ends_at": "11:00"},
        "раньше времени начала",
    ),
    (
        "a participant with another's e-mail",
        "/s/{slug}/people/new",
        {"full_name": "Вера", "email": "b@example.org", "role": "guest"},
        "принадлежит участнику Борис",
    ),
    (
        "an organisation name taken",
        "/s/{slug}/people/organisations/new",
        {"name": "администрация", "kind": "enterprise"},
        "уже есть в реестре",
    ),
    (
        "a new session at a taken address",
        "/admin/sessions/new",
        {"slug": "refusals", "title": "Ещё одна"},
        "Сессия с таким адресом уже есть.",
    ),
    (
        "a facilitator without an account",
        "/admin/sessions/{slug}",
        {"email": "nobody@example.org"},
        "Учётной записи с этим адресом нет.",
    ),
    (
        "a wrong current password",
        "/auth/password",
        {
            "current_password": "wrong",
            "new_password": "x7-long-enough",
            "confirm": "x7-long-enough",
        },
        "Текущий пароль указан неверно.",
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [case[1:] for case in REFUSED_FORMS],
    ids=[case[0] for case in REFUSED_FORMS],
)
def test_a_refused_form_is_shown_again_and_changes_nothing(client, world, url, data, message):
    before = database_snapshot()
    response = client.post(url.format(**world), data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert database_snapshot() == before


# (what is refused, URL, form data, message flashed on the page the action redirects to)
REFUSED_ACTIONS = [
    (
        "a direction with projects deleted",
        "/s/{slug}/directions/{direction}/delete",
        {},
        "В направлении есть проекты",
    ),
    (
        "a group with projects deleted",
        "/s/{slug}/groups/{group}/delete",
        {},
        "У рабочей группы есть проекты",
    ),
    (
        "a stage step sent from a page drawn before the step",
        "/s/{slug}/lifecycle/advance",
        {"from_stage": "live"},
        "Ничего не изменено",
    ),
    (
        "an organisation with participants deleted",
        "/s/{slug}/people/organisations/{organisation}/delete",
        {},
        "ссылаются участники (1)",
    ),
    (
        "an account for a guest",
        "/s/{slug}/people/{speaker}/account",
        {},
        "не выдаётся",
    ),
    (
        "one's own account deactivated",
        "/admin/users/{facilitator}/deactivate",
        {},
        "Нельзя отключить собственную учётную запись.",
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [case[1:] for case in REFUSED_ACTIONS],
    ids=[case[0] for case in REFUSED_ACTIONS],
)
def test_a_refused_action_is_flashed_and_changes_nothing(client, world, url, data, message):
    before = database_snapshot()
    response = client.post(url.format(**world), data=data, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and "alert-danger" in page
    assert database_snapshot() == before


def test_what_a_service_changed_before_it_refused_is_rolled_back_after_a_redirect(
    client, world, monkeypatch
):
    """The redirect of a refused action answers 302, which the unit of work would commit: the
    refusal itself drops what the service had changed."""

    def half_done(direction):
        direction.title = "Переименовано"
        extensions.db.session.flush()
        raise DomainError("Отказано после изменения.")

    monkeypatch.setattr(sessions, "delete_direction", half_done)
    before = database_snapshot()
    page = client.post(
        "/s/{slug}/directions/{direction}/delete".format(**world), follow_redirects=True
    ).get_data(as_text=True)
    assert "Отказано после изменения." in page
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("module", "name", "url", "data"),
    [
        (
            sessions,
            "update_priority",
            "/s/{slug}/priorities/{priority}/edit",
            {"title": "Новое"},
        ),
        (
            agenda,
            "update_item",
            "/s/{slug}/agenda/items/{item}/edit",
            {"title": "Новое", "starts_at": "10:00", "ends_at": "11:00"},
        ),
        (
            people,
            "update_organisation",
            "/s/{slug}/people/organisations/{organisation}/edit",
            {"name": "Новое", "kind": "enterprise"},
        ),
    ],
    ids=["priority", "agenda item", "organisation"],
)
def test_what_a_service_changed_before_it_refused_is_rolled_back_with_the_form(
    client, db, world, monkeypatch, module, name, url, data
):
    def half_done(obj, *args, **kwargs):
        for field in ("title", "name"):
            if hasattr(obj, field):
                setattr(obj, field, "Переименовано")
        extensions.db.session.flush()
        raise DomainError("Отказано после изменения.", "title")

    monkeypatch.setattr(module, name, half_done)
    before = database_snapshot()
    response = client.post(url.format(**world), data=data)
    assert response.status_code == 422
    assert "Отказано после изменения." in response.get_data(as_text=True)
    assert database_snapshot() == before
