"""The session's strategy priorities: the list, adding, editing, ordering, deleting."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import DomainError, show_at_field
from ...core.forms import EmptyForm, MoveForm
from ...core.loading import get_in_session_or_404
from .. import services
from ..access import FACILITATION, session_role_required
from ..forms import PriorityForm
from ..models import StrategyPriority
from .common import form_page


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
    return form_page("sessions/priorities.html", form, **context)


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
    return form_page("sessions/priority_edit.html", form, **context)


@session_role_required(*FACILITATION)
def delete_priority(strategic_session, priority_id: int):
    priority = get_in_session_or_404(StrategyPriority, priority_id, strategic_session)
    if EmptyForm().validate_on_submit():
        services.delete_priority(priority)
        flash(_("The priority is deleted."), "success")
    return redirect(url_for("sessions.priorities", slug=strategic_session.slug))


@session_role_required(*FACILITATION)
def move_priority(strategic_session, priority_id: int):
    priority = get_in_session_or_404(StrategyPriority, priority_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_priority(priority, form.offset)
    return redirect(url_for("sessions.priorities", slug=strategic_session.slug))
