"""A working group's page: its moderators and members, whom a facilitator adds and removes."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.forms import EmptyForm
from ...core.loading import get_in_session_or_404
from ...people import services as people
from ...people.models import Participant, ParticipantRole
from ..access import FACILITATION, is_facilitator, session_role_required
from ..forms import GroupMemberForm
from ..models import WorkingGroup


@session_role_required()
def group(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    return _group_page(strategic_session, group, None)


def _member_form(strategic_session, group):
    candidates = [
        p for p in people.participants_of(strategic_session) if p.working_group_id != group.id
    ]
    return GroupMemberForm(candidates)


def _group_page(strategic_session, group, form, status: int = 200):
    """The group's moderators and members; facilitators also get the form to add people."""
    facilitator = is_facilitator(current_user, strategic_session)
    if facilitator and form is None:
        form = _member_form(strategic_session, group)
    return render_template(
        "sessions/group.html",
        strategic_session=strategic_session,
        group=group,
        people=people.group_people(group),
        form=form if facilitator else None,
    ), status


@session_role_required(*FACILITATION)
def add_group_member(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    form = _member_form(strategic_session, group)
    if form.validate_on_submit():
        participant = get_in_session_or_404(
            Participant, form.participant_id.data, strategic_session
        )
        people.assign_to_group(
            participant, group, ParticipantRole(form.role.data), strategic_session
        )
        flash(
            _(
                "%(name)s is now in the group «%(group)s».",
                name=participant.full_name,
                group=group.title,
            ),
            "success",
        )
        return redirect(url_for("sessions.group", slug=strategic_session.slug, group_id=group.id))
    return _group_page(strategic_session, group, form, 422)


@session_role_required(*FACILITATION)
def remove_group_member(strategic_session, group_id: int, participant_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    participant = get_in_session_or_404(Participant, participant_id, strategic_session)
    if participant.working_group_id != group.id:
        abort(404)
    if EmptyForm().validate_on_submit():
        people.remove_from_group(participant, strategic_session)
        flash(
            _(
                "%(name)s has left the group «%(group)s».",
                name=participant.full_name,
                group=group.title,
            ),
            "success",
        )
    return redirect(url_for("sessions.group", slug=strategic_session.slug, group_id=group.id))
