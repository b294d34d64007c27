"""The session's audit log: every change, by whom and when, filterable, paginated."""

import pytest

from sessiontrack.audit import services as audit
from sessiontrack.sessions.models import SessionRole

from . import factories


@pytest.fixture
def logged(db):
    """A session with changes by two facilitators, and a change in another session."""
    s = factories.make_session()
    anna = factories.make_member(s, SessionRole.FACILITATOR, name="Анна Петрова")
    boris = factories.make_member(s, SessionRole.FACILITATOR, name="Борис Сергеев")
    person = factories.make_participant(s, full_name="Вера Орлова")
    item = factories.make_agenda_item(s, title="Открытие")
    audit.record(
        "update",
        person,
        strategic_session=s,
        summary="Вера Орлова",
        changes={"position": ["Инженер", "Главный инженер"], "role": ["member", "expert"]},
        user=anna,
    )
    audit.record("create", item, strategic_session=s, summary="Открытие", user=boris)
    other = factories.make_session()
    audit.record("create", other, strategic_session=other, summary="Чужая сессия", user=anna)
    db.session.commit()
    return {"session": s, "anna": anna, "boris": boris}


def test_the_log_shows_who_changed_what_with_old_and_new_values(client, auth, logged):
    auth.login(logged["anna"])
    page = client.get(f"/s/{logged['session'].slug}/audit/").get_data(as_text=True)
    assert "Анна Петрова" in page and "Борис Сергеев" in page
    assert "Участник</strong> изменение" in page and "Вера Орлова" in page
    assert "Инженер" in page and "Главный инженер" in page
    assert "Участник группы" in page and "Эксперт" in page  # the role by its title
    assert "Чужая сессия" not in page


def test_the_log_filters_by_kind_of_object_and_by_person(client, auth, logged):
    auth.login(logged["anna"])
    url = f"/s/{logged['session'].slug}/audit/"
    by_kind = client.get(url + "?object_type=agenda_item").get_data(as_text=True)
    assert "Открытие" in by_kind and "Вера Орлова" not in by_kind
    by_person = client.get(url + f"?user={logged['anna'].id}").get_data(as_text=True)
    assert "Вера Орлова" in by_person and "Открытие" not in by_person
    nothing = client.get(url + "?object_type=agenda_item&user=" + str(logged["anna"].id))
    assert "По этим условиям изменений нет." in nothing.get_data(as_text=True)


def test_the_log_is_paginated_with_a_constant_number_of_queries(
    app, client, auth, db, count_queries
):
    app.config["PER_PAGE"] = 500
    counts = []
    for n in (10, 200):
        s = factories.make_session()
        facilitator = factories.make_member(s, SessionRole.FACILITATOR)
        for i in range(n):
            person = factories.make_participant(s)
            audit.record("create", person, strategic_session=s, summary=str(i), user=facilitator)
        db.session.commit()
        auth.login(facilitator)
        with count_queries() as counter:
            assert client.get(f"/s/{s.slug}/audit/").status_code == 200
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1], counts
    app.config["PER_PAGE"] = 50
    auth.login(facilitator)
    page = client.get(f"/s/{s.slug}/audit/?page=4").get_data(as_text=True)
    assert "200 изменений" in page and 'aria-current="page">4<' in page


def test_the_log_in_english(client, auth, logged):
    auth.login(logged["anna"])
    client.post("/language", data={"language": "en"})
    page = client.get(f"/s/{logged['session'].slug}/audit/").get_data(as_text=True)
    assert "Audit log" in page and "Participant</strong> edited" in page
