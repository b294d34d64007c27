"""Expert review pages: the facilitator's set-up and progress, the experts' scoring, results."""

import io
from datetime import UTC

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ...core.forms import EmptyForm
from ...core.models import utcnow
from ...core.pagination import requested_page
from ...core.permissions import FACILITATION, is_facilitator, session_role_required
from ...core.spreadsheets import SpreadsheetError
from ...core.urls import is_safe_next
from ...extensions import db
from ...people.models import ExpertKind
from ...projects import services as project_services
from ...projects.models import ProjectState
from ...sessions.models import ReviewState, SessionRole
from .. import aggregation, charts, forms, paper, permissions, queries, services
from ..models import InvestorInterest, ScorecardState

bp = Blueprint("review", __name__, url_prefix="/s/<slug>/review")

EXPERT = (SessionRole.EXPERT,)


bp.add_app_template_global(charts.ranking_chart, "ranking_chart")


def _refused(error: Exception, target: str):
    """Flash a refused action (a review or a project rule) and go back (PRG)."""
    db.session.rollback()
    flash(getattr(error, "message", None) or str(error), "error")
    return redirect(target, code=303)


def _utc(value):
    """A deadline typed in the interface's time zone, as an aware UTC datetime."""
    return to_utc(value).replace(tzinfo=UTC) if value else None


# ----------------------------------------------------------------------------------------------
# The facilitator's overview: phase, progress, interest
# ----------------------------------------------------------------------------------------------


@bp.get("/")
@session_role_required(*FACILITATION)
def overview(strategic_session):
    loads = queries.expert_loads(strategic_session)
    return render_template(
        "review/overview.html",
        strategic_session=strategic_session,
        experts=services.session_experts(strategic_session),
        loads=loads,
        assignments=sum(load.assigned for load in loads.values()),
        conflicts=len(services.conflict_pairs(strategic_session)),
        criteria=services.session_criteria(strategic_session),
        interests=queries.interests(strategic_session),
        form=EmptyForm(),
        ReviewState=ReviewState,
    )


@bp.route("/settings", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def settings(strategic_session):
    form = forms.SettingsForm(obj=strategic_session)
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
        )
        db.session.commit()
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
    except services.ReviewError as error:
        return _refused(error, url_for(".overview", slug=strategic_session.slug))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".overview", slug=strategic_session.slug))


@bp.post("/open")
@session_role_required(*FACILITATION)
def open_review(strategic_session):
    return _phase_change(
        strategic_session, services.open_review, _("The review is open: experts may score.")
    )


@bp.post("/close")
@session_role_required(*FACILITATION)
def close_review(strategic_session):
    return _phase_change(
        strategic_session, services.close_review, _("The review is closed: scoring has stopped.")
    )


@bp.post("/publish")
@session_role_required(*FACILITATION)
def publish_results(strategic_session):
    return _phase_change(
        strategic_session,
        services.publish_results,
        _("The results are published to everyone in the session."),
    )


# ----------------------------------------------------------------------------------------------
# Criteria
# ----------------------------------------------------------------------------------------------


@bp.get("/criteria")
@session_role_required(*FACILITATION)
def criteria(strategic_session):
    return render_template(
        "review/criteria.html",
        strategic_session=strategic_session,
        criteria=services.session_criteria(strategic_session),
        reopen_form=forms.CommentForm(),
    )


@bp.route("/criteria/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_criterion(strategic_session):
    form = forms.CriterionForm()
    if request.method == "GET":
        form.position.data = len(services.session_criteria(strategic_session)) + 1
        form.fill_levels({})
    return _criterion_form(strategic_session, form, None)


@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_criterion(strategic_session, criterion_id: int):
    criterion = permissions.get_criterion_or_404(strategic_session, criterion_id)
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
        except services.ReviewError as error:
            db.session.rollback()
            if error.status != 422:
                return _refused(error, back)
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Criterion saved."), "success")
            return redirect(back)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "review/criterion_form.html",
        strategic_session=strategic_session,
        form=form,
        criterion=criterion,
    ), status


