"""Similar projects across sessions, as ``/duplicates/`` lists them, for the accounts that
read them (``similarity.queries.readable_sessions``): the same queries."""

import marshmallow as ma
from flask_babel import gettext as _
from flask_smorest import abort
from marshmallow import validate

from ...similarity import queries
from ...similarity.matching import DEFAULT_THRESHOLD, FIELDS, MAX_THRESHOLD, MIN_THRESHOLD
from .auth import api_user
from .blueprint import api_blueprint
from .errors import ErrorSchema
from .schemas import Strict

F = ma.fields
blp = api_blueprint(
    "api_duplicates",
    __name__,
    description="Similar projects of different sessions, for the portfolio's readers.",
)


class DuplicatesQuery(Strict):
    """How alike two projects must be to be listed, in per cent (the page's default)."""

    threshold = F.Integer(
        validate=validate.Range(min=round(MIN_THRESHOLD * 100), max=round(MAX_THRESHOLD * 100)),
        metadata={"description": f"per cent; {round(DEFAULT_THRESHOLD * 100)} by default"},
    )


class PairProjectOut(ma.Schema):
    id = F.Integer(required=True)
    title = F.String(required=True)
    session = F.String(required=True, metadata={"description": "the session's slug"})


class PassageOut(ma.Schema):
    field = F.String(required=True, validate=validate.OneOf(FIELDS))
    text = F.String(required=True)


class MatchOut(ma.Schema):
    first = F.Nested(PassageOut, required=True)
    second = F.Nested(PassageOut, required=True)
    score = F.Float(required=True)


class PairOut(ma.Schema):
    first = F.Nested(PairProjectOut, required=True)
    second = F.Nested(PairProjectOut, required=True)
    score = F.Float(required=True, metadata={"description": "cosine similarity, 0–1"})
    passages = F.List(F.Nested(MatchOut), required=True)


class DuplicatesSchema(ma.Schema):
    """Pairs of projects of different sessions that read alike, the most similar first."""

    threshold = F.Integer(required=True)
    sessions = F.Integer(required=True, metadata={"description": "sessions compared"})
    pairs = F.List(F.Nested(PairOut), required=True)


def _project(project) -> dict:
    return {"id": project.id, "title": project.title, "session": project.strategic_session.slug}


def pair_data(pair: queries.ShownPair) -> dict:
    """A pair with its projects and the matching passages side by side."""
    return {
        "first": _project(pair.first),
        "second": _project(pair.second),
        "score": pair.score,
        "passages": [
            {
                "first": {"field": m.first.field, "text": m.first.text},
                "second": {"field": m.second.field, "text": m.second.text},
                "score": m.score,
            }
            for m in pair.passages
        ],
    }


@blp.get("/duplicates")
@blp.arguments(DuplicatesQuery, location="query")
@blp.response(200, DuplicatesSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(403, schema=ErrorSchema)
def duplicates(query: dict):
    """The pairs among the sessions you read as portfolio (every session for an admin)."""
    user = api_user()
    strategic_sessions = queries.readable_sessions(user)
    if strategic_sessions is None:
        abort(403, message=_("Your account reads no portfolio."))
    percent = query.get("threshold") or round(DEFAULT_THRESHOLD * 100)
    pairs = queries.duplicate_pairs(
        strategic_sessions, percent / 100, queries.compared_states(user)
    )
    return {
        "threshold": percent,
        "sessions": len(strategic_sessions),
        "pairs": [pair_data(pair) for pair in queries.shown_pairs(pairs)],
    }
