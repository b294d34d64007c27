"""The permission matrix: every (endpoint, method) of the app × every role, with its outcome.

Each domain area keeps its entries in its own module here (``tests/matrix/<area>.py``) as a
``ROUTES`` dict; ``tests/test_permission_matrix.py`` collects them all, fails for any route of
the URL map that has no entry, and walks every entry for every role against real objects.

An entry::

    ROUTES = {
        ("projects.show", "GET"): Route(
            url=lambda w, o: url_for("projects.show", slug=w.slug,
                                     project_id=o.accepted_project.id),
            allowed=FACILITATION | {"member", "moderator", "other_member", "expert"},
        ),
    }

- ``url(w, o)``: ``w`` is the :class:`World` (``w.slug`` is the session under test), ``o`` the
  objects to put in the URL: the session's own (:class:`SessionObjects`) or, for the
  cross-session check, those of another session — which must then answer 404.
- ``allowed``: roles that may use the route (they get a 2xx/3xx, or 409/422 for a refused form);
  every other logged-in role gets ``denied`` (403 unless given), anonymous users are sent to log in.
- ``data(w, o)``: the POST body (optional: an empty POST must be refused politely, not crash).
- ``outcomes``: per-role overrides, e.g. ``{"observer": 404}``.
- ``role_urls``: per-role URLs, for a role whose own object is the one to check, e.g. the
  conflicted expert asking for their own scorecard of the project they have a conflict with.
- ``public=True``: routes anyone may open (the login page).
- ``has_ids``: set False when the URL names no object beyond the session (skips the
  cross-session check); by default it is derived from the URL rule's arguments.
- ``effect(w, o, actor)``: for a write (any method but GET), what it changes, read cheaply
  from the database (or the client's session) before and after each allowed role's request:
  an allowed write must succeed (2xx/3xx) and change it. ``actor`` is the :class:`Actor`
  sending the request. Every allowed write declares one (see ``tests/matrix/effects.py``).
- ``refused``: ``{role: reason}`` for allowed roles whose write is expected to be refused
  (409/422, or a redirect with a message) and to change nothing; the reason says why.
- ``api=True``: a route of the JSON API: each role sends its own personal API token (a read
  and write one) instead of logging in, and a JSON body; no token answers 401. An allowed
  write is also sent with the role's read-only token first, which must be refused (403) and
  change nothing.
- ``prepare(w, o)``: puts the session under test in the state the request starts from before
  each role's request (e.g. the review open again before "close the review", the session in
  implementation before a progress report's correction form); it commits.

A module may also define ``extend_world(world)`` to add objects its routes need (it runs for
both sessions: ``world.here`` and ``world.there``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "observer",
    "other_member",
    "member",
    "moderator",
    "expert",
    "conflicted_expert",
    "other_facilitator",
    "facilitator",
    "admin",
)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
FACILITATION = frozenset({"facilitator", "admin"})
GROUP = frozenset({"member", "moderator"})
EVERYONE_IN_SESSION = (
    FACILITATION
    | GROUP
    | {
        "other_member",
        "observer",
        "expert",
        "conflicted_expert",
    }
)


@dataclass
class Route:
    url: Callable
    allowed: frozenset | set = frozenset()
    data: Callable | None = None
    denied: int = 403
    outcomes: dict = field(default_factory=dict)
    role_urls: dict = field(default_factory=dict)
    public: bool = False
    has_ids: bool | None = None
    effect: Callable | None = None
    refused: dict = field(default_factory=dict)
    prepare: Callable | None = None
    api: bool = False

    def expected(self, role: str):
        """What ``role`` should get: ``"ok"``, ``"login"`` or an HTTP status."""
        if role in self.outcomes:
            return self.outcomes[role]
        if self.public or role in self.allowed:
            return "ok"
        if role == "anonymous":
            return 401 if self.api else "login"
        return self.denied


def refuse(roles, reason: str) -> dict:
    """``refused`` for ``roles``, all for the same reason."""
    return dict.fromkeys(roles, reason)


@dataclass
class Actor:
    """Who sends the request being checked: the role, its user (None when anonymous) and the
    test client logged in as them."""

    role: str
    user: object
    client: object


@dataclass
class SessionObjects:
    """One session with one of everything the routes may name."""

    session: object = None
    direction: object = None
    group: object = None
    other_group: object = None
    organisation: object = None
    participant: object = None
    draft_project: object = None
    returned_project: object = None
    submitted_project: object = None
    accepted_project: object = None
    criterion: object = None
    expert: object = None
    conflicted_expert: object = None
    scorecard: object = None
    conflict: object = None
    agenda_item: object = None
    talk: object = None
    decision: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    here: SessionObjects
    there: SessionObjects
    users: dict

    @property
    def slug(self) -> str:
        return self.here.session.slug
