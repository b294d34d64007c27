"""Builds the world the permission matrix walks: two sessions, a user for every role."""

from datetime import time

from sessiontrack.agenda.models import AgendaItem, Decision, Talk
from sessiontrack.extensions import db
from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.review.models import Conflict, ConflictSource
from sessiontrack.sessions.models import ReviewState, SessionState

from .. import factories
from . import SessionObjects, World


def _session_objects(title: str, facilitator, users: dict | None) -> SessionObjects:
    o = SessionObjects()
    o.session = factories.make_session(
        title=title, state=SessionState.REVIEW, review_state=ReviewState.OPEN
    )
    factories.make_participation(facilitator, o.session, ParticipantRole.FACILITATOR)
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
    expert_user = users["expert"] if users else factories.make_user()
    conflicted_user = users["conflicted_expert"] if users else factories.make_user()
    o.expert = factories.make_participation(expert_user, o.session, ParticipantRole.EXPERT)
    o.conflicted_expert = factories.make_participation(
        conflicted_user, o.session, ParticipantRole.EXPERT
    )
    o.conflicted_expert.expert_kind = ExpertKind.INVESTOR
    o.scorecard = factories.make_scorecard(o.accepted_project, o.expert)
    o.conflict = Conflict(
        expert_id=o.conflicted_expert.id,
        project_id=o.accepted_project.id,
        source=ConflictSource.DECLARED,
        reason="Works for the lead organisation",
    )
    o.agenda_item = AgendaItem(
        session_id=o.session.id, title="Opening", starts_at=time(10), ends_at=time(10, 30)
    )
    db.session.add_all([o.conflict, o.agenda_item])
    db.session.flush()
    o.talk = Talk(agenda_item_id=o.agenda_item.id, speaker_id=o.participant.id, title="Talk")
    o.decision = Decision(session_id=o.session.id, text="Prepare the passports")
    db.session.add_all([o.talk, o.decision])
    db.session.flush()
    return o


def build_world(extenders=()) -> World:
    """Two sessions ("here" is under test) and one user per role of the matrix."""
    users = {
        role: factories.make_user(name=role.replace("_", " ").title())
        for role in (
            "observer",
            "other_member",
            "member",
            "moderator",
            "expert",
            "conflicted_expert",
            "other_facilitator",
            "facilitator",
        )
    }
    users["admin"] = factories.make_user(name="Admin", is_admin=True)
    here = _session_objects("Here", users["facilitator"], users)
    there = _session_objects("There", users["other_facilitator"], None)
    factories.make_participation(users["observer"], here.session, ParticipantRole.OBSERVER)
    factories.make_participation(users["member"], here.session, ParticipantRole.MEMBER, here.group)
    factories.make_participation(
        users["moderator"], here.session, ParticipantRole.MODERATOR, here.group
    )
    factories.make_participation(
        users["other_member"], here.session, ParticipantRole.MEMBER, here.other_group
    )
    world = World(here=here, there=there, users=users)
    for extend in extenders:
        extend(world)
    db.session.commit()
    return world
