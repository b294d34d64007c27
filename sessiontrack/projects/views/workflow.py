"""The passport page and the workflow: submit, return, accept, decide, withdraw, moderate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ...core.errors import DomainError, NotAllowed, flash_refusal, show_at_field
from ...core.forms import CommentForm
from ...extensions import db
from ...people.models import ParticipantRole
from ...sessions.access import is_facilitator, session_role_required
from .. import charts, permissions, queries, services, summaries
from ..forms.workflow import BulkModerationForm, DecisionForm, ReturnForm
from ..models import Project, ProjectRevision


def _render_show(strategic_session, project: Project, status=200, **forms):
    user = current_user
    can_history = permissions.can_see_history(user, project, strategic_session)
    totals = summaries.project_totals(project)
    sources = {r.funding_source_id: r.funding_source for r in project.resources}
    context = {
        "strategic_session": strategic_session,
        "project": project,
        "totals": totals,
        "sources": [sources[sid] for sid in totals.by_source if sid is not None]
        + ([None] if None in totals.by_source else []),
        "timeline": charts.timeline(
            project.stages, charts.year_span(project.stages, project.start_year, project.end_year)
        ),
        "can_edit": permissions.can_edit_project(user, project, strategic_session),
        "can_submit": permissions.can_submit_project(user, project, strategic_session),
        "can_moderate": permissions.can_moderate_project(user, project, strategic_session),
        "can_decide": permissions.can_decide_project(user, project, strategic_session),
        "can_withdraw": permissions.can_withdraw_project(user, project, strategic_session),
        "can_history": can_history,
        "state": permissions.shown_state(
            project, permissions.forum_decisions_hidden(user, strategic_session)
        ),
        "history": queries.history(project) if can_history else [],
        "revisions": project.revisions if can_history else [],
        "return_form": forms.get("return_form") or ReturnForm(),
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
        "missing": forms.get("missing"),
        "actions": services.ACTIONS,
    }
    return render_template("projects/show.html", **context), status


@session_role_required()
def show(strategic_session, project_id: int):
    """The passport, its figures, its history and the actions the user may take."""
    project = permissions.get_readable_project_or_404(
        strategic_session,
        project_id,
        *queries.passport_options(),
        selectinload(Project.revisions).joinedload(ProjectRevision.created_by),
    )
    return _render_show(strategic_session, project)


def _back_to(project: Project):
    return redirect(
        url_for("projects.show", slug=project.strategic_session.slug, project_id=project.id)
    )


def _transition(project: Project, change, message: str):
    """Run a workflow service (``change()``), say ``message`` and go back to the project; a
    refusal is flashed instead (a permission's is a 403) and changes nothing."""
    try:
        change()
    except NotAllowed:
        raise
    except DomainError as refusal:
        flash_refusal(refusal)
    else:
        flash(message, "success")
    return _back_to(project)


@session_role_required()
def submit(strategic_session, project_id: int):
    """The group submits its passport; an incomplete one is shown with what it lacks."""
    project = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    if not permissions.in_project_group(current_user, project, strategic_session):
        abort(403)
    form = CommentForm()
    if not form.validate():
        return _render_show(strategic_session, project, status=422)
    try:
        services.submit_project(project, current_user, form.comment.data or "")
    except NotAllowed:
        raise
    except DomainError as refusal:
        missing = services.missing_in(refusal)
        if missing:
            return _render_show(strategic_session, project, status=422, missing=missing)
        flash_refusal(refusal)
    else:
        flash(_("The project is submitted. The facilitator will review it."), "success")
    return _back_to(project)


@session_role_required(ParticipantRole.FACILITATOR)
def return_(strategic_session, project_id: int):
    """The facilitator returns a submitted project to its group with remarks."""
    project = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    form = ReturnForm()
    if not form.validate():
        return _render_show(strategic_session, project, status=422, return_form=form)
    return _transition(
        project,
        lambda: services.return_project(project, current_user, form.remarks.data),
        _("The project is returned to its group with your remarks."),
    )


@session_role_required(ParticipantRole.FACILITATOR)
def accept(strategic_session, project_id: int):
    """The facilitator accepts a submitted project for expert review."""
    project = permissions.get_readable_project_or_404(strategic_session, project_id)
    form = CommentForm()
    if not form.validate():
        flash_refusal(DomainError(_("The comment is too long.")))
        return _back_to(project)
    return _transition(
        project,
        lambda: services.accept_project(project, current_user, form.comment.data or ""),
        _("The project is accepted for expert review."),
    )


@session_role_required(ParticipantRole.FACILITATOR)
def decide(strategic_session, project_id: int):
    """The facilitator recommends a reviewed project for the forum, or not."""
    project = permissions.get_readable_project_or_404(strategic_session, project_id)
    form = DecisionForm()
    if not form.validate():
        flash_refusal(DomainError(_("Choose a decision.")))
        return _back_to(project)
    recommended = form.recommended.data == "yes"
    return _transition(
        project,
        lambda: services.recommend_project(
            project, current_user, recommended=recommended, comment=form.comment.data or ""
        ),
        _("The project is recommended for the forum.")
        if recommended
        else _("The project is marked as not recommended."),
    )


@session_role_required()
def withdraw(strategic_session, project_id: int):
    """The group or the facilitator withdraws a project before the forum."""
    project = permissions.get_readable_project_or_404(strategic_session, project_id)
    if not (
        is_facilitator(current_user, strategic_session)
        or permissions.in_project_group(current_user, project, strategic_session)
    ):
        abort(403)
    form = CommentForm()
    if not form.validate():
        flash_refusal(DomainError(_("The comment is too long.")))
        return _back_to(project)
    return _transition(
        project,
        lambda: services.withdraw_project(project, current_user, form.comment.data or ""),
        _("The project is withdrawn."),
    )


@session_role_required(ParticipantRole.FACILITATOR)
def moderate(strategic_session):
    """Accept or return several submitted projects at once, after seeing which (GET)."""
    submitted = queries.submitted_projects(strategic_session)
    if request.method == "GET":
        form = BulkModerationForm(request.args, submitted=submitted, meta={"csrf": False})
        if not form.validate(confirming=False):
            for message in [*form.action.errors, *form.project_ids.errors]:
                flash(message, "warning")
            return redirect(
                url_for("projects.index", slug=strategic_session.slug, state="submitted")
            )
        status = 200
    else:
        form = BulkModerationForm(submitted=submitted)
        status = 422
        if form.validate():
            chosen = [p for p in submitted if p.id in set(form.project_ids.data)]
            try:
                message = _moderate(form, chosen)
            except DomainError as refusal:
                db.session.rollback()  # none of the chosen projects moved: show them so
                status = show_at_field(form, refusal)
            else:
                flash(message, "success")
                return redirect(url_for("projects.index", slug=strategic_session.slug))
    selected = set(form.project_ids.data or [])
    return (
        render_template(
            "projects/moderate.html",
            strategic_session=strategic_session,
            form=form,
            projects=[p for p in submitted if p.id in selected],
        ),
        status,
    )


def _moderate(form: BulkModerationForm, chosen: list[Project]) -> str:
    """Accept or return the ``chosen`` projects as ``form`` says; what to tell the user."""
    if form.action.data == "accept":
        count = services.accept_projects(chosen, current_user, form.remarks.data or "")
        return ngettext(
            "%(num)d project is accepted for review.",
            "%(num)d projects are accepted for review.",
            count,
        )
    count = services.return_projects(chosen, current_user, form.remarks.data)
    return ngettext(
        "%(num)d project is returned to its group.",
        "%(num)d projects are returned to their groups.",
        count,
    )
