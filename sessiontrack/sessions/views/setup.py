"""The session's front page, its settings, its forum, its lifecycle, and copying it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...audit import services as audit
from ...core.errors import DomainError, flash_refusal, show_at_field
from ...home.services import session_tasks
from .. import services
from ..access import FACILITATION, session_role_required
from ..forms import CopySessionForm, ForumForm, SessionSettingsForm, StageStepForm
from ..models import SessionState
from .common import form_page


@session_role_required()
def overview(strategic_session):
    return render_template(
        "sessions/overview.html",
        strategic_session=strategic_session,
        counts=services.session_counts(strategic_session),
        directions=services.directions_with_groups(strategic_session),
        your_tasks=session_tasks(current_user, strategic_session),
        SessionState=SessionState,
    )


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
    return form_page("sessions/settings.html", form, **context)


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
    return form_page("sessions/forum.html", form, **context)


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


@session_role_required(*FACILITATION)
def advance(strategic_session):
    return _change_stage(strategic_session, services.advance_session)


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
    return form_page("sessions/copy.html", form, **context)