@bp.post("/criteria/<int:criterion_id>/delete")
@session_role_required(*FACILITATION)
def delete_criterion(strategic_session, criterion_id: int):
    criterion = permissions.get_criterion_or_404(strategic_session, criterion_id)
    back = url_for(".criteria", slug=strategic_session.slug)
    try:
        services.delete_criterion(criterion, current_user, strategic_session)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Criterion deleted."), "success")
    return redirect(back)


@bp.post("/criteria/defaults")
@session_role_required(*FACILITATION)
def default_criteria(strategic_session):
    back = url_for(".criteria", slug=strategic_session.slug)
    try:
        added = services.add_default_criteria(strategic_session, current_user)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Standard criteria added: %(count)d.", count=len(added)), "success")
    return redirect(back)


@bp.post("/criteria/reopen")
@session_role_required(*FACILITATION)
def reopen_criteria(strategic_session):
    form = forms.CommentForm()
    back = url_for(".criteria", slug=strategic_session.slug)
    if not form.validate_on_submit():
        abort(400)
    try:
        services.reopen_criteria(strategic_session, current_user, form.comment.data or "")
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("The review set-up is reopened: the criteria may change."), "warning")
    return redirect(back)


# ----------------------------------------------------------------------------------------------
# Assignment and conflicts
# ----------------------------------------------------------------------------------------------


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


@bp.get("/assignments")
@session_role_required(*FACILITATION)
def assignments(strategic_session):
    return _assignments_page(strategic_session)


