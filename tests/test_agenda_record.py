"""The record of the day: agenda items with times, talks, notes, decisions and their history."""

from datetime import time

import pytest
import sqlalchemy as sa

from sessiontrack.agenda import services
from sessiontrack.agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import DomainError
from sessiontrack.people.models import ParticipantRole

from . import factories


def test_items_keep_the_history_of_each_edit(session, db):
    item = services.add_item(session, title="Открытие", starts_at=time(10), ends_at=time(10, 30))
    services.update_item(item, session, title="Открытие сессии", notes="Собрались 120 человек")
    services.update_item(item, session, title="Открытие сессии", notes="Собрались 120 человек")
    db.session.commit()
    entries = db.session.scalars(
        sa.select(AuditEntry).filter_by(object_type="agenda_item").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["create", "update"]  # the no-op edit left no entry
    assert entries[0].changes["starts_at"] == [None, "10:00"]
    assert entries[1].changes == {
        "title": ["Открытие", "Открытие сессии"],
        "notes": ["", "Собрались 120 человек"],
    }
    with pytest.raises(DomainError, match="раньше времени начала"):
        services.update_item(item, session, starts_at=time(11), ends_at=time(10))


def test_a_speaker_from_another_session_is_refused(session, db):
    item = factories.make_agenda_item(session)
    foreign = factories.make_participant(factories.make_session())
    with pytest.raises(DomainError, match="Выберите из списка") as error:
        services.add_talk(item, session, speaker_id=foreign.id, title="Доклад", key_points="")
    assert error.value.field == "speaker_id"


def test_deleting_an_item_takes_its_talks_and_keeps_its_decisions(session, db):
    item = factories.make_agenda_item(session)
    factories.make_talk(item)
    decision = factories.make_decision(session, agenda_item_id=item.id)
    services.delete_item(item, session)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Talk)) == 0
    assert db.session.get(Decision, decision.id).agenda_item_id is None
    deleted = db.session.scalars(sa.select(AuditEntry).filter_by(action="delete")).all()
    assert {e.object_type for e in deleted} == {"agenda_item", "talk"}


def test_facilitator_records_the_day_through_the_pages(client, facilitator, session, db):
    slug = session.slug
    speaker = factories.make_participant(
        session, full_name="Карен Малхасян", position="Заместитель начальника управления"
    )
    organisation = factories.make_organisation(session, name="Администрация")
    db.session.commit()
    client.post(
        f"/s/{slug}/agenda/items/new",
        data={"title": "Открытие", "starts_at": "10:00", "ends_at": "10:30"},
    )
    client.post(f"/s/{slug}/agenda/items/new", data={"title": "Работа в группах"})
    item = db.session.scalar(sa.select(AgendaItem).filter_by(title="Открытие"))
    response = client.post(
        f"/s/{slug}/agenda/items/{item.id}/talks/new",
        data={
            "speaker_id": speaker.id,
            "title": "Национальные проекты",
            "key_points": "12 национальных проектов\nПредложен 13-й",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Выступление записано." in page
    assert "Карен Малхасян" in page and "Предложен 13-й" in page and "10:00–10:30" in page
    response = client.post(
        f"/s/{slug}/agenda/decisions/new",
        data={
            "text": "Доработать паспорта проектов",
            "agenda_item_id": item.id,
            "responsible": "Модераторы групп",
            "responsible_organisation_id": organisation.id,
            "due_on": "2018-11-15",
            "status": "open",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Решение записано." in page and "Доработать паспорта проектов" in page
    decision = db.session.scalar(sa.select(Decision))
    client.post(
        f"/s/{slug}/agenda/decisions/{decision.id}/edit",
        data={"text": "Доработать паспорта проектов", "status": "in_progress"},
    )
    history = client.get(f"/s/{slug}/agenda/decisions/{decision.id}/edit").get_data(as_text=True)
    assert "История изменений" in history
    assert "К исполнению" in history and "Выполняется" in history  # the status, old and new
    assert "Администрация" in history  # the organisation by name, removed in the edit
    assert db.session.get(Decision, decision.id).status == DecisionStatus.IN_PROGRESS


def test_agenda_item_form_refuses_times_out_of_order_at_the_field(client, facilitator, session):
    response = client.post(
        f"/s/{session.slug}/agenda/items/new",
        data={"title": "Обед", "starts_at": "14:00", "ends_at": "13:00"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="ends_at-error"' in page and "Время окончания раньше времени начала." in page


def test_items_are_reordered(client, facilitator, session, db):
    first = factories.make_agenda_item(session, title="Первый", position=0)
    second = factories.make_agenda_item(session, title="Второй", position=1)
    db.session.commit()
    client.post(f"/s/{session.slug}/agenda/items/{second.id}/move", data={"direction": "up"})
    page = client.get(f"/s/{session.slug}/agenda/").get_data(as_text=True)
    assert page.index("Второй") < page.index("Первый")
    assert db.session.get(AgendaItem, first.id).position == 1


def test_members_read_the_agenda_without_editing(client, auth, session, db):
    item = factories.make_agenda_item(session, title="Открытие", notes="Заметки модератора")
    factories.make_talk(item, title="Доклад")
    member = factories.make_member(session, ParticipantRole.OBSERVER)
    db.session.commit()
    auth.login(member)
    page = client.get(f"/s/{session.slug}/agenda/").get_data(as_text=True)
    assert "Доклад" in page and "Заметки модератора" in page
    assert "Записать выступление" not in page and "Удалить" not in page


def test_agenda_page_uses_a_constant_number_of_queries(app, auth, client, db, count_queries):
    counts = []
    for n in (10, 200):
        s = factories.make_session()
        organisation = factories.make_organisation(s)
        for i in range(n):
            item = factories.make_agenda_item(s)
            speaker = factories.make_participant(s, organisation_id=organisation.id)
            factories.make_talk(item, speaker)
            factories.make_decision(
                s, agenda_item_id=item.id, responsible_organisation_id=organisation.id
            )
            if i % 50 == 0:
                db.session.flush()
        facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
        db.session.commit()
        auth.login(facilitator)
        with count_queries() as counter:
            assert client.get(f"/s/{s.slug}/agenda/").status_code == 200
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1], counts


def test_agenda_in_english(client, facilitator, session):
    client.post("/language", data={"language": "en"})
    page = client.get(f"/s/{session.slug}/agenda/").get_data(as_text=True)
    assert "Add an agenda item" in page and "Record a decision" in page
