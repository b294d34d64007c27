"""The session's front page and its set-up: settings, forum, strategy priorities, lifecycle,
copy, directions and working groups."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import services as audit
from ..core.errors import DomainError, flash_refusal, show_at_field
from ..core.forms import EmptyForm, MoveForm
from ..core.loading import get_in_session_or_404
from ..core.permissions import FACILITATION, is_facilitator, session_role_required
from ..home.services import session_tasks
from ..people import services as people
from ..people.models import Participant, ParticipantRole
from . import services
from .forms import (
    CopySessionForm,
    DirectionForm,
    ForumForm,
    GroupForm,
    GroupMemberForm,
    PriorityForm,
    SessionSettingsForm,
    StageStepForm,
)
from .models import Direction, StrategyPriority, WorkingGroup

bp = Blueprint("sessions", __name__, url_prefix="/s/<slug>")


@bp.get("/")
@session_role_required()
def overview(strategic_session):
    return render_template(
        "sessions/overview.html",
        strategic_session=strategic_session,
        counts=services.session_counts(strategic_session),
        directions=services.directions_with_groups(strategic_session),
        your_tasks=session_tasks(current_user, strategic_session),
    )


def _form_page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


# ---------------------------------------------------------------------------------------------
# Settings, forum, lifecycle, copy
# ---------------------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def settings(strategic_session):
    form = SessionSettingsForm(obj=strategic_session)
    context = {
        "strategic_session": strategic_session,
        "history": audit.history(strategic_session),
    }
    if form.validate_on_submit():
        values = {field: form[field].data for field in services.SETTINGS_FIELDS}
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        try:
            services.update_session(strategic_session, **values)
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/settings.html", form=form, **context), status
        flash(_("The session's settings are saved."), "success")
        return redirect(url_for("sessions.settings", slug=strategic_session.slug))
    return _form_page("sessions/settings.html", form, **context)


@bp.route("/forum", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def forum(strategic_session):
    form = ForumForm(obj=strategic_session.forum)
    context = {
        "strategic_session": strategic_session,
        "history": audit.history(strategic_session.forum) if strategic_session.forum else [],
    }
    if form.validate_on_submit():
        try:
            services.save_forum(
                strategic_session,
                name=form.name.data.strip(),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                place=(form.place.data or "").strip(),
            )
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/forum.html", form=form, **context), status
        flash(_("The forum is saved."), "success")
        return redirect(url_for("sessions.forum", slug=strategic_session.slug))
    return _form_page("sessions/forum.html", form, **context)


@bp.get("/lifecycle")
@session_role_required(*FACILITATION)
def lifecycle(strategic_session):
    return render_template(
        "sessions/lifecycle.html",
        strategic_session=strategic_session,
        states=services.LIFECYCLE,
        next_state=services.next_state(strategic_session),
        previous_state=services.previous_state(strategic_session),
        form=StageStepForm(from_stage=strategic_session.state.value),
        history=[
            entry
            for entry in audit.history(strategic_session)
            if entry.action in services.LIFECYCLE_ACTIONS
        ],
    )


@bp.post("/lifecycle/advance")
@session_role_required(*FACILITATION)
def advance(strategic_session):
    return _change_stage(strategic_session, services.advance_session)


@bp.post("/lifecycle/back")
@session_role_required(*FACILITATION)
def move_back(strategic_session):
    return _change_stage(strategic_session, services.move_session_back)


def _change_stage(strategic_session, change):
    form = StageStepForm()
    if form.validate_on_submit():
        try:
            state = change(strategic_session, form.stage, form.comment.data or "")
        except DomainError as error:
            flash_refusal(error)
        else:
            flash(_("The session is now at the stage «%(stage)s».", stage=state.title), "success")
    elif form.from_stage.errors:
        flash(form.from_stage.errors[0], "danger")
    else:
        flash(_("The comment is too long."), "danger")
    return redirect(url_for("sessions.lifecycle", slug=strategic_session.slug))


@bp.route("/copy", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def copy(strategic_session):
    form = CopySessionForm()
    context = {"strategic_session": strategic_session}
    if form.validate_on_submit():
        try:
            new = services.copy_session(
                strategic_session,
                slug=form.slug.data,
                title=form.title.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                user=current_user._get_current_object(),
            )
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/copy.html", form=form, **context), status
        flash(_("The new session is ready. Check its settings."), "success")
        return redirect(url_for("sessions.settings", slug=new.slug))
    return _form_page("sessions/copy.html", form, **context)


# ---------------------------------------------------------------------------------------------
# Strategy priorities
# ---------------------------------------------------------------------------------------------


@bp.route("/priorities", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def priorities(strategic_session):
    form = PriorityForm()
    context = {"strategic_session": strategic_session}
    if form.validate_on_submit():
        try:
            services.add_priority(
                strategic_session,
                title=form.title.data,
                description=(form.description.data or "").strip(),
            )
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/priorities.html", form=form, **context), status
        flash(_("The priority is added."), "success")
        return redirect(url_for("sessions.priorities", slug=strategic_session.slug))
    return _form_page("sessions/priorities.html", form, **context)


@bp.route("/priorities/<int:priority_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_priority(strategic_session, priority_id: int):
    priority = get_in_session_or_404(StrategyPriority, priority_id, strategic_session)
    form = PriorityForm(obj=priority)
    context = {
        "strategic_session": strategic_session,
        "priority": priority,
        "history": audit.history(priority),
    }
    if form.validate_on_submit():
        try:
            services.update_priority(
                priority, title=form.title.data, description=(form.description.data or "").strip()
            )
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/priority_edit.html", form=form, **context), status
        flash(_("The priority is saved."), "success")
        return redirect(url_for("sessions.priorities", slug=strategic_session.slug))
    return _form_page("sessions/priority_edit.html", form, **context)


@bp.post("/priorities/<int:priority_id>/delete")
@session_role_required(*FACILITATION)
def delete_priority(strategic_session, priority_id: int):
    priority = get_in_session_or_404(StrategyPriority, priority_id, strategic_session)
    if EmptyForm().validate_on_submit():
        services.delete_priority(priority)
        flash(_("The priority is deleted."), "success")
    return redirect(url_for("sessions.priorities", slug=strategic_session.slug))


@bp.post("/priorities/<int:priority_id>/move")
@session_role_required(*FACILITATION)
def move_priority(strategic_session, priority_id: int):
    priority = get_in_session_or_404(StrategyPriority, priority_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_priority(priority, form.offset)
    return redirect(url_for("sessions.priorities", slug=strategic_session.slug))


# ---------------------------------------------------------------------------------------------
# Directions and working groups
# ---------------------------------------------------------------------------------------------


def _structure_context(strategic_session) -> dict:
    by_direction, by_group = services.project_counts(strategic_session)
    return {
        "strategic_session": strategic_session,
        "directions": services.directions_with_groups(strategic_session),
        "projects_by_direction": by_direction,
        "projects_by_group": by_group,
        "direction_kept_by": services.direction_kept_by,
        "group_kept_by": services.group_kept_by,
    }


@bp.route("/directions", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def directions(strategic_session):
    form = DirectionForm()
    if form.validate_on_submit():
        try:
            services.add_direction(
                strategic_session,
                title=form.title.data,
                description=(form.description.data or "").strip(),
            )
        except DomainError as error:
            status = show_at_field(form, error)
            context = _structure_context(strategic_session)
            return render_template("sessions/directions.html", form=form, **context), status
        flash(_("The direction is added."), "success")
        return redirect(url_for("sessions.directions", slug=strategic_session.slug))
    return _form_page("sessions/directions.html", form, **_structure_context(strategic_session))


@bp.route("/directions/<int:direction_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_direction(strategic_session, direction_id: int):
    direction = get_in_session_or_404(Direction, direction_id, strategic_session)
    form = DirectionForm(obj=direction)
    context = {
        "strategic_session": strategic_session,
        "direction": direction,
        "history": audit.history(direction),
    }
    if form.validate_on_submit():
        try:
            services.update_direction(
                direction, title=form.title.data, description=(form.description.data or "").strip()
            )
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/direction_edit.html", form=form, **context), status
        flash(_("The direction is saved."), "success")
        return redirect(url_for("sessions.directions", slug=strategic_session.slug))
    return _form_page("sessions/direction_edit.html", form, **context)


@bp.post("/directions/<int:direction_id>/move")
@session_role_required(*FACILITATION)
def move_direction(strategic_session, direction_id: int):
    direction = get_in_session_or_404(Direction, direction_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_direction(direction, form.offset)
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


@bp.post("/directions/<int:direction_id>/delete")
@session_role_required(*FACILITATION)
def delete_direction(strategic_session, direction_id: int):
    direction = get_in_session_or_404(Direction, direction_id, strategic_session)
    if EmptyForm().validate_on_submit():
        title = direction.title
        try:
            services.delete_direction(direction)
        except DomainError as error:
            flash_refusal(error)
        else:
            flash(_("The direction «%(title)s» is deleted.", title=title), "success")
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


@bp.route("/directions/<int:direction_id>/groups/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_group(strategic_session, direction_id: int):
    direction = get_in_session_or_404(Direction, direction_id, strategic_session)
    all_directions = services.directions_with_groups(strategic_session)
    form = GroupForm(
        all_directions, data={"direction_id": direction.id} if request.method == "GET" else None
    )
    context = {"strategic_session": strategic_session, "direction": direction, "group": None}
    if form.validate_on_submit():
        target = get_in_session_or_404(Direction, form.direction_id.data, strategic_session)
        try:
            services.add_group(target, title=form.title.data)
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/group_edit.html", form=form, **context), status
        flash(_("The working group is added."), "success")
        return redirect(url_for("sessions.directions", slug=strategic_session.slug))
    return _form_page("sessions/group_edit.html", form, **context)


@bp.get("/groups/<int:group_id>")
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


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_group(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    form = GroupForm(services.directions_with_groups(strategic_session), obj=group)
    context = {
        "strategic_session": strategic_session,
        "direction": group.direction,
        "group": group,
        "history": audit.history(group),
    }
    if form.validate_on_submit():
        target = get_in_session_or_404(Direction, form.direction_id.data, strategic_session)
        try:
            services.update_group(group, title=form.title.data, direction=target)
        except DomainError as error:
            status = show_at_field(form, error)
            return render_template("sessions/group_edit.html", form=form, **context), status
        flash(_("The working group is saved."), "success")
        return redirect(url_for("sessions.directions", slug=strategic_session.slug))
    return _form_page("sessions/group_edit.html", form, **context)


@bp.post("/groups/<int:group_id>/move")
@session_role_required(*FACILITATION)
def move_group(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_group(group, form.offset)
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


@bp.post("/groups/<int:group_id>/delete")
@session_role_required(*FACILITATION)
def delete_group(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    if EmptyForm().validate_on_submit():
        title = group.title
        try:
            services.delete_group(group)
        except DomainError as error:
            flash_refusal(error)
        else:
            flash(_("The working group «%(title)s» is deleted.", title=title), "success")
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


@bp.post("/groups/<int:group_id>/members")
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


@bp.post("/groups/<int:group_id>/members/<int:participant_id>/remove")
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
