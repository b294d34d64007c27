"""After the forum: a project's implementation page and the facilitator's portfolio."""

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ...core.errors import DomainError, NotAllowed, show_at_field
from ...extensions import db
from ...people.models import ParticipantRole
from ...reference.models import FundingSource
from ...sessions.access import is_facilitator, session_role_required
from ...sessions.models import SessionState
from .. import implementation as progress
from .. import permissions
from ..forms.fields import options
from ..forms.implementation import (
    IndicatorValueForm,
    ProgressReportForm,
    ReportEditForm,
    SecuredFundingForm,
    StageProgressForm,
)
from ..models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Project,
    ProjectState,
    SecuredFunding,
    StageStatus,
)
from ..portfolio import portfolio as portfolio_of


def _project(strategic_session, project_id: int) -> Project:
    project = permissions.get_readable_project_or_404(
        strategic_session,
        project_id,
        selectinload(Project.stages),
        selectinload(Project.indicators),
    )
    hidden = permissions.forum_decisions_hidden(current_user, strategic_session)
    if permissions.shown_state(project, hidden) != ProjectState.RECOMMENDED:
        abort(404)  # only a project recommended for the forum, as the reader sees it
    return project


def _sources() -> list:
    return list(db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position)))


def _with_choices(form, project: Project):
    if hasattr(form, "indicator_id"):
        form.indicator_id.choices = options((i.id, i.name) for i in project.indicators)
    if hasattr(form, "funding_source_id"):
        form.funding_source_id.choices = options((s.id, s.title) for s in _sources())
    return form


def _render(strategic_session, project: Project, status: int = 200, **forms):
    today = date.today()
    actuals = {}
    for row in db.session.scalars(
        sa.select(IndicatorActual)
        .join(Indicator)
        .where(Indicator.project_id == project.id)
        .order_by(IndicatorActual.year)
    ):
        actuals.setdefault(row.indicator_id, []).append(row)
    funding = list(
        db.session.scalars(
            sa.select(SecuredFunding)
            .where(SecuredFunding.project_id == project.id)
            .options(selectinload(SecuredFunding.funding_source))
            .order_by(SecuredFunding.secured_on, SecuredFunding.id)
        )
    )
    reports = list(
        db.session.scalars(
            sa.select(ProgressReport)
            .where(ProgressReport.project_id == project.id)
            .options(selectinload(ProgressReport.author))
            .order_by(ProgressReport.reported_on.desc(), ProgressReport.id.desc())
        )
    )
    stage_forms = {}
    for stage in project.stages:
        form = forms.get("stage_forms", {}).get(stage.id)
        if form is None:
            form = StageProgressForm(
                prefix=f"stage{stage.id}",
                formdata=None,
                actual_start=stage.actual_start,
                actual_end=stage.actual_end,
                status=stage.status.value,
                seen=progress.stage_token(stage),
            )
        stage_forms[stage.id] = form
    context = {
        "strategic_session": strategic_session,
        "project": project,
        "can_record": progress.can_record_progress(current_user, project, strategic_session),
        "takes_progress": progress.session_takes_progress(strategic_session),
        "facilitator": is_facilitator(current_user, strategic_session),
        "SessionState": SessionState,
        "late": {s.id for s in project.stages if progress.is_late(s, today)},
        "actuals": actuals,
        "funding": funding,
        "secured": sum((f.amount for f in funding), start=0),
        "reports": reports,
        "stage_forms": stage_forms,
        "indicator_form": forms.get("indicator_form")
        or _with_choices(IndicatorValueForm(formdata=None), project),
        "funding_form": forms.get("funding_form")
        or _with_choices(SecuredFundingForm(formdata=None), project),
        "report_form": forms.get("report_form") or ProgressReportForm(formdata=None),
        "ParticipantRole": ParticipantRole,
    }
    return render_template("projects/implementation.html", **context), status


def _back(strategic_session, project: Project, message: str | None = None):
    if message:
        flash(message, "success")
    return redirect(
        url_for("projects.implementation", slug=strategic_session.slug, project_id=project.id)
    )


def _refused(strategic_session, project, form, refusal: DomainError, name: str, **forms):
    if isinstance(refusal, NotAllowed):
        raise refusal
    status = show_at_field(form, refusal)
    return _render(strategic_session, project, status, **{name: form}, **forms)


@session_role_required()
def implementation(strategic_session, project_id: int):
    """A recommended project's progress: stages, indicators, money secured, reports."""
    return _render(strategic_session, _project(strategic_session, project_id))


def _check(strategic_session, project):
    if not progress.can_record_progress(current_user, project, strategic_session):
        abort(403)


