"""Routes of the facilitators' work: session set-up, people and import, agenda, audit log.

Deleting routes get a fresh object for every request (``_fresh``), so that each allowed role
deletes its own and the cross-session check deletes nothing of the session under test.
"""

import itertools

from flask import url_for

from sessiontrack.agenda.models import AgendaItem, Decision, Talk
from sessiontrack.extensions import db
from sessiontrack.people import imports
from sessiontrack.people.models import OrganisationKind, ParticipantRole
from sessiontrack.sessions.models import StrategyPriority

from .. import factories
from . import EVERYONE_IN_SESSION, FACILITATION, Route

_numbers = itertools.count(1)
IMPORT_FILE = "ФИО;Организация;Роль\nИван Петров;ООО «Ромашка»;участник\n".encode()


def extend_world(world) -> None:
    """A strategy priority in each session and a pending import by each session's facilitator."""
    for objects, facilitator in (
        (world.here, world.users["facilitator"]),
        (world.there, world.users["other_facilitator"]),
    ):
        priority = StrategyPriority(session_id=objects.session.id, title="Priority")
        db.session.add(priority)
        db.session.flush()
        objects.extra["priority"] = priority
        objects.extra["import_token"] = imports.store_upload(
            objects.session, facilitator, "people.csv", IMPORT_FILE, OrganisationKind.BUSINESS
        )


def _fresh(make, endpoint: str, argument: str):
    """A URL naming a new object made by ``make(objects)`` (committed: the request reads it)."""

    def url(w, o):
        obj = make(o)
        db.session.commit()
        return url_for(endpoint, slug=w.slug, **{argument: obj.id})

    return url


def _priority(o):
    priority = StrategyPriority(session_id=o.session.id, title=f"Priority {next(_numbers)}")
    db.session.add(priority)
    db.session.flush()
    return priority


def _item(o):
    item = AgendaItem(session_id=o.session.id, title="Coffee break")
    db.session.add(item)
    db.session.flush()
    return item


def _talk(o):
    talk = Talk(agenda_item_id=o.agenda_item.id, title="A short talk")
    db.session.add(talk)
    db.session.flush()
    return talk


def _decision(o):
    decision = Decision(session_id=o.session.id, text="To be deleted")
    db.session.add(decision)
    db.session.flush()
    return decision


def _participant(o):
    return factories.make_participant(
        o.session,
        role=ParticipantRole.OBSERVER,
        email=f"person{next(_numbers)}@example.org",
        working_group_id=o.group.id,
    )


def _group_member_url(w, o):
    participant = factories.make_participant(
        o.session, role=ParticipantRole.MEMBER, working_group_id=o.group.id
    )
    db.session.commit()
    return url_for(
        "sessions.remove_group_member",
        slug=w.slug,
        group_id=o.group.id,
        participant_id=participant.id,
    )


def _url(endpoint: str, **ids):
    """A URL of the session under test naming the objects ``ids`` maps to attribute names."""

    def url(w, o):
        values = {
            key: (o.extra[name] if name in o.extra else getattr(o, name)).id
            for key, name in ids.items()
        }
        return url_for(endpoint, slug=w.slug, **values)

    return url


def _import_url(endpoint: str):
    return lambda w, o: url_for(endpoint, slug=w.slug, token=o.extra["import_token"])


def _facilitation(endpoint: str, methods=("GET",), data=None, **ids) -> dict:
    return {
        (endpoint, method): Route(
            url=_url(endpoint, **ids), allowed=FACILITATION, data=data if method == "POST" else None
        )
        for method in methods
    }


BOTH = ("GET", "POST")
# An upload belongs to the facilitator who made it: anyone else, an admin too, gets 404.
UPLOAD_OWNER_ONLY = {"admin": 404}

