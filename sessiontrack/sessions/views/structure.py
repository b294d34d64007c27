"""The session's directions and working groups: the list, adding, editing, ordering,
deleting."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import DomainError, flash_refusal, show_at_field
from ...core.forms import EmptyForm, MoveForm
from ...core.loading import get_in_session_or_404
from .. import services
from ..access import FACILITATION, session_role_required
from ..forms import DirectionForm, GroupForm
from ..models import Direction, WorkingGroup
from .common import form_page


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
    return form_page("sessions/directions.html", form, **_structure_context(strategic_session))


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
    return form_page("sessions/direction_edit.html", form, **context)


@session_role_required(*FACILITATION)
def move_direction(strategic_session, direction_id: int):
    direction = get_in_session_or_404(Direction, direction_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_direction(direction, form.offset)
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


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
    return form_page("sessions/group_edit.html", form, **context)


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
    return form_page("sessions/group_edit.html", form, **context)


@session_role_required(*FACILITATION)
def move_group(strategic_session, group_id: int):
    group = get_in_session_or_404(WorkingGroup, group_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_group(group, form.offset)
    return redirect(url_for("sessions.directions", slug=strategic_session.slug))


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
