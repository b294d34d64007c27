"""A property-based fuzzer over every form of the app (issue: trust).

For each POST route of the permission matrix that has a form page (the same URL answers GET
with a ``<form method="post">``), hypothesis posts generated input as a user allowed to use it:
empty, huge, Unicode edge cases, wrong types, out-of-range numbers and dates, values outside a
select's options, missing and duplicated fields. Whatever it sends:

- the app never answers 5xx (nor 400: no view may trip over a missing field);
- a refused form (422, or 200 re-rendering the form) shows a message at a field, and the
  database is unchanged (row counts of every table).
"""

import os
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from sessiontrack.extensions import db

from .conftest import AuthActions
from .matrix import ROLES
from .matrix.world import build_world
from .queries import row_counts
from .test_permission_matrix import EXTENDERS, TABLE

# The role to fuzz each form as: the first of these the route allows.
ROLE_PREFERENCE = ("facilitator", "moderator", "member", "expert", "admin", "observer")
# Examples per form in every run; a deeper run: SESSIONTRACK_FUZZ_EXAMPLES=200 pytest ...
EXAMPLES_PER_FORM = int(os.environ.get("SESSIONTRACK_FUZZ_EXAMPLES", "20"))

EDGE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eRTL\u202c",
    "\u200b",
    "e\u0301" * 50,
    "😀" * 20,
    "<script>alert(1)</script>",
    "=1+1",
    "' OR 1=1 --",
    "Ж" * 5000,
    "x" * 100_000,
]
EDGE_NUMBERS = ["-1", "0", "1e309", "NaN", "99999999999999999999", "1,5", "abc", "-0", "१२"]
EDGE_DATES = ["2018-02-30", "0000-00-00", "9999-12-31", "31.12.2018", "2018-13-01", "yesterday"]


class _FormFields(HTMLParser):
    """Collects the named fields of the POST forms in a page: name → (kind, options)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, tuple[str, list[str]]] = {}
        self._select: str | None = None
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_post_form = (a.get("method") or "").lower() == "post"
        if not self._in_post_form or not a.get("name") or a.get("name") == "csrf_token":
            if tag == "option" and self._select and "value" in a:
                self.fields[self._select][1].append(a["value"] or "")
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            self.fields.setdefault(name, (kind, []))
            if kind in ("checkbox", "radio") and "value" in a:
                self.fields[name][1].append(a["value"])
        elif tag == "textarea":
            self.fields.setdefault(name, ("textarea", []))
        elif tag == "select":
            self.fields.setdefault(name, ("select", []))
            self._select = name

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._in_post_form = False


def _value_strategy(kind: str, options: list[str]):
    text = st.sampled_from(EDGE_TEXT) | st.text(max_size=60)
    numbers = st.sampled_from(EDGE_NUMBERS) | st.integers(-(10**12), 10**12).map(str)
    dates = st.sampled_from(EDGE_DATES) | st.dates().map(str)
    by_kind = {
        "number": numbers | text,
        "date": dates | text,
        "time": st.sampled_from(["25:61", "10:00", "", "noon"]) | text,
        "email": st.sampled_from(["", "a@", "@b", "x" * 300 + "@example.org"]) | text,
    }
    if kind in ("select", "checkbox", "radio") and options:
        return st.sampled_from(options) | st.sampled_from(["999999", "-1", "", "x"]) | text
    return by_kind.get(kind, text | numbers)


@st.composite
def _form_data(draw, fields: dict):
    data = MultiDict()
    for name, (kind, options) in fields.items():
        choice = draw(st.sampled_from(["value", "value", "value", "missing", "duplicate"]))
        if choice == "missing":
            continue
        data.add(name, draw(_value_strategy(kind, options)))
        if choice == "duplicate":
            data.add(name, draw(_value_strategy(kind, options)))
    return data


def _row_counts() -> dict[str, int]:
    return row_counts(db.session)


def _fuzzable():
    keys = []
    for (endpoint, method), route in sorted(TABLE.items()):
        if method != "POST" or (endpoint, "GET") not in TABLE:
            continue
        if route.public or any(r in route.allowed for r in ROLE_PREFERENCE):
            keys.append((endpoint, method))
    return keys


@pytest.mark.slow
@pytest.mark.parametrize("key", _fuzzable(), ids=lambda k: k[0])
@settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_no_form_breaks_or_half_saves(app, key, data):
    route = TABLE[key]
    world = getattr(app, "_fuzz_world", None)
    if world is None:
        world = app._fuzz_world = build_world(EXTENDERS)
    role = next((r for r in ROLE_PREFERENCE if r in route.allowed), None)
    client = app.test_client()
    if role is not None:
        AuthActions(client).login(world.users[role])
    form_page = TABLE[(key[0], "GET")]
    with app.test_request_context():
        if form_page.prepare:  # the state the form page is shown in (e.g. the implementation)
            form_page.prepare(world, world.here)
        url = route.url(world, world.here)
        # The page showing the form (it may need a query string the POST does not, e.g. the
        # projects chosen for moderation).
        page_url = form_page.url(world, world.here)
    page = client.get(page_url)
    # Every example starts from the form page: one that no longer answers 200 (an earlier
    # example moved the state on, or the page broke) would leave the form untested.
    assert page.status_code == 200, (
        f"{key}: the form page {page_url} answered {page.status_code} as {role}, not 200"
    )
    parser = _FormFields()
    parser.feed(page.get_data(as_text=True))
    fields = parser.fields
    form = data.draw(_form_data(fields))
    before = _row_counts()
    response = client.post(url, data=form)
    status = response.status_code
    assert status < 500 and status != 400, f"{key}: {status} for {dict(form.lists())}"
    body = response.get_data(as_text=True)
    if status == 422 or (status == 200 and "invalid-feedback" in body):
        assert "invalid-feedback" in body or "alert-danger" in body, f"{key}: no message"
        db.session.expire_all()
        assert _row_counts() == before, f"{key}: a refused form changed the database"


def _actions():
    """POST routes without a page of their own (buttons and small forms on other pages) that
    take fields: their field names come from the matrix entry's data. (The JSON API's are
    schemathesis's: tests/test_api_schemathesis.py.)"""
    return sorted(
        key
        for key, route in TABLE.items()
        if key[1] == "POST"
        and (key[0], "GET") not in TABLE
        and route.data
        and route.allowed
        and not route.api
    )


