"""The session's audit log: every change, by whom and when, filterable, paginated."""

import re

import pytest
import sqlalchemy as sa

from sessiontrack.audit import labels
from sessiontrack.audit import services as audit
from sessiontrack.audit.models import AuditEntry
from sessiontrack.people.models import ParticipantRole
from sessiontrack.review import services as review

from . import factories
from .review_world import make_review


@pytest.fixture
def logged(db):
    """A session with changes by two facilitators, and a change in another session."""
    s = factories.make_session()
    anna = factories.make_member(s, ParticipantRole.FACILITATOR, name="Анна Петрова")
    boris = factories.make_member(s, ParticipantRole.FACILITATOR, name="Борис Сергеев")
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
        facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
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


def test_review_entries_read_in_the_readers_language_and_autosaves_fold(client, auth, db):
    """Every action, state and field of a review's entries has a title, rendered when read;
    a scorecard saved again within the minute stays one entry."""
    world = make_review(n_projects=1, n_experts=1, investor=False)
    s, facilitator, project = world.session, world.facilitator, world.projects[0]
    user, expert = world.experts[0]
    scorecard = review.assign(s, expert, project, facilitator)
    effect, feasibility, novelty = world.criteria
    review.save_scorecard(s, scorecard, user, values={effect.id: 4}, comment="Сыро")
    review.save_scorecard(
        s, scorecard, user, values={effect.id: 7, feasibility.id: 3}, comment="Хорошо"
    )
    review.save_scorecard(s, scorecard, user, values={novelty.id: 5})
    review.submit_scorecard(s, scorecard, user)
    review.reopen_scorecard(s, scorecard, facilitator, comment="Уточните оценку")
    review.close_review(s, facilitator)
    db.session.commit()
    saved = db.session.scalars(sa.select(AuditEntry).filter_by(action="scorecard_saved")).all()
    assert len(saved) == 1
    assert saved[0].changes["Эффект"] == [None, 7]
    assert saved[0].changes["comment"] == ["", "Хорошо"]
    for entry in db.session.scalars(sa.select(AuditEntry).filter_by(session_id=s.id)):
        assert entry.action in labels.ACTIONS, entry.action
        criteria = {c.title for c in world.criteria}
        for key in set(entry.changes) - criteria:
            assert labels.field_title(key, entry.object_type) != key, (entry.action, key)
    facilitator.locale = "en"
    db.session.commit()
    auth.login(facilitator)
    page = client.get(f"/s/{s.slug}/audit/").get_data(as_text=True)
    for code in ("scorecard_submitted", "scorecard_saved", "review_closed", "draft", "comment"):
        assert f">{code}<" not in page and f" {code} " not in page, code
    assert "Scorecard</strong> submitted" in page and "Scorecard</strong> scores saved" in page
    assert "<td>State</td>" in page and ">Submitted</td>" in page and "<td>Comment</td>" in page
    assert "Review closed" in page or "review closed" in page
    assert not re.search("отправил|оценочный лист|Оценки сохранены", page)


def _entries(obj) -> list[AuditEntry]:
    return audit.history(obj)


def test_an_update_sets_the_values_and_records_only_what_changed(db):
    s = factories.make_session()
    user = factories.make_user(name="Анна Петрова")
    priority = factories.make_priority(s, title="Кадры", description="Было")

    changes = audit.update_recorded(
        priority,
        {"title": "Кадры", "description": "Стало"},
        strategic_session=s,
        summary="Кадры",
        user=user,
    )

    assert changes == {"description": ["Было", "Стало"]}
    assert priority.description == "Стало"
    [entry] = _entries(priority)
    assert (entry.action, entry.summary, entry.user_id, entry.session_id) == (
        "update",
        "Кадры",
        user.id,
        s.id,
    )
    assert entry.changes == {"description": ["Было", "Стало"]}


def test_an_update_that_changes_nothing_records_nothing(db):
    s = factories.make_session()
    priority = factories.make_priority(s, title="Кадры", description="Одно")

    assert audit.update_recorded(priority, {"description": "Одно"}, strategic_session=s) == {}
    assert _entries(priority) == []


def test_an_update_compares_what_describe_shows_and_reloads_expired_relations(db):
    s = factories.make_session()
    first, second = (
        factories.make_agenda_item(s, title="Первый"),
        factories.make_agenda_item(s, title="Второй"),
    )
    decision = factories.make_decision(s, text="Решили", agenda_item_id=first.id)
    assert decision.agenda_item is first

    changes = audit.update_recorded(
        decision,
        {"agenda_item_id": second.id},
        strategic_session=s,
        summary="Решили",
        describe=lambda d: {"agenda_item": d.agenda_item.title},
        expire=["agenda_item"],
        action="move",
    )

    assert changes == {"agenda_item": ["Первый", "Второй"]}
    assert [(e.action, e.changes) for e in _entries(decision)] == [("move", changes)]


def test_a_created_object_records_every_value_it_was_given(db):
    s = factories.make_session()
    priority = factories.make_priority(s, title="Кадры", description="")

    changes = audit.update_recorded(
        priority, {"description": "Новая"}, strategic_session=s, action="create", created=True
    )

    assert changes == {"description": [None, "Новая"]}
    assert _entries(priority)[0].action == "create"


def test_a_move_renumbers_the_list_and_records_the_places_before_and_after(db):
    s = factories.make_session()
    items = [factories.make_priority(s, title=title) for title in ("А", "Б", "В")]

    assert audit.move_recorded(items, items[2], -1, strategic_session=s)
    assert [(p.title, p.position) for p in items] == [("А", 0), ("В", 1), ("Б", 2)]
    [entry] = _entries(items[1])
    assert (entry.action, entry.summary, entry.changes) == (
        "move",
        "В",
        {"position_in_list": [3, 2]},
    )

    assert not audit.move_recorded(items, items[0], -1, strategic_session=s)
    assert _entries(items[0]) == []
