"""The facilitator's set-up: the overview (phase, progress, interest), the settings, the phase
changes and the criteria."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from ...core.errors import DomainError, flash_refusal, show_at_field
from ...core.forms import CommentForm, EmptyForm
from ...core.loading import get_in_session_or_404
from ...exports import investors as investors_report
from ...exports import pdf
from ...sessions.access import FACILITATION, session_role_required
from ...sessions.models import ReviewState
from .. import forms, queries, services
from ..models import Criterion
from .common import _utc


@session_role_required(*FACILITATION)
def investors(strategic_session):
    """The investors' report: per project and per investor."""
    projects, investors = queries.investors_report(strategic_session)
    return render_template(
        "review/investors.html",
        strategic_session=strategic_session,
        projects=projects,
        investors=investors,
    )


@session_role_required(*FACILITATION)
def investors_xlsx(strategic_session):
    """The investors' report as a workbook."""
    return send_file(
        io.BytesIO(
            investors_report.investors_xlsx(investors_report.report_tables(strategic_session))
        ),
        mimetype=investors_report.MIME_XLSX,
        as_attachment=True,
        download_name=f"investors-{strategic_session.slug}.xlsx",
    )


@session_role_required(*FACILITATION)
def investors_pdf(strategic_session):
    """The investors' report as a PDF."""
    tables = investors_report.report_tables(strategic_session)
    return send_file(
        io.BytesIO(pdf.investors_pdf(strategic_session, tables)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"investors-{strategic_session.slug}.pdf",
    )


@session_role_required(*FACILITATION)
def overview(strategic_session):
    loads = queries.expert_loads(strategic_session)
    return render_template(
        "review/overview.html",
        strategic_session=strategic_session,
        experts=queries.session_experts(strategic_session),
        loads=loads,
        assignments=sum(load.assigned for load in loads.values()),
        conflicts=len(queries.conflict_pairs(strategic_session)),
        criteria=queries.session_criteria(strategic_session),
        interests=queries.interests(strategic_session),
        form=EmptyForm(),
        ReviewState=ReviewState,
    )


@session_role_required(*FACILITATION)
def settings(strategic_session):
    form = forms.SettingsForm(obj=strategic_session)
    if request.method == "GET":
        form.reminder_rungs.data = ", ".join(map(str, strategic_session.reminder_days or []))
    if request.method == "GET" and strategic_session.review_deadline:
        form.review_deadline.data = to_user_timezone(strategic_session.review_deadline).replace(
            tzinfo=None
        )
    if form.validate_on_submit():
        services.update_settings(
            strategic_session,
            current_user,
            review_deadline=_utc(form.review_deadline.data),
            review_min_scorecards=form.review_min_scorecards.data,
            disagreement_stdev=form.disagreement_stdev.data,
            disagreement_range=form.disagreement_range.data,
            normalise_scores=form.normalise_scores.data,
            reminder_days=forms.reminder_ladder(form.reminder_rungs.data or ""),
            returned_reminder_days=form.returned_reminder_days.data or 0,
        )
        flash(_("Review settings saved."), "success")
        return redirect(url_for(".overview", slug=strategic_session.slug))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "review/settings.html", strategic_session=strategic_session, form=form
    ), status


def _phase_change(strategic_session, change, message: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(strategic_session, current_user)
    except DomainError as error:
        flash_refusal(error)
        return redirect(url_for(".overview", slug=strategic_session.slug), code=303)
    flash(message, "success")
    return redirect(url_for(".overview", slug=strategic_session.slug))


@session_role_required(*FACILITATION)
def open_review(strategic_session):
    return _phase_change(
        strategic_session, services.open_review, _("The review is open: experts may score.")
    )


@session_role_required(*FACILITATION)
def close_review(strategic_session):
    return _phase_change(
        strategic_session, services.close_review, _("The review is closed: scoring has stopped.")
    )


@session_role_required(*FACILITATION)
def publish_results(strategic_session):
    return _phase_change(
        strategic_session,
        services.publish_results,
        _("The results are published to everyone in the session."),
    )


@session_role_required(*FACILITATION)
def criteria(strategic_session):
    return render_template(
        "review/criteria.html",
        strategic_session=strategic_session,
        criteria=queries.session_criteria(strategic_session),
        reopen_form=CommentForm(),
    )


@session_role_required(*FACILITATION)
def new_criterion(strategic_session):
    form = forms.CriterionForm()
    if request.method == "GET":
        form.position.data = len(queries.session_criteria(strategic_session)) + 1
        form.fill_levels({})
    return _criterion_form(strategic_session, form, None)


@session_role_required(*FACILITATION)
def edit_criterion(strategic_session, criterion_id: int):
    criterion = get_in_session_or_404(Criterion, criterion_id, strategic_session)
    form = forms.CriterionForm(obj=criterion)
    if request.method == "GET":
        form.fill_levels(criterion.level_descriptions or {})
    return _criterion_form(strategic_session, form, criterion)


def _criterion_form(strategic_session, form, criterion):
    back = url_for(".criteria", slug=strategic_session.slug)
    if form.validate_on_submit():
        try:
            services.save_criterion(
                strategic_session, form.data_for_service(), current_user, criterion
            )
        except DomainError as error:
            if error.status != 422:
                flash_refusal(error)
                return redirect(back, code=303)
            show_at_field(form, error)
        else:
            flash(_("Criterion saved."), "success")
            return redirect(back)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "review/criterion_form.html",
        strategic_session=strategic_session,
        form=form,
        criterion=criterion,
    ), status


@session_role_required(*FACILITATION)
def delete_criterion(strategic_session, criterion_id: int):
    criterion = get_in_session_or_404(Criterion, criterion_id, strategic_session)
    back = url_for(".criteria", slug=strategic_session.slug)
    try:
        services.delete_criterion(criterion, current_user, strategic_session)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("Criterion deleted."), "success")
    return redirect(back)


@session_role_required(*FACILITATION)
def default_criteria(strategic_session):
    back = url_for(".criteria", slug=strategic_session.slug)
    try:
        added = services.add_default_criteria(strategic_session, current_user)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("Standard criteria added: %(count)d.", count=len(added)), "success")
    return redirect(back)


@session_role_required(*FACILITATION)
def reopen_criteria(strategic_session):
    form = CommentForm()
    back = url_for(".criteria", slug=strategic_session.slug)
    if not form.validate_on_submit():
        abort(400)
    try:
        services.reopen_criteria(strategic_session, current_user, form.comment.data or "")
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("The review set-up is reopened: the criteria may change."), "warning")
    return redirect(back)
