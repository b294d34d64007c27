"""The record of the day: agenda items, talks and decisions.

Every change writes an audit entry whose ``changes`` hold the old and new values; that is the
history each record's edit page shows. Values are kept as people read them (names, not ids).
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit import services as audit
from ..core import ordering
from ..core.errors import DomainError
from ..core.loading import all_in_session, chosen_in_session
from ..extensions import db
from ..people.models import Organisation, Participant
from .models import AgendaItem, Decision, Talk


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _record(action: str, obj, strategic_session, summary: str, before: dict, after: dict) -> None:
    """Record the creation (with the values it was created with) or the deletion of ``obj``;
    an update goes through :func:`.audit.services.update_recorded`."""
    audit.record(
        action,
        obj,
        strategic_session=strategic_session,
        summary=summary,
        changes=audit.compare(before, after),
    )


def items_of(strategic_session) -> list[AgendaItem]:
    """The agenda with its talks and their speakers (three queries)."""
    return all_in_session(
        AgendaItem,
        strategic_session,
        AgendaItem.position,
        AgendaItem.starts_at,
        AgendaItem.id,
        options=[
            sa.orm.selectinload(AgendaItem.talks)
            .joinedload(Talk.speaker)
            .joinedload(Participant.organisation)
        ],
    )


def decisions_of(strategic_session) -> list[Decision]:
    """The session's decisions in order, with their agenda item and responsible organisation
    (one query)."""
    return all_in_session(
        Decision,
        strategic_session,
        Decision.position,
        Decision.id,
        options=[
            sa.orm.joinedload(Decision.responsible_organisation),
            sa.orm.joinedload(Decision.agenda_item),
        ],
    )


# ---------------------------------------------------------------------------------------------
# Agenda items (with the facilitator's notes)
# ---------------------------------------------------------------------------------------------

ITEM_FIELDS = ["title", "starts_at", "ends_at", "description", "notes"]


def describe_item(item: AgendaItem) -> dict:
    """An agenda item's values as its history shows them (times as ``HH:MM``)."""
    return {
        "title": item.title,
        "starts_at": _time(item.starts_at),
        "ends_at": _time(item.ends_at),
        "description": item.description,
        "notes": item.notes,
    }


def _check_times(values: dict) -> None:
    if (
        values.get("starts_at")
        and values.get("ends_at")
        and values["ends_at"] < values["starts_at"]
    ):
        raise DomainError(_("The end time is before the start time."), "ends_at")


def add_item(strategic_session, **values) -> AgendaItem:
    """A new agenda item at the end of the agenda, recorded.

    :raise DomainError: if it ends before it starts.
    """
    _check_times(values)
    item = AgendaItem(
        session_id=strategic_session.id,
        position=ordering.next_position(items_of(strategic_session)),
        **{field: values[field] for field in ITEM_FIELDS if field in values},
    )
    db.session.add(item)
    db.session.flush()
    _record("create", item, strategic_session, item.title, {}, describe_item(item))
    return item