@session_role_required()
def record_stage(strategic_session, project_id: int, stage_id: int):
    """Record one stage's actual dates and status."""
    project = _project(strategic_session, project_id)
    _check(strategic_session, project)
    stage = next((s for s in project.stages if s.id == stage_id), None)
    if stage is None:
        abort(404)
    form = StageProgressForm(prefix=f"stage{stage.id}")
    forms = {"stage_forms": {stage.id: form}}
    if not form.validate():
        return _render(strategic_session, project, 422, **forms)
    try:
        progress.record_stage(
            current_user,
            stage,
            strategic_session,
            actual_start=form.actual_start.data,
            actual_end=form.actual_end.data,
            status=StageStatus(form.status.data),
            seen=form.seen.data or "",
        )
    except DomainError as refusal:
        if isinstance(refusal, NotAllowed):
            raise
        return _render(strategic_session, project, show_at_field(form, refusal), **forms)
    return _back(strategic_session, project, _("The stage is recorded."))


@session_role_required()
def record_indicator(strategic_session, project_id: int):
    """Record an indicator's actual value in a year."""
    project = _project(strategic_session, project_id)
    _check(strategic_session, project)
    form = _with_choices(IndicatorValueForm(), project)
    if not form.validate():
        return _render(strategic_session, project, 422, indicator_form=form)
    # The choices are the project's own indicators: the form's validation keeps to them.
    indicator = next(i for i in project.indicators if i.id == form.indicator_id.data)
    try:
        progress.record_indicator_value(
            current_user,
            indicator,
            strategic_session,
            year=form.year.data,
            value=form.value.data,
            seen=form.seen.data,
        )
    except DomainError as refusal:
        return _refused(strategic_session, project, form, refusal, "indicator_form")
    return _back(strategic_session, project, _("The value is recorded."))


@session_role_required()
def add_funding(strategic_session, project_id: int):
    """Record money secured for the project."""
    project = _project(strategic_session, project_id)
    _check(strategic_session, project)
    form = _with_choices(SecuredFundingForm(), project)
    if not form.validate():
        return _render(strategic_session, project, 422, funding_form=form)
    try:
        added = progress.add_secured_funding(
            current_user,
            project,
            strategic_session,
            funding_source_id=form.funding_source_id.data,
            secured_on=form.secured_on.data or date.today(),
            amount=form.amount.data,
            document=form.document.data,
        )
    except DomainError as refusal:
        return _refused(strategic_session, project, form, refusal, "funding_form")
    if added is None:
        flash(
            _("This money secured is already recorded: the form was probably sent twice."), "info"
        )
        return _back(strategic_session, project)
    return _back(strategic_session, project, _("The money secured is recorded."))


@session_role_required()
def add_report(strategic_session, project_id: int):
    """Add a progress report for a period."""
    project = _project(strategic_session, project_id)
    _check(strategic_session, project)
    form = ProgressReportForm()
    if not form.validate():
        return _render(strategic_session, project, 422, report_form=form)
    try:
        added = progress.add_report(
            current_user, project, strategic_session, period=form.period.data, text=form.text.data
        )
    except DomainError as refusal:
        return _refused(strategic_session, project, form, refusal, "report_form")
    if added is None:
        flash(_("This report is already added: the form was probably sent twice."), "info")
        return _back(strategic_session, project)
    return _back(strategic_session, project, _("The report is added."))


@session_role_required()
def edit_report(strategic_session, project_id: int, report_id: int):
    """Correct a progress report's period and text (the group and the facilitator)."""
    project = _project(strategic_session, project_id)
    _check(strategic_session, project)
    report = db.session.scalar(
        sa.select(ProgressReport).where(
            ProgressReport.id == report_id, ProgressReport.project_id == project.id
        )
    )
    if report is None:
        abort(404)
    if request.method == "GET":
        form = ReportEditForm(
            formdata=None,
            period=report.period,
            text=report.text,
            seen=progress.report_token(report),
        )
        return _report_page(strategic_session, project, report, form)
    form = ReportEditForm()
    if not form.validate():
        return _report_page(strategic_session, project, report, form, 422)
    try:
        changed = progress.edit_report(
            current_user,
            report,
            strategic_session,
            period=form.period.data,
            text=form.text.data,
            seen=form.seen.data or "",
        )
    except DomainError as refusal:
        if isinstance(refusal, NotAllowed):
            raise
        db.session.rollback()
        status = show_at_field(form, refusal)
        return _report_page(strategic_session, project, report, form, status)
    if not changed:
        flash(_("Nothing changed in the report."), "info")
        return _back(strategic_session, project)
    return _back(strategic_session, project, _("The report is corrected."))


def _report_page(strategic_session, project, report, form, status: int = 200):
    return (
        render_template(
            "projects/report_edit.html",
            strategic_session=strategic_session,
            project=project,
            report=report,
            form=form,
        ),
        status,
    )


@session_role_required(ParticipantRole.FACILITATOR)
def portfolio(strategic_session):
    """The facilitator's view of the recommended projects' progress."""
    rows = portfolio_of(strategic_session, date.today())
    return render_template(
        "projects/portfolio.html",
        strategic_session=strategic_session,
        rows=rows,
        takes_progress=progress.session_takes_progress(strategic_session),
        facilitator=True,
        SessionState=SessionState,
    )