@pytest.mark.slow
@pytest.mark.parametrize("key", _actions(), ids=lambda k: k[0])
@settings(
    max_examples=EXAMPLES_PER_FORM // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_no_action_breaks_or_half_saves(app, key, data):
    """The same hostile input for the actions: no 5xx or 400; a refusal (409, 422) saves
    nothing."""
    route = TABLE[key]
    world = getattr(app, "_fuzz_world", None)
    if world is None:
        world = app._fuzz_world = build_world(EXTENDERS)
    role = next(r for r in (*ROLE_PREFERENCE, *sorted(route.allowed)) if r in route.allowed)
    client = app.test_client()
    AuthActions(client).login(world.users[role])
    with app.test_request_context():
        url = route.url(world, world.here)
        fields = {name: ("text", []) for name in route.data(world, world.here)}
    form = data.draw(_form_data(fields))
    before = _row_counts()
    response = client.post(url, data=form)
    status = response.status_code
    assert status < 500 and status != 400, f"{key}: {status} for {dict(form.lists())}"
    if status in (409, 422):
        db.session.expire_all()
        assert _row_counts() == before, f"{key}: a refused action changed the database"


def test_the_fuzzer_covers_the_forms():
    assert ("auth.change_password", "POST") in _fuzzable()
    assert len(ROLES) == 10


# Every query parameter a page reads (filters, pagination, choices of a view).
QUERY_PARAMETERS = [
    "q",
    "page",
    "per_page",
    "a",
    "b",
    "by",
    "expert",
    "interim",
    "kind",
    "method",
    "next",
    "separator",
    "source",
    "status",
    "object_type",
    "user",
    "organisation",
    "role",
    "group",
    "direction",
    "state",
    "scope",
    "action",
    "project_ids",
]
HOSTILE_QUERY_VALUES = ["\x00<b>'", "-1", "99999999999999999999", "1e309"]


@pytest.mark.slow
def test_no_query_string_breaks_a_page(app):
    """Every page, every parameter it might read set to NUL, a negative number, a number too
    large for the database, a float: never a server error (the filters refuse them)."""
    world = build_world(EXTENDERS)
    problems = []
    for key in sorted(k for k in TABLE if k[1] == "GET"):
        route = TABLE[key]
        role = next((r for r in ROLE_PREFERENCE if r in route.allowed), None)
        client = app.test_client()
        if role is not None:
            AuthActions(client).login(world.users[role])
        with app.test_request_context():
            url = route.url(world, world.here)
        path, _, own_query = url.partition("?")
        for value in HOSTILE_QUERY_VALUES:
            # The page's own arguments stay (the one it needs to exist); the others are hostile.
            query = {**dict.fromkeys(QUERY_PARAMETERS, value), **dict(parse_qsl(own_query))}
            response = client.get(path, query_string=query)
            if response.status_code >= 500 or response.status_code == 400:
                problems.append(f"{key} with {value!r}: {response.status_code}")
    assert not problems, "\n".join(problems)
