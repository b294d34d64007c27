"""Sessions and their review results, as the token's user may read them."""

from flask_babel import gettext as _
from flask_smorest import abort

from ...home.services import sessions_of
from ...projects.permissions import forum_decisions_hidden, shown_state_of
from ...review import aggregation
from ...review.permissions import can_see_results, results_published
from ...sessions.access import get_session_or_404, is_facilitator, roles_in
from ...sessions.models import ReviewState
from .auth import api_user
from .blueprint import api_blueprint
from .errors import ErrorSchema
from .schemas import ResultsQuery, ResultsSchema, SessionSchema

blp = api_blueprint(
    "api_sessions", __name__, description="Sessions you take part in, and their results."
)
REFUSALS = {401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema}


def readable_session_or_404(slug: str):
    """The session named ``slug`` if the token's user holds a role in it.

    :raise 404: if there is no such session.
    :raise 403: if the user holds no role in it.
    """
    strategic_session = get_session_or_404(slug)
    if not roles_in(api_user(), strategic_session):
        abort(403, message=_("You take no part in this session."))
    return strategic_session


def session_data(strategic_session, user) -> dict:
    """The session as :class:`SessionSchema` shows it to ``user``."""
    return {
        "slug": strategic_session.slug,
        "title": strategic_session.title,
        "place": strategic_session.place,
        "starts_on": strategic_session.starts_on,
        "ends_on": strategic_session.ends_on,
        "state": strategic_session.state.value,
        "review_state": strategic_session.review_state.value,
        "is_demo": strategic_session.is_demo,
        "roles": sorted(role.value for role in roles_in(user, strategic_session)),
    }


def _documented(**responses):
    def decorator(view):
        for status, schema in {**REFUSALS, **responses}.items():
            view = blp.alt_response(status, schema=schema)(view)
        return view

    return decorator


@blp.get("/sessions")
@blp.response(200, SessionSchema(many=True))
@_documented()
def sessions():
    """The sessions you take part in (every session for an admin), newest first."""
    user = api_user()
    return [session_data(s, user) for s in sessions_of(user)]


@blp.get("/sessions/<slug>")
@blp.response(200, SessionSchema)
@_documented()
def session(slug: str):
    """One session you take part in."""
    return session_data(readable_session_or_404(slug), api_user())


@blp.get("/sessions/<slug>/results")
@blp.arguments(ResultsQuery, location="query")
@blp.response(200, ResultsSchema)
@_documented()
def results(query: dict, slug: str):
    """The review's ranking: for the facilitator at any time (`interim` until the review
    closes), for everyone in the session once the results are published."""
    strategic_session = readable_session_or_404(slug)
    user = api_user()
    if not can_see_results(user, strategic_session):
        abort(403, message=_("The results are not published yet."))
    method = query.get("method") or aggregation.session_method(strategic_session)
    outcome = aggregation.results_for(strategic_session, method=method)
    hidden = forum_decisions_hidden(user, strategic_session)
    return {
        "method": outcome.method,
        "method_title": outcome.method_title,
        "published": results_published(strategic_session),
        "interim": is_facilitator(user, strategic_session)
        and strategic_session.review_state in (ReviewState.NOT_OPENED, ReviewState.OPEN),
        "projects": [
            {
                "project_id": line.project_id,
                "title": line.title,
                "state": shown_state_of(line.state, hidden).value,
                "rank": line.rank,
                "scorecards": line.n,
                "mean": line.mean,
                "median": line.median,
                "stdev": line.stdev,
                "minimum": line.minimum,
                "maximum": line.maximum,
                "flags": sorted(line.flags),
            }
            for line in outcome.projects
        ],
    }