@bp.post("/assignments/all")
@session_role_required(*FACILITATION)
def assign_all(strategic_session):
    back = url_for(".assignments", slug=strategic_session.slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        report = services.assign_all(strategic_session, current_user)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
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


@bp.post("/assignments/balanced")
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
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
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


@bp.post("/assignments/add")
@session_role_required(*FACILITATION)
def assign_one(strategic_session):
    back = url_for(".assignments", slug=strategic_session.slug)
    form = _manual_form(strategic_session, services.session_experts(strategic_session))
    if not form.validate_on_submit():
        return _assignments_page(strategic_session, manual_form=form, status=422)
    expert = permissions.get_expert_or_404(strategic_session, form.expert_id.data)
    project = permissions.get_reviewed_project_or_404(strategic_session, form.project_id.data)
    try:
        services.assign(strategic_session, expert, project, current_user)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Assignment added."), "success")
    return redirect(back)


@bp.post("/assignments/<int:scorecard_id>/remove")
@session_role_required(*FACILITATION)
def unassign(strategic_session, scorecard_id: int):
    scorecard = permissions.get_scorecard_or_404(strategic_session, scorecard_id)
    back = url_for(".assignments", slug=strategic_session.slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.unassign(strategic_session, scorecard, current_user)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Assignment removed."), "success")
    return redirect(back)


@bp.post("/conflicts/detect")
@session_role_required(*FACILITATION)
def detect_conflicts(strategic_session):
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.detect_conflicts(strategic_session, current_user)
    db.session.commit()
    flash(_("New conflicts of interest found: %(count)d.", count=count), "info")
    return redirect(url_for(".assignments", slug=strategic_session.slug))


@bp.post("/scorecards/<int:scorecard_id>/reopen")
@session_role_required(*FACILITATION)
def reopen_scorecard(strategic_session, scorecard_id: int):
    scorecard = permissions.get_scorecard_or_404(strategic_session, scorecard_id)
    back = url_for(".assignments", slug=strategic_session.slug)
    form = forms.CommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.reopen_scorecard(strategic_session, scorecard, current_user, form.comment.data)
    except services.ReviewError as error:
        return _refused(error, back)
    db.session.commit()
    flash(
        _("The scorecard is back with %(expert)s as a draft.", expert=scorecard.expert.full_name),
        "success",
    )
    return redirect(back)


# ----------------------------------------------------------------------------------------------
# The expert's work: their projects, the scorecard, conflicts, interest
# ----------------------------------------------------------------------------------------------


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
        (p.id, p.display_title)
        for p in queries.reviewed_projects_for_choice(strategic_session)
        if p.id not in conflicted
    )
    return form


def _interest_form(strategic_session) -> forms.InterestForm:
    form = forms.InterestForm()
    form.project_id.choices = forms.choices(
        (p.id, p.display_title) for p in queries.reviewed_projects_for_choice(strategic_session)
    )
    return form


@bp.get("/my")
@session_role_required(*EXPERT)
def my_projects(strategic_session):
    expert = _current_expert(strategic_session)
    return _my_page(strategic_session, expert)


def _my_page(strategic_session, expert, conflict_form=None, interest_form=None, status=200):
    work = queries.expert_work(strategic_session, expert)
    conflicts = queries.expert_conflicts(expert)
    is_investor = expert.expert_kind == ExpertKind.INVESTOR
    return render_template(
        "review/my.html",
        strategic_session=strategic_session,
        expert=expert,
        work=work,
        next_item=queries.next_unscored(work),
        conflicts=conflicts,
        conflict_form=conflict_form or _conflict_form(strategic_session, expert, conflicts),
        interest_form=(interest_form or _interest_form(strategic_session)) if is_investor else None,
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
    return services.session_criteria(strategic_session)


@bp.route("/scorecards/<int:scorecard_id>", methods=["GET", "POST"])
@session_role_required(SessionRole.EXPERT, *FACILITATION)
def scorecard(strategic_session, scorecard_id: int):
    card = permissions.get_scorecard_or_404(strategic_session, scorecard_id)
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
        services.save_scorecard(
            strategic_session,
            card,
            current_user,
            values=forms.submitted_values(form, criteria),
            comment=form.comment.data or "",
            version=forms.submitted_version(form),
        )
        if submit:
            services.submit_scorecard(strategic_session, card, current_user)
    except (services.ReviewError, StaleDataError) as error:
        db.session.rollback()
        if isinstance(error, StaleDataError):
            error = services.StaleScorecard()
        if error.status == 403:
            abort(403, error.message)
        flash(error.message, "error")
        db.session.refresh(card)
        return _scorecard_page(strategic_session, card, criteria, form, status=error.status)
    # What the redirect needs, read before the commit expires it (no reload after the write).
    slug, card_id = strategic_session.slug, card.id
    db.session.commit()
    if submit:
        flash(_("Scorecard submitted. Thank you!"), "success")
        work = queries.expert_work(strategic_session, card.expert)
        following = queries.next_unscored(work, after_scorecard_id=card_id)
        if following is not None:
            return redirect(url_for(".scorecard", slug=slug, scorecard_id=following.scorecard.id))
        return redirect(url_for(".my_projects", slug=slug))
    flash(_("Draft saved."), "success")
    return redirect(url_for(".scorecard", slug=slug, scorecard_id=card_id))


@bp.post("/scorecards/<int:scorecard_id>/draft")
@session_role_required(SessionRole.EXPERT, *FACILITATION)
def save_draft(strategic_session, scorecard_id: int):
    """Autosave (htmx): answers with a short status line and the scorecard's new version."""
    card = permissions.get_scorecard_or_404(strategic_session, scorecard_id)
    criteria = _scorecard_context(strategic_session, card)
    if card.expert.user_id != current_user.id:
        abort(403)
    form = forms.scorecard_form(criteria, card, formdata=request.form)
    if not form.validate_on_submit():
        return render_template(
            "review/_autosave.html", ok=False, message=_("Not saved: check the form."), card=card
        ), 422
    try:
        services.save_scorecard(
            strategic_session,
            card,
            current_user,
            values=forms.submitted_values(form, criteria),
            comment=form.comment.data or "",
            version=forms.submitted_version(form),
        )
    except (services.ReviewError, StaleDataError) as error:
        db.session.rollback()
        if isinstance(error, StaleDataError):
            error = services.StaleScorecard()
        if error.status == 403:
            abort(403, error.message)
        return render_template(
            "review/_autosave.html", ok=False, message=error.message, card=None
        ), error.status
    db.session.commit()
    return render_template(
        "review/_autosave.html", ok=True, message=_("Draft saved"), card=card, saved_at=utcnow()
    )


def _scorecard_page(strategic_session, card, criteria, form, status=200):
    own = card.expert.user_id == current_user.id
    editable = own and permissions.can_score(current_user, card, strategic_session)
    work = queries.expert_work(strategic_session, card.expert) if own else []
    position = next((i for i, item in enumerate(work, 1) if item.scorecard.id == card.id), None)
    return render_template(
        "review/scorecard.html",
        strategic_session=strategic_session,
        card=card,
        criteria=criteria,
        values={score.criterion_id: score.value for score in card.scores},
        form=form,
        editable=editable,
        own=own,
        work=work,
        position=position,
        following=queries.next_unscored(work, after_scorecard_id=card.id) if own else None,
        reopen_form=forms.CommentForm(),
        ReviewState=ReviewState,
        ScorecardState=ScorecardState,
        field_name=forms.field_name,
    ), status


@bp.post("/conflicts")
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
    except services.ReviewError as error:
        return _refused(error, url_for(".my_projects", slug=strategic_session.slug))
    db.session.commit()
    flash(
        _(
            "Conflict of interest recorded: you will not score «%(project)s».",
            project=project.display_title,
        ),
        "success",
    )
    return redirect(url_for(".my_projects", slug=strategic_session.slug))


@bp.post("/interest")
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
        services.mark_interest(
            strategic_session, expert, project, form.note.data or "", current_user
        )
    except services.ReviewError as error:
        return _refused(error, url_for(".my_projects", slug=strategic_session.slug))
    db.session.commit()
    flash(_("Your interest is recorded."), "success")
    return redirect(url_for(".my_projects", slug=strategic_session.slug))


@bp.post("/interest/<int:interest_id>/withdraw")
@session_role_required(SessionRole.EXPERT, *FACILITATION)
def withdraw_interest(strategic_session, interest_id: int):
    interest = db.session.get(InvestorInterest, interest_id)
    if interest is None or interest.project.session_id != strategic_session.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_interest(strategic_session, interest, current_user)
    except services.ReviewError as error:
        if error.status == 403:
            abort(403)
        return _refused(error, url_for(".my_projects", slug=strategic_session.slug))
    db.session.commit()
    flash(_("Your interest is withdrawn."), "success")
    return redirect(url_for(".my_projects", slug=strategic_session.slug))


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------

KINDS = {"all": None, "expert": ExpertKind.EXPERT, "investor": ExpertKind.INVESTOR}


@bp.get("/results")
@session_role_required()
def results(strategic_session):
    if not permissions.can_see_results(current_user, strategic_session):
        abort(403)
    default_method = aggregation.session_method(strategic_session)
    method = request.args.get("method", default_method)
    if method not in aggregation.METHODS:
        method = default_method
    kind = request.args.get("kind", "all")
    if kind not in KINDS:
        kind = "all"
    facilitator = is_facilitator(current_user, strategic_session)
    # While experts are still scoring, the facilitator sees interim results only on request.
    hidden = (
        facilitator
        and strategic_session.review_state in (ReviewState.NOT_OPENED, ReviewState.OPEN)
        and request.args.get("interim") != "1"
    )
    outcome = None
    if not hidden:
        outcome = aggregation.results_for(strategic_session, method=method, expert_kind=KINDS[kind])
    return render_template(
        "review/results.html",
        strategic_session=strategic_session,
        results=outcome,
        hidden=hidden,
        method=method,
        kind=kind,
        facilitator=facilitator,
        methods=aggregation.METHODS,
        flag_titles=aggregation.FLAG_TITLES,
        decision_form=forms.DecisionForm(),
        ReviewState=ReviewState,
        ProjectState=ProjectState,
        # Looked up once, not translated again in each of the rows.
        state_titles={state: state.title for state in ProjectState},
        interim=request.args.get("interim") == "1",
    )


@bp.post("/results/<int:project_id>/decision")
@session_role_required(*FACILITATION)
def decide(strategic_session, project_id: int):
    project = permissions.get_reviewed_project_or_404(strategic_session, project_id)
    form = forms.DecisionForm()
    back = form.next.data
    if not is_safe_next(back):
        back = url_for(".results", slug=strategic_session.slug)
    if not form.validate_on_submit() or form.recommended.data not in ("yes", "no"):
        flash(_("Choose whether to recommend the project."), "error")
        return redirect(back, code=303)
    try:
        project_services.recommend_project(
            project,
            current_user,
            recommended=form.recommended.data == "yes",
            comment=form.comment.data or "",
        )
    except project_services.ProjectError as error:
        return _refused(error, back)
    db.session.commit()
    flash(
        _("«%(project)s»: %(state)s.", project=project.display_title, state=project.state.title),
        "success",
    )
    return redirect(back)


@bp.get("/projects/<int:project_id>")
@session_role_required()
def feedback(strategic_session, project_id: int):
    """One project's review: figures, the experts' comments and scores, investors' interest."""
    project = permissions.get_reviewed_project_or_404(strategic_session, project_id)
    if not permissions.can_read_feedback(current_user, project, strategic_session):
        abort(403)
    # The session's own method: the ranks here are those of the results page and the exports.
    outcome = aggregation.results_for(
        strategic_session, method=aggregation.session_method(strategic_session)
    )
    return render_template(
        "review/feedback.html",
        strategic_session=strategic_session,
        project=project,
        result=outcome.project(project.id),
        results=outcome,
        scorecards=queries.submitted_scorecards(project),
        interests=queries.interests(strategic_session, project=project),
        facilitator=is_facilitator(current_user, strategic_session),
        flag_titles=aggregation.FLAG_TITLES,
    )


# ----------------------------------------------------------------------------------------------
# Paper scoring
# ----------------------------------------------------------------------------------------------


def _paper_expert(strategic_session, expert_id: int):
    """The expert whose sheet is asked for: facilitators any, an expert their own.

    :raise 404: if not an expert of this session; :raise 403: for anyone else's sheet.
    """
    expert = permissions.get_expert_or_404(strategic_session, expert_id)
    if not (is_facilitator(current_user, strategic_session) or expert.user_id == current_user.id):
        abort(403)
    return expert


@bp.get("/paper/<int:expert_id>")
@session_role_required(SessionRole.EXPERT, *FACILITATION)
def paper_sheet(strategic_session, expert_id: int):
    expert = _paper_expert(strategic_session, expert_id)
    return render_template(
        "review/paper.html",
        strategic_session=strategic_session,
        expert=expert,
        criteria=services.session_criteria(strategic_session),
        scorecards=queries.scorecards_of_expert(strategic_session, expert),
        upload_form=forms.UploadForm(),
        facilitator=is_facilitator(current_user, strategic_session),
    )


@bp.get("/paper/<int:expert_id>/sheet.xlsx")
@session_role_required(SessionRole.EXPERT, *FACILITATION)
def paper_xlsx(strategic_session, expert_id: int):
    expert = _paper_expert(strategic_session, expert_id)
    return send_file(
        io.BytesIO(paper.build_sheet(strategic_session, expert)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"scoring-sheet-{strategic_session.slug}-{expert.id}.xlsx",
    )


@bp.post("/paper/<int:expert_id>/upload")
@session_role_required(*FACILITATION)
def paper_upload(strategic_session, expert_id: int):
    expert = permissions.get_expert_or_404(strategic_session, expert_id)
    form = forms.UploadForm()
    errors = []
    if form.validate_on_submit():
        try:
            outcome = paper.import_sheet(strategic_session, expert, form.sheet.data, current_user)
        except SpreadsheetError as error:
            form.sheet.errors.append(str(error))
        else:
            if outcome.ok:
                db.session.commit()
                flash(
                    _(
                        "Sheet accepted: %(submitted)d scorecard(s) submitted, %(unchanged)d "
                        "already submitted, %(blank)d row(s) left empty.",
                        submitted=outcome.submitted,
                        unchanged=outcome.unchanged,
                        blank=outcome.blank,
                    ),
                    "success",
                )
                return redirect(
                    url_for(".paper_sheet", slug=strategic_session.slug, expert_id=expert.id)
                )
            db.session.rollback()
            errors = outcome.errors
    return render_template(
        "review/paper.html",
        strategic_session=strategic_session,
        expert=expert,
        criteria=services.session_criteria(strategic_session),
        scorecards=queries.scorecards_of_expert(strategic_session, expert),
        upload_form=form,
        upload_errors=errors,
        facilitator=True,
    ), 422