ROUTES = {
    # Session set-up
    **_facilitation("sessions.settings", BOTH, data=lambda w, o: {"title": "Renamed"}),
    **_facilitation("sessions.forum", BOTH, data=lambda w, o: {"name": "Forum"}),
    **_facilitation("sessions.lifecycle"),
    **_facilitation("sessions.advance", ("POST",)),
    **_facilitation("sessions.move_back", ("POST",)),
    **_facilitation(
        "sessions.copy",
        BOTH,
        data=lambda w, o: {"slug": f"copy-{next(_numbers)}", "title": "Next session"},
    ),
    **_facilitation("sessions.priorities", BOTH, data=lambda w, o: {"title": "New priority"}),
    **_facilitation(
        "sessions.edit_priority",
        BOTH,
        data=lambda w, o: {"title": "Renamed priority"},
        priority_id="priority",
    ),
    ("sessions.delete_priority", "POST"): Route(
        url=_fresh(_priority, "sessions.delete_priority", "priority_id"), allowed=FACILITATION
    ),
    **_facilitation(
        "sessions.move_priority",
        ("POST",),
        data=lambda w, o: {"direction": "up"},
        priority_id="priority",
    ),
    # Directions and working groups
    **_facilitation("sessions.directions", BOTH, data=lambda w, o: {"title": "New direction"}),
    **_facilitation(
        "sessions.edit_direction",
        BOTH,
        data=lambda w, o: {"title": "Renamed direction"},
        direction_id="direction",
    ),
    **_facilitation(
        "sessions.move_direction",
        ("POST",),
        data=lambda w, o: {"direction": "down"},
        direction_id="direction",
    ),
    # The direction has projects: the deletion is refused with a message.
    **_facilitation("sessions.delete_direction", ("POST",), direction_id="direction"),
    **_facilitation(
        "sessions.new_group",
        BOTH,
        data=lambda w, o: {"title": f"Group {next(_numbers)}", "direction_id": o.direction.id},
        direction_id="direction",
    ),
    ("sessions.group", "GET"): Route(
        url=_url("sessions.group", group_id="group"), allowed=EVERYONE_IN_SESSION
    ),
    **_facilitation(
        "sessions.edit_group",
        BOTH,
        data=lambda w, o: {"title": "Renamed group", "direction_id": o.direction.id},
        group_id="group",
    ),
    **_facilitation(
        "sessions.move_group", ("POST",), data=lambda w, o: {"direction": "up"}, group_id="group"
    ),
    # The group has projects: the deletion is refused with a message.
    **_facilitation("sessions.delete_group", ("POST",), group_id="group"),
    **_facilitation(
        "sessions.add_group_member",
        ("POST",),
        data=lambda w, o: {"participant_id": o.participant.id, "role": "member"},
        group_id="group",
    ),
    ("sessions.remove_group_member", "POST"): Route(url=_group_member_url, allowed=FACILITATION),
    # People
    ("people.participant", "GET"): Route(
        url=_url("people.participant", participant_id="participant"), allowed=EVERYONE_IN_SESSION
    ),
    **_facilitation(
        "people.new_participant",
        BOTH,
        data=lambda w, o: {"full_name": "Анна Иванова", "role": "guest"},
    ),
    **_facilitation(
        "people.edit_participant",
        BOTH,
        data=lambda w, o: {"full_name": "Пётр Сидоров", "role": "member"},
        participant_id="participant",
    ),
    ("people.delete_participant", "POST"): Route(
        url=_fresh(_participant, "people.delete_participant", "participant_id"),
        allowed=FACILITATION,
    ),
    ("people.create_account", "POST"): Route(
        url=_fresh(_participant, "people.create_account", "participant_id"),
        allowed=FACILITATION,
    ),
    **_facilitation(
        "people.new_organisation",
        BOTH,
        data=lambda w, o: {"name": f"ООО «Вектор {next(_numbers)}»", "kind": "business"},
    ),
    **_facilitation(
        "people.edit_organisation",
        BOTH,
        data=lambda w, o: {"name": "АО «Renamed»", "kind": "enterprise"},
        organisation_id="organisation",
    ),
    # The organisation has a participant: the deletion is refused with a message.
    **_facilitation("people.delete_organisation", ("POST",), organisation_id="organisation"),
    **_facilitation("people.import_upload", BOTH),
    ("people.import_preview", "GET"): Route(
        url=_import_url("people.import_preview"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
    ),
    ("people.import_confirm", "POST"): Route(
        url=_import_url("people.import_confirm"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
    ),
    ("people.import_cancel", "POST"): Route(
        url=_import_url("people.import_cancel"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
    ),
    # Agenda, talks, decisions
    **_facilitation(
        "agenda.new_item", BOTH, data=lambda w, o: {"title": "Lunch", "starts_at": "13:00"}
    ),
    **_facilitation(
        "agenda.edit_item",
        BOTH,
        data=lambda w, o: {"title": "Opening", "notes": "Noted"},
        item_id="agenda_item",
    ),
    **_facilitation(
        "agenda.move_item",
        ("POST",),
        data=lambda w, o: {"direction": "down"},
        item_id="agenda_item",
    ),
    ("agenda.delete_item", "POST"): Route(
        url=_fresh(_item, "agenda.delete_item", "item_id"), allowed=FACILITATION
    ),
    **_facilitation(
        "agenda.new_talk",
        BOTH,
        data=lambda w, o: {"title": "A talk", "speaker_id": o.participant.id},
        item_id="agenda_item",
    ),
    **_facilitation(
        "agenda.edit_talk", BOTH, data=lambda w, o: {"title": "Renamed talk"}, talk_id="talk"
    ),
    ("agenda.delete_talk", "POST"): Route(
        url=_fresh(_talk, "agenda.delete_talk", "talk_id"), allowed=FACILITATION
    ),
    **_facilitation(
        "agenda.new_decision", BOTH, data=lambda w, o: {"text": "Decided", "status": "open"}
    ),
    **_facilitation(
        "agenda.edit_decision",
        BOTH,
        data=lambda w, o: {"text": "Decided again", "status": "done"},
        decision_id="decision",
    ),
    ("agenda.delete_decision", "POST"): Route(
        url=_fresh(_decision, "agenda.delete_decision", "decision_id"), allowed=FACILITATION
    ),
    # The audit log
    **_facilitation("audit.index"),
}
