"""The expert's work: their projects, the scorecard, conflicts declared, interest marked."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ...core.errors import DomainError, flash_refusal, show_at_field
from ...core.forms import CommentForm, EmptyForm
from ...core.loading import get_in_session_or_404
from ...core.models import utcnow
from ...core.pagination import requested_page
from ...extensions import db
from ...people.models import ExpertKind, ParticipantRole
from ...projects import queries as project_queries
from ...sessions.access import FACILITATION, session_role_required
from ...sessions.models import ReviewState
from .. import forms, permissions, queries, services
from ..models import InvestorInterest, Scorecard, ScorecardState
from .common import SCORECARD_WITH

EXPERT = (ParticipantRole.EXPERT,)


def _current_expert(strategic_session):
    """The current user's expert participant.

    :raise 403: if the user has no expert record in this session.
    """
    expert = permissions.expert_participant(current_user, strategic_session)
    if expert is None:
        abort(403)
    return expert


def _conflict_form(strategic_session, expert, conflicts) -> forms.ConflictForm:
    form = forms.ConflictForm()
    conflicted = {c.project_id for c in conflicts}
    form.project_id.choices = forms.choices(
        (project_id, title)
        for project_id, title in queries.reviewed_project_titles(strategic_session)
        if project_id not in conflicted
    )
    return form


def _interest_form(strategic_session) -> forms.InterestForm:
    form = forms.InterestForm()
    form.project_id.choices = forms.choices(queries.reviewed_project_titles(strategic_session))
    return form


@session_role_required(*EXPERT)
def my_projects(strategic_session):
    expert = _current_expert(strategic_session)
    return _my_page(strategic_session, expert)


def _work_filters(strategic_session) -> forms.WorkFilterForm:
    """The expert's list's filters from the query string; one that makes no sense is dropped,
    the others still apply."""
    return forms.WorkFilterForm(
        request.args, directions=project_queries.directions_of(strategic_session)
    ).read()


def _my_page(strategic_session, expert, conflict_form=None, interest_form=None, status=200):
    filters = _work_filters(strategic_session)
    progress = queries.expert_progress(strategic_session, expert)
    filtered = any((filters.status.data, filters.q.data, filters.direction.data))
    page = queries.expert_work_page(
        strategic_session,
        expert,
        status=filters.status.data,
        words=filters.q.data,
        direction_id=filters.direction.data,
        page=requested_page(),
        per_page=current_app.config["PER_PAGE"],
        total=None if filtered else progress.total,
    )
    conflicts = queries.expert_conflicts(expert)
    is_investor = expert.expert_kind == ExpertKind.INVESTOR
    # The forms choosing one of the session's projects (thousands at a big forum) are built
    # when asked for, or when they come back with an error.
    declare = request.args.get("declare")
    if conflict_form is None and declare == "conflict":
        conflict_form = _conflict_form(strategic_session, expert, conflicts)
    if interest_form is None and declare == "interest" and is_investor:
        interest_form = _interest_form(strategic_session)
    return render_template(
        "review/my.html",
        strategic_session=strategic_session,
        expert=expert,
        page=page,
        filters=filters,
        filtered=filtered,
        progress=progress,
        conflicts=conflicts,
        conflict_form=conflict_form,
        interest_form=interest_form if is_investor else None,
        is_investor=is_investor,
        interests=queries.interests(strategic_session, expert=expert) if is_investor else [],
        form=EmptyForm(),
        ReviewState=ReviewState,
    ), status


def _scorecard_context(strategic_session, scorecard):
    """The scorecard the current user may open, with what its page shows.

    :raise 404: if it is not in this session; :raise 403: if the user may not open it (their
        own scorecard of a project they have a conflict of interest with: saying so).
    """
    if not permissions.can_open_scorecard(current_user, scorecard, strategic_session):
        own = scorecard.expert.user_id == current_user.id
        if own and permissions.is_conflicted(scorecard.expert, scorecard.project):
            abort(403, services.conflicted_message())
        abort(403)
    return queries.session_criteria(strategic_session)


def _save(strategic_session, card, criteria, form) -> None:
    """Save the scores and comment the scorecard's form sent, as the version it was loaded at."""
    services.save_scorecard(
        strategic_session,
        card,
        current_user,
        values=forms.submitted_values(form, criteria),
        comment=form.comment.data or "",
        version=forms.submitted_version(form),
        criteria=criteria,
    )


