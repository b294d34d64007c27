"""Routes of the JSON API (each role presents its own personal API token) and of the account's
token page."""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.api import tokens
from sessiontrack.api.models import ApiToken, TokenScope
from sessiontrack.extensions import db
from sessiontrack.projects.models import Project, ProjectState

from . import EVERYONE_IN_SESSION, FACILITATION, GROUP, LOGGED_IN, Route, refuse
from .effects import of, rows, unique
from .projects import FRESH_STATE, WRITERS, _fresh_project


def api_token(world, role: str, scope: TokenScope) -> str:
    """The secret of ``role``'s token of ``scope`` in ``world`` (made once, committed)."""
    kept = world.__dict__.setdefault("api_tokens", {})
    if (role, scope) not in kept:
        _token, kept[(role, scope)] = tokens.create_token(
            world.users[role], f"{role} {scope.value}", scope
        )
        db.session.commit()
    return kept[(role, scope)]


def extend_world(world) -> None:
    """A token each user may revoke on the token page."""
    world.revocable = {
        role: tokens.create_token(user, "revocable", TokenScope.READ)[0]
        for role, user in world.users.items()
    }


def _api(url, **fields) -> Route:
    return Route(url=url, api=True, **fields)


def _project(attribute: str):
    return lambda w, o: url_for(
        "api_projects.project", slug=w.slug, project_id=getattr(o, attribute).id
    )


def _own_tokens(w, o, actor):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ApiToken).where(ApiToken.user_id == actor.user.id)
    )


def _revoked(w, o, actor):
    return db.session.scalar(
        sa.select(ApiToken.revoked_at).where(ApiToken.id == w.revocable[actor.role].id)
    )


def _revoke_url(role: str):
    return lambda w, o: url_for("api_tokens.revoke", token_id=w.revocable[role].id)


ROUTES = {
    # -- the JSON API ----------------------------------------------------------------------------
    ("api-docs.openapi_json", "GET"): Route(
        url=lambda w, o: url_for("api-docs.openapi_json"), public=True
    ),
    ("api_docs.docs", "GET"): Route(url=lambda w, o: url_for("api_docs.docs"), public=True),
    ("api_sessions.sessions", "GET"): _api(
        url=lambda w, o: url_for("api_sessions.sessions"), allowed=LOGGED_IN
    ),
    ("api_sessions.session", "GET"): _api(
        url=lambda w, o: url_for("api_sessions.session", slug=w.slug),
        allowed=EVERYONE_IN_SESSION,
    ),
    # The review is open, not published: only the facilitators see the (interim) results.
    ("api_sessions.results", "GET"): _api(
        url=lambda w, o: url_for("api_sessions.results", slug=w.slug), allowed=FACILITATION
    ),
    ("api_projects.projects", "GET"): _api(
        url=lambda w, o: url_for("api_projects.projects", slug=w.slug),
        allowed=EVERYONE_IN_SESSION,
    ),
    # As the passport page: observers read it only once the projects are published.
    ("api_projects.project", "GET"): _api(
        url=_project("accepted_project"), allowed=EVERYONE_IN_SESSION - {"observer"}
    ),
    ("api_projects.create", "POST"): _api(
        url=lambda w, o: url_for("api_projects.create", slug=w.slug),
        allowed=WRITERS,
        data=lambda w, o: {"title": "Matrix project", "working_group_id": o.group.id},
        effect=rows(Project),
        refused=refuse({"other_member"}, "a member of another group may not write into this one"),
    ),
    ("api_projects.update", "PUT"): _api(
        url=lambda w, o: url_for("api_projects.update", slug=w.slug, project_id=o.draft_project.id),
        allowed=GROUP,
        data=lambda w, o: {
            "title": unique("Renamed project"),
            "working_group_id": o.group.id,
            "version": db.session.get(Project, o.draft_project.id).version_id,
        },
        effect=of(Project, lambda o: o.draft_project, Project.title),
    ),
    ("api_projects.submit", "POST"): _api(
        url=lambda w, o: url_for(
            "api_projects.submit",
            slug=w.slug,
            project_id=_fresh_project(o, ProjectState.DRAFT).id,
        ),
        allowed=GROUP,
        data=lambda w, o: {},
        effect=FRESH_STATE,
    ),
    # The matrix's roles read no portfolio but the admin's (``tests/matrix/portfolio.py``), nor
    # the similar projects.
    ("api_portfolio.portfolio", "GET"): _api(
        url=lambda w, o: url_for("api_portfolio.portfolio"),
        allowed=frozenset({"admin"}),
        has_ids=False,
    ),
    ("api_duplicates.duplicates", "GET"): _api(
        url=lambda w, o: url_for("api_duplicates.duplicates"),
        allowed=frozenset({"admin"}),
        has_ids=False,
    ),
    # -- the account's token page ----------------------------------------------------------------
    ("api_tokens.index", "GET"): Route(
        url=lambda w, o: url_for("api_tokens.index"), allowed=LOGGED_IN
    ),
    ("api_tokens.index", "POST"): Route(
        url=lambda w, o: url_for("api_tokens.index"),
        allowed=LOGGED_IN,
        data=lambda w, o: {"name": unique("Matrix token"), "scope": "read"},
        effect=_own_tokens,
    ),
    ("api_tokens.revoke", "POST"): Route(
        url=lambda w, o: url_for("api_tokens.revoke", token_id=w.revocable["admin"].id),
        role_urls={role: _revoke_url(role) for role in LOGGED_IN},
        allowed=LOGGED_IN,
        effect=_revoked,
        has_ids=False,
    ),
}
