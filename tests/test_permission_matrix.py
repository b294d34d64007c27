"""Every route of the app × every role, against real objects (see tests/matrix/__init__.py)."""

import importlib
import pkgutil

import pytest
from flask import url_for

from sessiontrack.api.models import TokenScope
from sessiontrack.extensions import db

from . import matrix
from .api_support import bearer
from .conftest import AuthActions
from .matrix import ROLES, Actor
from .matrix.api import api_token
from .matrix.world import build_world


def _modules():
    return [
        importlib.import_module(f"{matrix.__name__}.{info.name}")
        for info in pkgutil.iter_modules(matrix.__path__)
        if info.name != "world"
    ]


def _table() -> dict:
    table = {}
    for module in _modules():
        for key, route in getattr(module, "ROUTES", {}).items():
            assert key not in table, f"{key} is listed twice"
            table[key] = route
    return table


TABLE = _table()
EXTENDERS = [m.extend_world for m in _modules() if hasattr(m, "extend_world")]


def _app_routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_of_the_app_is_in_the_matrix(app):
    missing = sorted(_app_routes(app) - set(TABLE))
    stale = sorted(set(TABLE) - _app_routes(app))
    assert not missing, f"routes without a permission-matrix entry: {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def test_the_completeness_check_catches_a_new_route(app):
    """The check above fails for a route added without an entry (shown on a copy of the app)."""
    app.add_url_rule("/unclassified", "unclassified", lambda: "x")
    assert ("unclassified", "GET") in _app_routes(app) - set(TABLE)


def test_the_walk_catches_a_facilitator_of_another_session_let_in(app, monkeypatch):
    """Were roles read without their session, the facilitator of the other session would run
    this one: the walk reports it (shown by breaking the check on purpose)."""
    from sessiontrack.auth.models import User

    world = build_world(EXTENDERS)
    monkeypatch.setattr(
        User, "roles_in", lambda user, _session: {p.role for p in user.participations}
    )
    problems = _check_route(app, world, ("review.overview", "GET"))
    assert any("as other_facilitator: got 200" in problem for problem in problems), problems


def test_the_walk_catches_a_conflicted_expert_let_in(app, monkeypatch):
    """Were conflicts of interest ignored, the conflicted expert would open their scorecard of
    the project they have a conflict with: the walk reports it."""
    from sessiontrack.review import permissions

    world = build_world(EXTENDERS)
    monkeypatch.setattr(permissions, "is_conflicted", lambda _expert, _project: False)
    problems = _check_route(app, world, ("review.scorecard", "GET"))
    assert any("as conflicted_expert: got 200" in problem for problem in problems), problems


def test_the_walk_catches_a_write_that_changes_nothing(app, monkeypatch):
    """Were a view's work never committed (while it still answers with a redirect), the walk
    reports the allowed write that changed nothing (shown by turning commits into rollbacks)."""
    from sqlalchemy.orm import Session

    world = build_world(EXTENDERS)
    monkeypatch.setattr(Session, "commit", Session.rollback)
    problems = _check_route(app, world, ("agenda.new_decision", "POST"))
    assert any("as facilitator: got 302: the write changed nothing" in p for p in problems), (
        problems
    )


def _request(client, method: str, url: str, data: dict | None, api_headers=None):
    if api_headers is not None:
        return client.open(url, method=method, json=data, headers=api_headers)
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data=data or {})


def _client_as(app, world, route, role: str, scope=TokenScope.WRITE):
    """A test client acting as ``role``: logged in, or for an API route the headers that
    present the role's token of ``scope`` (none for anonymous)."""
    client = app.test_client()
    user = world.users.get(role)
    if route.api:
        return client, (bearer(api_token(world, role, scope)) if user else {})
    if user is not None:
        AuthActions(client).login(user)
    return client, None


def _read_token_refused(app, world, route, role: str, key) -> list[str]:
    """An allowed API write sent with the role's read-only token: 403, nothing changed."""
    client, headers = _client_as(app, world, route, role, TokenScope.READ)
    actor = Actor(role, world.users[role], client)
    with app.test_request_context():
        if route.prepare:
            route.prepare(world, world.here)
        url = route.role_urls.get(role, route.url)(world, world.here)
        data = route.data(world, world.here) if route.data else None
        before = route.effect(world, world.here, actor)
    response = _request(client, key[1], url, data, headers)
    response.close()
    db.session.expire_all()
    with app.test_request_context():
        after = route.effect(world, world.here, actor)
    where = f"{key} as {role} with a read token: got {response.status_code}"
    if response.status_code != 403:
        return [where]
    return [f"{where}: it changed {before!r} to {after!r}"] if after != before else []


def _assert_outcome(response, expected, role: str, key) -> None:
    status = response.status_code
    where = f"{key} as {role}: got {status}"
    assert status != 500, where
    if expected == "ok":
        assert status < 400 or status in (409, 422), where
        if status in (301, 302, 303):
            assert "/auth/login" not in response.headers.get("Location", ""), where
    elif expected == "login":
        assert status == 302 and "/auth/login" in response.headers["Location"], where
    else:
        assert status == expected, where


