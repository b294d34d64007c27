"""Routes of the facilitators' work: session set-up, people and import, agenda, audit log.

Deleting routes get a fresh object for every request (``_fresh``), so that each allowed role
deletes its own and the cross-session check deletes nothing of the session under test. Edits
post a new value each time (``unique``) and moves go where the object can go, so that the
second allowed role's write changes something too.
"""

import io
import itertools
from pathlib import Path

from flask import current_app, url_for

from sessiontrack.agenda.models import AgendaItem, Decision, Talk
from sessiontrack.extensions import db
from sessiontrack.people import imports
from sessiontrack.people.models import (
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from sessiontrack.sessions.models import (
    Direction,
    Forum,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)

from .. import factories
from . import EVERYONE_IN_SESSION, FACILITATION, Route
from .effects import all_rows, first_or_not, of, order, rows, unique, values

_numbers = itertools.count(1)
IMPORT_FILE = "ФИО;Организация;Роль\nИван Петров;ООО «Ромашка»;гость\n".encode()


def extend_world(world) -> None:
    """Two strategy priorities, a second direction and agenda item (for the moves to have
    somewhere to go) and a pending import by the facilitator, in each session."""
    for objects, facilitator in (
        (world.here, world.users["facilitator"]),
        (world.there, world.users["other_facilitator"]),
    ):
        objects.extra["priority"] = factories.make_priority(objects.session, title="Priority")
        factories.make_priority(objects.session)
        factories.make_direction(objects.session)
        factories.make_agenda_item(objects.session)
        objects.extra["import_token"] = imports.store_upload(
            objects.session, facilitator, "people.csv", IMPORT_FILE, OrganisationKind.BUSINESS
        )


def _fresh(make, endpoint: str, argument: str):
    """A URL naming a new object made by ``make(objects)`` (committed: the request reads it)."""

    def url(w, o):
        obj = o.extra["fresh"] = make(o)
        db.session.commit()
        return url_for(endpoint, slug=w.slug, **{argument: obj.id})

    return url


def _priority(o):
    return factories.make_priority(o.session)


def _item(o):
    return factories.make_agenda_item(o.session, title="Coffee break")


def _talk(o):
    return factories.make_talk(o.agenda_item, title="A short talk")


def _decision(o):
    return factories.make_decision(o.session, text="To be deleted")


def _direction(o):
    return factories.make_direction(o.session)


def _group(o):
    return factories.make_group(o.direction)


def _organisation(o):
    return factories.make_organisation(o.session)


def _participant(o):
    return factories.make_participant(
        o.session,
        role=ParticipantRole.OBSERVER,
        email=f"person{next(_numbers)}@example.org",
        working_group_id=o.group.id,
    )


def _new_group_member(w, o):
    """A participant of no group yet, to add to the group."""
    participant = factories.make_participant(o.session, role=ParticipantRole.MEMBER)
    db.session.commit()
    return {"participant_id": participant.id, "role": "member"}


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


def _facilitation(endpoint: str, methods=("GET",), data=None, effect=None, **ids) -> dict:
    """Entries for a facilitators' route: its page, and its write with ``data`` and ``effect``."""
    return {
        (endpoint, method): Route(
            url=_url(endpoint, **ids),
            allowed=FACILITATION,
            data=data if method == "POST" else None,
            effect=effect if method == "POST" else None,
        )
        for method in methods
    }


def _attribute(name: str):
    return lambda o: o.extra[name] if name in o.extra else getattr(o, name)


FRESH = _attribute("fresh")
SESSION = _attribute("session")
GROUP_MEMBERS = rows(Participant, lambda w, o: Participant.working_group_id == o.group.id)
TALKS = rows(Talk, lambda w, o: Talk.agenda_item_id == o.agenda_item.id)
IN_DIRECTION = lambda w, o: WorkingGroup.direction_id == o.direction.id  # noqa: E731


def _stage(w, o):
    """The stage the lifecycle page shows (a step names the stage it moves from)."""
    return {"from_stage": o.session.state.value}


def _pending_uploads(w, o, actor):
    return len(list(Path(current_app.instance_path, "imports").glob("*.json")))


def _upload_kept(w, o, actor):
    return imports.load_upload(o.extra["import_token"], o.session, actor.user) is not None


def _import_file(w, o):
    return {"file": (io.BytesIO(IMPORT_FILE), "people.csv"), "default_kind": "business"}


BOTH = ("GET", "POST")
# An upload belongs to the facilitator who made it: anyone else, an admin too, gets 404.
UPLOAD_OWNER_ONLY = {"admin": 404}

ROUTES = {
    # Session set-up
    **_facilitation(
        "sessions.settings",
        BOTH,
        data=lambda w, o: {"title": unique("Renamed")},
        effect=of(StrategicSession, SESSION, StrategicSession.title),
    ),
    **_facilitation(
        "sessions.forum",
        BOTH,
        data=lambda w, o: {"name": unique("Forum")},
        effect=values(Forum.name, where=lambda w, o: Forum.session_id == o.session.id),
    ),
    **_facilitation("sessions.lifecycle"),
    **_facilitation(
        "sessions.advance",
        ("POST",),
        data=_stage,
        effect=of(StrategicSession, SESSION, StrategicSession.state),
    ),
    **_facilitation(
        "sessions.move_back",
        ("POST",),
        data=_stage,
        effect=of(StrategicSession, SESSION, StrategicSession.state),
    ),
    **_facilitation(
        "sessions.copy",
        BOTH,
        data=lambda w, o: {"slug": unique("copy").replace(" ", "-"), "title": "Next session"},
        effect=all_rows(StrategicSession),
    ),
    **_facilitation(
        "sessions.priorities",
        BOTH,
        data=lambda w, o: {"title": unique("New priority")},
        effect=rows(StrategyPriority),
    ),
    **_facilitation(
        "sessions.edit_priority",
        BOTH,
        data=lambda w, o: {"title": unique("Renamed priority")},
        effect=of(StrategyPriority, _attribute("priority"), StrategyPriority.title),
        priority_id="priority",
    ),
    ("sessions.delete_priority", "POST"): Route(
        url=_fresh(_priority, "sessions.delete_priority", "priority_id"),
        allowed=FACILITATION,
        effect=rows(StrategyPriority),
    ),
    **_facilitation(
        "sessions.move_priority",
        ("POST",),
        data=first_or_not(StrategyPriority, _attribute("priority")),
        effect=order(StrategyPriority),
        priority_id="priority",
    ),
    # Directions and working groups
    **_facilitation(
        "sessions.directions",
        BOTH,
        data=lambda w, o: {"title": unique("New direction")},
        effect=rows(Direction),
    ),
    **_facilitation(
        "sessions.edit_direction",
        BOTH,
        data=lambda w, o: {"title": unique("Renamed direction")},
        effect=of(Direction, _attribute("direction"), Direction.title),
        direction_id="direction",
    ),
    **_facilitation(
        "sessions.move_direction",
        ("POST",),
        data=first_or_not(Direction, _attribute("direction")),
        effect=order(Direction),
        direction_id="direction",
    ),
    # An empty direction (one with projects is refused: tests/test_sessions_setup.py).
    ("sessions.delete_direction", "POST"): Route(
        url=_fresh(_direction, "sessions.delete_direction", "direction_id"),
        allowed=FACILITATION,
        effect=rows(Direction),
    ),
    **_facilitation(
        "sessions.new_group",
        BOTH,
        data=lambda w, o: {"title": unique("Group"), "direction_id": o.direction.id},
        effect=rows(WorkingGroup),
        direction_id="direction",
    ),
    ("sessions.group", "GET"): Route(
        url=_url("sessions.group", group_id="group"), allowed=EVERYONE_IN_SESSION
    ),
    **_facilitation(
        "sessions.edit_group",
        BOTH,
        data=lambda w, o: {"title": unique("Renamed group"), "direction_id": o.direction.id},
        effect=of(WorkingGroup, _attribute("group"), WorkingGroup.title),
        group_id="group",
    ),
    **_facilitation(
        "sessions.move_group",
        ("POST",),
        data=first_or_not(WorkingGroup, _attribute("group"), IN_DIRECTION),
        effect=order(WorkingGroup, IN_DIRECTION),
        group_id="group",
    ),
    # An empty group (one with projects is refused: tests/test_sessions_setup.py).
    ("sessions.delete_group", "POST"): Route(
        url=_fresh(_group, "sessions.delete_group", "group_id"),
        allowed=FACILITATION,
        effect=rows(WorkingGroup),
    ),
    **_facilitation(
        "sessions.add_group_member",
        ("POST",),
        data=_new_group_member,
        effect=GROUP_MEMBERS,
        group_id="group",
    ),
    ("sessions.remove_group_member", "POST"): Route(
        url=_group_member_url, allowed=FACILITATION, effect=GROUP_MEMBERS
    ),
    # People
    ("people.participant", "GET"): Route(
        url=_url("people.participant", participant_id="participant"), allowed=EVERYONE_IN_SESSION
    ),
    **_facilitation(
        "people.new_participant",
        BOTH,
        data=lambda w, o: {"full_name": "Анна Иванова", "role": "guest"},
        effect=rows(Participant),
    ),
    **_facilitation(
        "people.edit_participant",
        BOTH,
        data=lambda w, o: {
            "full_name": unique("Пётр Сидоров"),
            "role": "member",
            "working_group_id": o.group.id,
        },
        effect=of(Participant, _attribute("participant"), Participant.full_name),
        participant_id="participant",
    ),
    ("people.delete_participant", "POST"): Route(
        url=_fresh(_participant, "people.delete_participant", "participant_id"),
        allowed=FACILITATION,
        effect=rows(Participant),
    ),
    ("people.create_account", "POST"): Route(
        url=_fresh(_participant, "people.create_account", "participant_id"),
        allowed=FACILITATION,
        effect=of(Participant, FRESH, Participant.user_id),
    ),
    **_facilitation(
        "people.new_organisation",
        BOTH,
        data=lambda w, o: {"name": unique("ООО «Вектор»"), "kind": "business"},
        effect=rows(Organisation),
    ),
    **_facilitation(
        "people.edit_organisation",
        BOTH,
        data=lambda w, o: {"name": unique("АО «Renamed»"), "kind": "enterprise"},
        effect=of(Organisation, _attribute("organisation"), Organisation.name),
        organisation_id="organisation",
    ),
    # An organisation nobody names (one in use is refused: tests/test_people.py).
    ("people.delete_organisation", "POST"): Route(
        url=_fresh(_organisation, "people.delete_organisation", "organisation_id"),
        allowed=FACILITATION,
        effect=rows(Organisation),
    ),
    **_facilitation("people.import_upload", BOTH, data=_import_file, effect=_pending_uploads),
    ("people.import_preview", "GET"): Route(
        url=_import_url("people.import_preview"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
    ),
    ("people.import_confirm", "POST"): Route(
        url=_import_url("people.import_confirm"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
        effect=rows(Participant),
    ),
    ("people.import_cancel", "POST"): Route(
        url=_import_url("people.import_cancel"),
        allowed=FACILITATION,
        outcomes=UPLOAD_OWNER_ONLY,
        effect=_upload_kept,
    ),
    # Agenda, talks, decisions
    **_facilitation(
        "agenda.new_item",
        BOTH,
        data=lambda w, o: {"title": "Lunch", "starts_at": "13:00"},
        effect=rows(AgendaItem),
    ),
    **_facilitation(
        "agenda.edit_item",
        BOTH,
        data=lambda w, o: {"title": unique("Opening"), "notes": "Noted"},
        effect=of(AgendaItem, _attribute("agenda_item"), AgendaItem.title),
        item_id="agenda_item",
    ),
    **_facilitation(
        "agenda.move_item",
        ("POST",),
        data=first_or_not(AgendaItem, _attribute("agenda_item")),
        effect=order(AgendaItem),
        item_id="agenda_item",
    ),
    ("agenda.delete_item", "POST"): Route(
        url=_fresh(_item, "agenda.delete_item", "item_id"),
        allowed=FACILITATION,
        effect=rows(AgendaItem),
    ),
    **_facilitation(
        "agenda.new_talk",
        BOTH,
        data=lambda w, o: {"title": "A talk", "speaker_id": o.participant.id},
        effect=TALKS,
        item_id="agenda_item",
    ),
    **_facilitation(
        "agenda.edit_talk",
        BOTH,
        data=lambda w, o: {"title": unique("Renamed talk")},
        effect=of(Talk, _attribute("talk"), Talk.title),
        talk_id="talk",
    ),
    ("agenda.delete_talk", "POST"): Route(
        url=_fresh(_talk, "agenda.delete_talk", "talk_id"), allowed=FACILITATION, effect=TALKS
    ),
    **_facilitation(
        "agenda.new_decision",
        BOTH,
        data=lambda w, o: {"text": "Decided", "status": "open"},
        effect=rows(Decision),
    ),
    **_facilitation(
        "agenda.edit_decision",
        BOTH,
        data=lambda w, o: {"text": unique("Decided again"), "status": "done"},
        effect=of(Decision, _attribute("decision"), Decision.text),
        decision_id="decision",
    ),
    ("agenda.delete_decision", "POST"): Route(
        url=_fresh(_decision, "agenda.delete_decision", "decision_id"),
        allowed=FACILITATION,
        effect=rows(Decision),
    ),
    # The audit log
    **_facilitation("audit.index"),
}
