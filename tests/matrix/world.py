"""Builds the world the permission matrix walks: two sessions, a user for every role.

Everything is made by the factories (``tests/factories.py``), so that the world follows the
model as the factories do.
"""

from datetime import time

from sessiontrack.extensions import db
from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState, SessionState

from .. import factories
from . import SessionObjects, World


def _session_objects(title: str) -> SessionObjects:
    """A session in review with one of everything; its people are added by the caller."""
    o = SessionObjects()
    o.session = factories.make_session(
        title=title, state=SessionState.REVIEW, review_state=ReviewState.OPEN
    )
    o.direction = factories.make_direction(o.session)
    o.group = factories.make_group(o.direction)
    o.other_group = factories.make_group(o.direction)
    o.organisation = factories.make_organisation(o.session)
    o.participant = factories.make_participant(o.session, organisation_id=o.organisation.id)
    o.draft_project = factories.make_project(o.session, o.group, complete=True)
    o.returned_project = factories.make_project(
        o.session, o.group, complete=True, state=ProjectState.RETURNED, remarks="Fix it"
    )
    o.submitted_project = factories.make_project(
        o.session, o.group, complete=True, state=ProjectState.SUBMITTED
    )
    o.accepted_project = factories.make_project(
        o.session, o.group, complete=True, state=ProjectState.ACCEPTED
    )
    o.criterion = factories.make_criterion(o.session)
    o.agenda_item = factories.make_agenda_item(
        o.session, title="Opening", starts_at=time(10), ends_at=time(10, 30)
    )
    o.talk = factories.make_talk(o.agenda_item, speaker=o.participant, title="Talk")
    o.decision = factories.make_decision(o.session, text="Prepare the passports")
    return o


def _add_experts(o: SessionObjects, names: tuple[str, str] | None = None) -> tuple:
    """An expert with a draft scorecard of the accepted project, and an investor with a
    conflict of interest with it; returns their users."""
    expert_names = names or (None, None)
    expert_user, o.expert = factories.make_expert(
        o.session, kind=ExpertKind.EXPERT, **_named(expert_names[0])
    )
    conflicted_user, o.conflicted_expert = factories.make_expert(
        o.session, kind=ExpertKind.INVESTOR, **_named(expert_names[1])
    )
    o.scorecard = factories.make_scorecard(o.accepted_project, o.expert)
    o.conflict = factories.make_conflict(
        o.conflicted_expert, o.accepted_project, reason="Works for the lead organisation"
    )
    return expert_user, conflicted_user


def _named(name: str | None) -> dict:
    return {"name": name} if name else {}


def _title(role: str) -> str:
    return role.replace("_", " ").title()


def build_world(extenders=()) -> World:
    """Two sessions ("here" is under test) and one user per role of the matrix."""
    here = _session_objects("Here")
    there = _session_objects("There")
    users = {}
    users["expert"], users["conflicted_expert"] = _add_experts(
        here, (_title("expert"), _title("conflicted_expert"))
    )
    _add_experts(there)
    for role, session_role, group in (
        ("observer", ParticipantRole.OBSERVER, None),
        ("other_member", ParticipantRole.MEMBER, here.other_group),
        ("member", ParticipantRole.MEMBER, here.group),
        ("moderator", ParticipantRole.MODERATOR, here.group),
        ("facilitator", ParticipantRole.FACILITATOR, None),
    ):
        users[role] = factories.make_member(here.session, session_role, group, name=_title(role))
    users["other_facilitator"] = factories.make_member(
        there.session, ParticipantRole.FACILITATOR, name=_title("other_facilitator")
    )
    users["admin"] = factories.make_user(name="Admin", is_admin=True)
    world = World(here=here, there=there, users=users)
    for extend in extenders:
        extend(world)
    db.session.commit()
    return world
