"""Writing a passport: a new project, an edit, and the conflict of two people saving at once."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.errors import DomainError, NotAllowed, show_at_field
from ...extensions import db
from ...sessions.access import session_role_required
from .. import comparison, passport, permissions, queries, services
from ..forms.project import EditProjectForm, PassportChoices, ProjectForm
from ..models import Project


def _render_form(strategic_session, form, project=None, status=200, **context):
    return (
        render_template(
            "projects/form.html",
            strategic_session=strategic_session,
            form=form,
            project=project,
            **context,
        ),
        status,
    )


def _missing_in_form(strategic_session, form) -> list:
    """What the form's passport lacks for a submission; each missing field gets a message."""
    preview = services.preview_project(strategic_session, form.passport())
    return _mark_missing(form, passport.snapshot(preview))


def _mark_missing(form, snapshot: dict) -> list:
    """What ``snapshot`` lacks for a submission; each missing field of ``form`` says so."""
    missing = passport.missing_items(snapshot, anchor=form.row_anchor)
    fields = form.all_fields()
    for item in missing:
        field = fields.get(item.anchor)
        if field is not None and not field.errors:
            field.errors = [*field.errors, _("Needed to submit the project.")]
    return missing


def _saved(project: Project, submitted: bool):
    if submitted:
        flash(_("The project is submitted. The facilitator will review it."), "success")
    else:
        flash(_("The draft is saved."), "success")
    return redirect(
        url_for("projects.show", slug=project.strategic_session.slug, project_id=project.id)
    )


@session_role_required(*permissions.GROUP_ROLES)
def new(strategic_session):
    """A new passport of the user's group, saved as a draft or submitted at once."""
    if not permissions.can_create_project(current_user, strategic_session):
        flash(_("The session no longer takes proposals."), "warning")
        return redirect(url_for("projects.index", slug=strategic_session.slug))
    choices = PassportChoices.load(strategic_session, current_user)
    if request.method == "GET":
        form = ProjectForm(
            data={"working_group": choices.groups[0].value if choices.groups else None},
            choices=choices,
        )
        form.ensure_a_row_each()
        return _render_form(strategic_session, form)
    form = ProjectForm(choices=choices)
    if form.apply_row_action():
        return _render_form(strategic_session, form)
    if not form.validate():
        return _render_form(strategic_session, form, status=422)
    submitting = bool(form.submit_passport.data)
    project = None
    try:
        project = services.create_project(strategic_session, current_user, form.passport())
        if submitting:
            services.submit_project(project, current_user)
    except NotAllowed:
        raise
    except DomainError as refusal:
        if services.missing_in(refusal):
            return _kept_as_draft(project)
        return _render_form(strategic_session, form, status=show_at_field(form, refusal))
    return _saved(project, submitting)


def _kept_as_draft(project: Project):
    """A new passport that could not be submitted is kept as a draft, so the work is not lost;
    its form then lists what the submission still needs."""
    flash(
        _(
            "The project is saved as a draft but not submitted: the passport is not complete. "
            "Fill in what is marked below, then submit it."
        ),
        "warning",
    )
    return redirect(
        url_for(
            "projects.edit",
            slug=project.strategic_session.slug,
            project_id=project.id,
            missing=1,
        )
    )


@session_role_required()
def edit(strategic_session, project_id: int):
    """The group's passport, changed and saved (or submitted) while it is a draft or returned."""
    project = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    if not permissions.in_project_group(current_user, project, strategic_session):
        abort(403)
    if request.method == "GET":
        return _edit_form(strategic_session, project)
    form = EditProjectForm(choices=PassportChoices.load(strategic_session, current_user))
    if form.apply_row_action():
        return _render_form(strategic_session, form, project)
    if not form.validate():
        return _render_form(strategic_session, form, project, status=422)
    submitting = bool(form.submit_passport.data)
    try:
        services.update_project(project, current_user, form.passport(), version=form.version.data)
        if submitting:
            services.submit_project(project, current_user)
    except NotAllowed:
        raise
    except DomainError as refusal:
        # Show the saved project, not what the refused request wrote into it.
        db.session.rollback()
        if refusal.field == "version":
            return _render_conflict(strategic_session, form, project_id, refusal.message)
        if services.missing_in(refusal):
            missing = _missing_in_form(strategic_session, form)
            return _render_form(strategic_session, form, project, status=422, missing=missing)
        return _render_form(strategic_session, form, project, status=show_at_field(form, refusal))
    return _saved(project, submitting)


def _edit_form(strategic_session, project: Project):
    """The form filled from the saved passport (with what a submission lacks, when asked), or
    back to the project when it can no longer be edited."""
    if not permissions.can_edit_project(current_user, project, strategic_session):
        if project.state in permissions.EDITABLE:
            message = _("The session no longer takes proposals.")
        else:
            message = _(
                "The project is «%(state)s»: it can no longer be edited.",
                state=project.state.title,
            )
        flash(message, "warning")
        return redirect(
            url_for("projects.show", slug=strategic_session.slug, project_id=project.id)
        )
    form = EditProjectForm(
        data=ProjectForm.data_from(project),
        choices=PassportChoices.load(strategic_session, current_user),
    )
    form.set_version(project.version_id)
    missing = (
        _mark_missing(form, passport.snapshot(project)) if request.args.get("missing") else None
    )
    form.ensure_a_row_each()
    return _render_form(strategic_session, form, project, missing=missing)


def _render_conflict(strategic_session, form, project_id: int, message: str):
    """The user's input stays in the form; beside it, what the other person saved."""
    current = db.session.get(Project, project_id, options=queries.passport_options())
    theirs = passport.snapshot(current)
    yours = passport.snapshot(services.preview_project(strategic_session, form.passport()))
    last_change = queries.last_change(project_id)
    form.set_version(current.version_id)
    return _render_form(
        strategic_session,
        form,
        current,
        status=409,
        conflict=message,
        conflict_changes=comparison.compare(theirs, yours),
        last_change=last_change,
    )