def update_item(item: AgendaItem, strategic_session, **values) -> dict:
    """Change an agenda item (title, times, description, notes). Returns the changes.

    :raise DomainError: if it ends before it starts.
    """
    _check_times(values)
    return audit.update_recorded(
        item,
        {field: values[field] for field in ITEM_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values.get("title", item.title),
        describe=describe_item,
    )


def delete_item(item: AgendaItem, strategic_session) -> None:
    """Delete an agenda item with its talks; its decisions stay, no longer tied to it."""
    for talk in item.talks:
        _record("delete", talk, strategic_session, talk.title, describe_talk(talk), {})
    _record("delete", item, strategic_session, item.title, describe_item(item), {})
    db.session.delete(item)
    db.session.flush()


def move_item(item: AgendaItem, strategic_session, offset: int) -> bool:
    """Move an agenda item ``offset`` places up (-1) or down (+1). Returns whether it moved."""
    return audit.move_recorded(
        items_of(strategic_session), item, offset, strategic_session=strategic_session
    )


# ---------------------------------------------------------------------------------------------
# Talks
# ---------------------------------------------------------------------------------------------


def describe_talk(talk: Talk) -> dict:
    """A talk's values as its history shows them (the agenda item and speaker by name)."""
    return {
        "agenda_item": talk.agenda_item.title if talk.agenda_item else None,
        "speaker": talk.speaker.full_name if talk.speaker else None,
        "title": talk.title,
        "key_points": talk.key_points,
    }


def add_talk(
    item: AgendaItem, strategic_session, *, speaker_id, title: str, key_points: str
) -> Talk:
    """A new talk at the end of the agenda item's talks, recorded.

    :raise DomainError: if the speaker is not a participant of the session.
    """
    speaker = chosen_in_session(Participant, speaker_id, strategic_session, "speaker_id")
    talk = Talk(
        agenda_item=item,
        speaker=speaker,
        title=title.strip(),
        key_points=key_points.strip(),
        position=ordering.next_position(item.talks),
    )
    db.session.add(talk)
    db.session.flush()
    _record("create", talk, strategic_session, talk.title, {}, describe_talk(talk))
    return talk


def update_talk(talk: Talk, strategic_session, *, speaker_id, title: str, key_points: str) -> dict:
    """Change a talk's speaker, title and key points. Returns the changes.

    :raise DomainError: if the speaker is not a participant of the session.
    """
    speaker = chosen_in_session(Participant, speaker_id, strategic_session, "speaker_id")
    return audit.update_recorded(
        talk,
        {"speaker": speaker, "title": title.strip(), "key_points": key_points.strip()},
        strategic_session=strategic_session,
        summary=title.strip(),
        describe=describe_talk,
    )


def delete_talk(talk: Talk, strategic_session) -> None:
    """Delete a talk, recorded."""
    _record("delete", talk, strategic_session, talk.title, describe_talk(talk), {})
    talk.agenda_item.talks.remove(talk)
    db.session.delete(talk)
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------

DECISION_FIELDS = [
    "text",
    "agenda_item_id",
    "responsible",
    "responsible_organisation_id",
    "due_on",
    "status",
]


def describe_decision(decision: Decision) -> dict:
    """A decision's values as its history shows them (names, not ids)."""
    return {
        "text": decision.text,
        "agenda_item": decision.agenda_item.title if decision.agenda_item else None,
        "responsible": decision.responsible,
        "responsible_organisation": (
            decision.responsible_organisation.name if decision.responsible_organisation else None
        ),
        "due_on": decision.due_on.isoformat() if decision.due_on else None,
        "status": decision.status.value if decision.status else None,
    }


def _decision_values(values: dict, strategic_session) -> dict:
    """The decision fields of ``values``, its agenda item and organisation checked.

    :raise DomainError: if either is not the session's.
    """
    chosen_in_session(AgendaItem, values.get("agenda_item_id"), strategic_session, "agenda_item_id")
    chosen_in_session(
        Organisation,
        values.get("responsible_organisation_id"),
        strategic_session,
        "responsible_organisation_id",
    )
    return {field: values[field] for field in DECISION_FIELDS if field in values}


def add_decision(strategic_session, **values) -> Decision:
    """A new decision at the end of the session's list, recorded.

    :raise DomainError: if its agenda item or organisation is not the session's.
    """
    values = _decision_values(values, strategic_session)
    position = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Decision.position), -1)).where(
            Decision.session_id == strategic_session.id
        )
    )
    decision = Decision(session_id=strategic_session.id, position=position + 1, **values)
    db.session.add(decision)
    db.session.flush()
    _record(
        "create", decision, strategic_session, decision.text[:200], {}, describe_decision(decision)
    )
    return decision


def update_decision(decision: Decision, strategic_session, **values) -> dict:
    """Change a decision. Returns the changes.

    :raise DomainError: if its agenda item or organisation is not the session's.
    """
    values = _decision_values(values, strategic_session)
    return audit.update_recorded(
        decision,
        values,
        strategic_session=strategic_session,
        summary=values.get("text", decision.text)[:200],
        describe=describe_decision,
        expire=["agenda_item", "responsible_organisation"],
    )


def delete_decision(decision: Decision, strategic_session) -> None:
    """Delete a decision, recorded."""
    _record(
        "delete", decision, strategic_session, decision.text[:200], describe_decision(decision), {}
    )
    db.session.delete(decision)
    db.session.flush()
