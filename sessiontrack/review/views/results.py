"""The review's results: the ranking, the decision on a project, a project's feedback."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ...core import numbers
from ...core.errors import DomainError, flash_refusal
from ...core.pagination import requested_page
from ...core.urls import is_safe_next, url_pattern
from ...people.models import ExpertKind
from ...projects import services as project_services
from ...projects.models import ProjectState
from ...sessions.access import FACILITATION, is_facilitator, session_role_required
from ...sessions.models import ReviewState
from .. import adoption, aggregation, display, forms, permissions, queries, ranking
from .. import panels as review_panels

KINDS = {"all": None, "expert": ExpertKind.EXPERT, "investor": ExpertKind.INVESTOR}
# The query arguments the results page's figures depend on (the others are ignored).
FIGURE_ARGS = ("method", "kind", "interim", "page", "q", "direction", "flag", "decision")


def _interim_hidden(strategic_session, facilitator: bool) -> bool:
    """While experts are still scoring, the facilitator sees interim results only on request."""
    return (
        facilitator
        and strategic_session.review_state in (ReviewState.NOT_OPENED, ReviewState.OPEN)
        and request.args.get("interim") != "1"
    )


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
    hidden = _interim_hidden(strategic_session, facilitator)
    outcome = figures = None
    in_package = adoption.adopted_project_ids(strategic_session)
    if not hidden:
        outcome = aggregation.results_for(strategic_session, method=method, expert_kind=KINDS[kind])
        key = (
            str(get_locale()),
            facilitator,
            frozenset(in_package),
            tuple(request.args.get(name, "") for name in FIGURE_ARGS),
        )
        figures = outcome.fragment(
            key,
            lambda: _figures(strategic_session, outcome, method, kind, facilitator, in_package),
        )
    return render_template(
        "review/results.html",
        strategic_session=strategic_session,
        results=outcome,
        figures=Markup(figures) if figures else "",  # noqa: S704  # nosec B704 - rendered
        hidden=hidden,
        method=method,
        kind=kind,
        facilitator=facilitator,
        methods=aggregation.METHODS,
        ReviewState=ReviewState,
        interim=request.args.get("interim") == "1",
    )


def _figures(strategic_session, outcome, method, kind, facilitator, in_package) -> str:
    """The results page's figures as HTML (review/_results_figures.html): the ranking's page
    the query string asks for, the directions and the experts."""
    # The directions that have projects in the ranking, in the session's order.
    filters = forms.RankingFilterForm(request.args, directions=ranking.directions(outcome)).read()
    page = ranking.ranking_page(
        outcome,
        _ranking_filters(filters),
        requested_page(),
        current_app.config["RANKING_PER_PAGE"],
    )
    slug = strategic_session.slug
    lines = outcome.lines_for(page.items, url_pattern("review.feedback", "project_id", slug=slug))
    score = numbers.score_format()
    decide_url = url_pattern("review.decide", "project_id", slug=slug) if facilitator else None
    return render_template(
        "review/_results_figures.html",
        strategic_session=strategic_session,
        results=outcome,
        page=page,
        lines=lines,
        forum_cells=display.forum_cells(
            lines,
            state_titles={state: state.title for state in ProjectState},
            in_package=in_package,
            decide_url=decide_url,
        ),
        score=score,
        panel_mean=score(outcome.panel_mean),
        kind_titles={kind: kind.title for kind in ExpertKind},
        direction_tops=ranking.direction_tops(outcome),
        filters=filters,
        method=method,
        kind=kind,
        facilitator=facilitator,
        flag_titles=aggregation.FLAG_TITLES,
        interim=request.args.get("interim") == "1",
    )


def _ranking_filters(filters: forms.RankingFilterForm) -> ranking.RankingFilters:
    """The filters the form holds (a value no choice has narrows to nothing shown)."""
    return ranking.RankingFilters(
        q=filters.q.data or "",
        direction_id=filters.direction.data,
        flag=filters.flag.data or "",
        decision=filters.decision.data or "",
    )


@session_role_required()
def panels(strategic_session):
    """The experts' and the investors' rankings side by side, each normalised on its own."""
    if not permissions.can_see_results(current_user, strategic_session):
        abort(403)
    facilitator = is_facilitator(current_user, strategic_session)
    hidden = _interim_hidden(strategic_session, facilitator)
    return render_template(
        "review/panels.html",
        strategic_session=strategic_session,
        comparison=None if hidden else review_panels.compare_panels(strategic_session),
        hidden=hidden,
        facilitator=facilitator,
        interim=request.args.get("interim") == "1",
    )


@session_role_required(*FACILITATION)
def decide(strategic_session, project_id: int):
    project = permissions.get_reviewed_project_or_404(strategic_session, project_id)
    form = forms.DecisionForm()
    back = form.next.data
    if not is_safe_next(back):
        back = url_for(".results", slug=strategic_session.slug)
    if not form.validate_on_submit() or form.recommended.data not in ("yes", "no"):
        flash(_("Choose whether to recommend the project."), "danger")
        return redirect(back, code=303)
    try:
        project_services.recommend_project(
            project,
            current_user,
            recommended=form.recommended.data == "yes",
            comment=form.comment.data or "",
        )
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(
        _("«%(project)s»: %(state)s.", project=project.display_title, state=project.state.title),
        "success",
    )
    return redirect(back)


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
    outcome.prefetch_means([project.id])
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