@session_role_required(ParticipantRole.EXPERT, *FACILITATION)
def scorecard(strategic_session, scorecard_id: int):
    card = get_in_session_or_404(Scorecard, scorecard_id, strategic_session, *SCORECARD_WITH)
    criteria = _scorecard_context(strategic_session, card)
    if request.method == "GET":
        form = forms.scorecard_form(criteria, card)
        return _scorecard_page(strategic_session, card, criteria, form)
    form = forms.scorecard_form(criteria, card, formdata=request.form)
    own = card.expert.user_id == current_user.id
    if not own:
        abort(403)
    if not form.validate_on_submit():
        return _scorecard_page(strategic_session, card, criteria, form, status=422)
    submit = form.submitting
    try:
        _save(strategic_session, card, criteria, form)
        if submit:
            services.submit_scorecard(strategic_session, card, current_user)
    except (DomainError, StaleDataError) as error:
        if isinstance(error, StaleDataError):
            error = services.stale_scorecard()
        if error.status == 403:
            abort(403, error.message)
        flash_refusal(error)
        db.session.refresh(card)
        return _scorecard_page(strategic_session, card, criteria, form, status=error.status)
    slug = strategic_session.slug
    if submit:
        flash(_("Scorecard submitted. Thank you!"), "success")
        following = queries.place_in_work(strategic_session, card.expert, card.id).next_draft_id
        if following is not None:
            return redirect(url_for(".scorecard", slug=slug, scorecard_id=following))
        return redirect(url_for(".my_projects", slug=slug))
    flash(_("Draft saved."), "success")
    return redirect(url_for(".scorecard", slug=slug, scorecard_id=card.id))


@session_role_required(ParticipantRole.EXPERT, *FACILITATION)
def save_draft(strategic_session, scorecard_id: int):
    """Autosave (htmx): answers with a short status line and the scorecard's new version."""
    card = get_in_session_or_404(Scorecard, scorecard_id, strategic_session, *SCORECARD_WITH)
    criteria = _scorecard_context(strategic_session, card)
    if card.expert.user_id != current_user.id:
        abort(403)
    form = forms.scorecard_form(criteria, card, formdata=request.form)
    if not form.validate_on_submit():
        return render_template(
            "review/_autosave.html", ok=False, message=_("Not saved: check the form."), card=card
        ), 422
    try:
        _save(strategic_session, card, criteria, form)
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        if isinstance(error, StaleDataError):
            error = services.stale_scorecard()
        if error.status == 403:
            abort(403, error.message)
        return render_template(
            "review/_autosave.html", ok=False, message=error.message, card=None
        ), error.status
    return render_template(
        "review/_autosave.html", ok=True, message=_("Draft saved"), card=card, saved_at=utcnow()
    )


def _scorecard_page(strategic_session, card, criteria, form, status=200):
    own = card.expert.user_id == current_user.id
    editable = own and permissions.can_score(current_user, card, strategic_session)
    place = queries.place_in_work(strategic_session, card.expert, card.id) if own else None
    return render_template(
        "review/scorecard.html",
        strategic_session=strategic_session,
        card=card,
        criteria=criteria,
        values={score.criterion_id: score.value for score in card.scores},
        form=form,
        editable=editable,
        own=own,
        place=place,
        reopen_form=CommentForm(),
        ReviewState=ReviewState,
        ScorecardState=ScorecardState,
        field_name=forms.field_name,
    ), status


@session_role_required(*EXPERT)
def declare_conflict(strategic_session):
    expert = _current_expert(strategic_session)
    conflicts = queries.expert_conflicts(expert)
    form = _conflict_form(strategic_session, expert, conflicts)
    if not form.validate_on_submit():
        return _my_page(strategic_session, expert, conflict_form=form, status=422)
    project = permissions.get_reviewed_project_or_404(strategic_session, form.project_id.data)
    try:
        services.declare_conflict(
            strategic_session, expert, project, form.reason.data, current_user
        )
    except DomainError as error:
        flash_refusal(error)
        return redirect(url_for(".my_projects", slug=strategic_session.slug), code=303)
    flash(
        _(
            "Conflict of interest recorded: you will not score «%(project)s».",
            project=project.display_title,
        ),
        "success",
    )
    return redirect(url_for(".my_projects", slug=strategic_session.slug))


@session_role_required(*EXPERT)
def mark_interest(strategic_session):
    expert = _current_expert(strategic_session)
    if expert.expert_kind != ExpertKind.INVESTOR:
        abort(403)
    form = _interest_form(strategic_session)
    if not form.validate_on_submit():
        return _my_page(strategic_session, expert, interest_form=form, status=422)
    project = permissions.get_reviewed_project_or_404(strategic_session, form.project_id.data)
    try:
        services.mark_interest(strategic_session, expert, project, form.terms(), current_user)
    except DomainError as error:
        if error.field:
            status = show_at_field(form, error)
            return _my_page(strategic_session, expert, interest_form=form, status=status)
        flash_refusal(error)
        return redirect(url_for(".my_projects", slug=strategic_session.slug), code=303)
    flash(_("Your interest is recorded."), "success")
    return redirect(url_for(".my_projects", slug=strategic_session.slug))


@session_role_required(ParticipantRole.EXPERT, *FACILITATION)
def withdraw_interest(strategic_session, interest_id: int):
    interest = get_in_session_or_404(InvestorInterest, interest_id, strategic_session)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_interest(strategic_session, interest, current_user)
    except DomainError as error:
        if error.status == 403:
            abort(403)
        flash_refusal(error)
        return redirect(url_for(".my_projects", slug=strategic_session.slug), code=303)
    flash(_("Your interest is withdrawn."), "success")
    return redirect(url_for(".my_projects", slug=strategic_session.slug))