def _is_write(key, route, role) -> bool:
    """A request whose effect the walk checks: a write by a role allowed to make it."""
    return key[1] != "GET" and route.expected(role) == "ok"


def _assert_effect(route, response, before, after, role: str, key) -> None:
    """An allowed write succeeds and changes what its ``effect`` reads; a refused one (stated
    with its reason in ``refused``) is answered politely and changes nothing."""
    status = response.status_code
    where = f"{key} as {role}: got {status}"
    if role in route.refused:
        where += f", expected a refusal ({route.refused[role]})"
        assert status in (302, 303, 409, 422), where
        assert after == before, f"{where}: it changed {before!r} to {after!r}"
        return
    assert 200 <= status < 400, f"{where}: an allowed write must succeed"
    assert after != before, f"{where}: the write changed nothing ({before!r})"


def _check_route(app, world, key) -> list[str]:
    """Walk one route for every role; return what went wrong."""
    route = TABLE[key]
    _endpoint, method = key
    problems = []
    # Denied roles first, so that allowed ones changing state do not hide a denial.
    for role in sorted(ROLES, key=lambda role: route.expected(role) == "ok"):
        write = _is_write(key, route, role)
        if route.api and write:
            problems += _read_token_refused(app, world, route, role, key)
        client, api_headers = _client_as(app, world, route, role)
        user = world.users.get(role)
        actor = Actor(role, user, client)
        with app.test_request_context():
            if route.prepare:
                route.prepare(world, world.here)
            url = route.role_urls.get(role, route.url)(world, world.here)
            data = route.data(world, world.here) if route.data else None
            before = route.effect(world, world.here, actor) if write else None
        response = _request(client, method, url, data, api_headers)
        try:
            _assert_outcome(response, route.expected(role), role, key)
            if write:
                db.session.expire_all()
                with app.test_request_context():
                    after = route.effect(world, world.here, actor)
                _assert_effect(route, response, before, after, role, key)
        except AssertionError as error:
            problems.append(str(error).splitlines()[0])
        finally:
            # A streamed download (a CSV) holds its request's context until it is closed, as
            # a server closes every response.
            response.close()
    return problems


def test_every_write_states_its_effect():
    """Each write some role may make names what it changes (``effect``), and every refusal it
    expects names its reason: the walk then checks that the write took place."""
    missing = sorted(
        key
        for key, route in TABLE.items()
        if key[1] != "GET"
        and route.effect is None
        and any(route.expected(role) == "ok" for role in ROLES)
    )
    assert not missing, f"writes without an effect: {missing}"
    unknown = sorted(
        (key, role)
        for key, route in TABLE.items()
        for role in route.refused
        if route.expected(role) != "ok" or not route.refused[role]
    )
    assert not unknown, f"refusals of roles the route does not allow, or without reason: {unknown}"


def test_every_page_for_every_role(app):
    """GET routes change nothing (see test_hardening), so one world serves them all — but a
    page shown only in a state its ``prepare`` puts the session in (it commits) gets a world
    of its own, so that the pages after it are walked in the world as built."""
    world = build_world(EXTENDERS)
    problems = []
    for key in sorted(k for k in TABLE if k[1] == "GET"):
        page_world = build_world(EXTENDERS) if TABLE[key].prepare else world
        problems += _check_route(app, page_world, key)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "key", sorted(k for k in TABLE if k[1] != "GET"), ids=lambda k: f"{k[0]}:{k[1]}"
)
def test_every_action_for_every_role(app, key):
    """Actions change state, so each gets a world of its own."""
    world = build_world(EXTENDERS)
    problems = _check_route(app, world, key)
    assert not problems, "\n".join(problems)


def _routes_with_ids() -> list:
    """Entries whose URL names an object beyond the session (by the URL rule's arguments)."""
    from sessiontrack import create_app

    url_map = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}).url_map
    keys = []
    for key, route in sorted(TABLE.items()):
        arguments = set()
        try:
            for rule in url_map.iter_rules(key[0]):
                arguments |= rule.arguments
        except KeyError:  # a stale entry: the completeness test reports it
            continue
        if route.has_ids if route.has_ids is not None else bool(arguments - {"slug"}):
            keys.append(key)
    return keys


def test_objects_of_another_session_are_not_reachable(app):
    """The session's own facilitator, putting another session's ids in a URL, gets 404.

    A 404 changes nothing, so one world serves every route.
    """
    world = build_world(EXTENDERS)
    problems = []
    for key in _routes_with_ids():
        route = TABLE[key]
        _endpoint, method = key
        for role in ("facilitator", "admin"):
            client, api_headers = _client_as(app, world, route, role)
            with app.test_request_context():
                url = route.url(world, world.there)
                data = route.data(world, world.there) if route.data else None
            response = _request(client, method, url, data, api_headers)
            if response.status_code != 404:
                problems.append(f"{key} as {role} with foreign ids {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_urls_are_built_with_the_session_under_test(app):
    world = build_world(EXTENDERS)
    with app.test_request_context():
        assert url_for("sessions.overview", slug=world.slug).startswith(f"/s/{world.slug}/")
