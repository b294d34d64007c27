"""The facilitator's assignment of experts, conflicts detected, scorecards reopened."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.errors import DomainError, flash_refusal
from ...core.forms import CommentForm, EmptyForm
from ...core.loading import get_in_session_or_404
from ...core.pagination import requested_page
from ...projects.models import ProjectState
from ...sessions.access import FACILITATION, session_role_required
from .. import forms, permissions, queries, services
from ..models import Scorecard
from .common import SCORECARD_WITH


def _manual_form(strategic_session, experts) -> forms.ManualAssignmentForm:
    form = forms.ManualAssignmentForm()
    form.expert_id.choices = forms.choices((e.id, e.full_name) for e in experts)
    form.project_id.choices = forms.choices(
        (p.id, p.display_title)
        for p in queries.reviewed_projects_for_choice(strategic_session)
        if p.state == ProjectState.ACCEPTED
    )
    return form


def _assignments_page(strategic_session, *, balanced_form=None, manual_form=None, status=200):
    matrix = queries.assignment_matrix(strategic_session, requested_page())
    return render_template(
        "review/assignments.html",
        strategic_session=strategic_session,
        matrix=matrix,
        balanced_form=balanced_form or forms.BalancedAssignmentForm(formdata=None),
        manual_form=manual_form or _manual_form(strategic_session, matrix.experts),
        form=EmptyForm(),
    ), status


@session_role_required(*FACILITATION)
def assignments(strategic_session):
    return _assignments_page(strategic_session)


@session_role_required(*FACILITATION)
def assign_all(strategic_session):
    back = url_for(".assignments", slug=strategic_session.slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        report = services.assign_all(strategic_session, current_user)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    if report.created:
        flash(_("Assignments added: %(count)d.", count=report.created), "success")
    else:
        flash(
            _(
                "Nothing to add: every expert is already assigned to every accepted project, "
                "but for conflicts of interest."
            ),
            "info",
        )
    return redirect(back)


@session_role_required(*FACILITATION)
def assign_balanced(strategic_session):
    back = url_for(".assignments", slug=strategic_session.slug)
    form = forms.BalancedAssignmentForm()
    if not form.validate_on_submit():
        return _assignments_page(strategic_session, balanced_form=form, status=422)
    try:
        report = services.assign_balanced(
            strategic_session,
            current_user,
            per_project=form.per_project.data,
            max_load=form.max_load.data,
        )
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("Assignments added: %(count)d.", count=report.created), "success")
    for project, missing in report.short:
        flash(
            _(
                "«%(project)s» lacks %(missing)d expert(s): the load limit or conflicts of "
                "interest leave no one else.",
                project=project.display_title,
                missing=missing,
            ),
            "warning",
        )
    return redirect(back)


@session_role_required(*FACILITATION)
def assign_one(strategic_session):
    back = url_for(".assignments", slug=strategic_session.slug)
    form = _manual_form(strategic_session, queries.session_experts(strategic_session))
    if not form.validate_on_submit():
        return _assignments_page(strategic_session, manual_form=form, status=422)
    expert = permissions.get_expert_or_404(strategic_session, form.expert_id.data)
    project = permissions.get_reviewed_project_or_404(strategic_session, form.project_id.data)
    try:
        services.assign(strategic_session, expert, project, current_user)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("Assignment added."), "success")
    return redirect(back)


@session_role_required(*FACILITATION)
def unassign(strategic_session, scorecard_id: int):
    scorecard = get_in_session_or_404(Scorecard, scorecard_id, strategic_session, *SCORECARD_WITH)
    back = url_for(".assignments", slug=strategic_session.slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.unassign(strategic_session, scorecard, current_user)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("Assignment removed."), "success")
    return redirect(back)


@session_role_required(*FACILITATION)
def detect_conflicts(strategic_session):
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.detect_conflicts(strategic_session, current_user)
    flash(_("New conflicts of interest found: %(count)d.", count=count), "info")
    return redirect(url_for(".assignments", slug=strategic_session.slug))


@session_role_required(*FACILITATION)
def reopen_scorecard(strategic_session, scorecard_id: int):
    scorecard = get_in_session_or_404(Scorecard, scorecard_id, strategic_session, *SCORECARD_WITH)
    back = url_for(".assignments", slug=strategic_session.slug)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.reopen_scorecard(strategic_session, scorecard, current_user, form.comment.data)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(
        _("The scorecard is back with %(expert)s as a draft.", expert=scorecard.expert.full_name),
        "success",
    )
    return redirect(back)
