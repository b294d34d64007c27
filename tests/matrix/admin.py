"""Routes of the administration area: only admins, whatever their roles in sessions."""

import itertools

import sqlalchemy as sa
from flask import url_for

from sessiontrack.auth.models import User
from sessiontrack.extensions import db
from sessiontrack.people.models import Participant, ParticipantRole
from sessiontrack.sessions.models import StrategicSession

from .. import factories
from . import Route
from .effects import all_rows, of, unique

ADMIN = frozenset({"admin"})
_numbers = itertools.count(1)


def extend_world(world) -> None:
    """An account that no role of the matrix uses, for the account routes to act on, and a
    deactivated one to reactivate."""
    world.here.extra["spare_user"] = factories.make_user(name="Spare")
    world.here.extra["inactive_user"] = factories.make_user(name="Inactive", active=False)


def _roles_in_session(user):
    """The roles ``user(w)`` holds in the session under test."""

    def probe(w, o, actor):
        account = db.session.get(User, user(w).id)
        return sorted(role.value for role in account.roles_in(o.session))

    return probe


SPARE = lambda o: o.extra["spare_user"]  # noqa: E731


def _spare(endpoint: str, name: str = "spare_user"):
    return lambda w, o: url_for(endpoint, user_id=w.here.extra[name].id)


def _facilitator_url(w, o):
    facilitator = db.session.scalar(
        sa.select(Participant)
        .where(
            Participant.session_id == o.session.id,
            Participant.role == ParticipantRole.FACILITATOR,
        )
        .order_by(Participant.id)
        .limit(1)
    )
    return url_for("admin.remove_facilitator", slug=w.slug, participant_id=facilitator.id)


def _route(url, data=None, **kwargs) -> Route:
    return Route(url=url, allowed=ADMIN, data=data, **kwargs)


ROUTES = {
    ("admin.index", "GET"): _route(lambda w, o: url_for("admin.index")),
    ("admin.new_session", "GET"): _route(lambda w, o: url_for("admin.new_session")),
    ("admin.new_session", "POST"): _route(
        lambda w, o: url_for("admin.new_session"),
        data=lambda w, o: {"slug": f"new-{next(_numbers)}", "title": "New session"},
        effect=all_rows(StrategicSession),
    ),
    ("admin.session", "GET"): _route(lambda w, o: url_for("admin.session", slug=w.slug)),
    ("admin.session", "POST"): _route(
        lambda w, o: url_for("admin.session", slug=w.slug),
        data=lambda w, o: {"email": w.here.extra["spare_user"].email},
        effect=_roles_in_session(lambda w: w.here.extra["spare_user"]),
    ),
    # The generic cross-session check logs in as facilitators too, who get 403 here before
    # any lookup; tests/test_admin.py checks that another session's facilitator gives 404.
    ("admin.remove_facilitator", "POST"): _route(
        _facilitator_url,
        has_ids=False,
        effect=_roles_in_session(lambda w: w.users["facilitator"]),
    ),
    ("admin.users", "GET"): _route(lambda w, o: url_for("admin.users")),
    ("admin.new_user", "GET"): _route(lambda w, o: url_for("admin.new_user")),
    ("admin.new_user", "POST"): _route(
        lambda w, o: url_for("admin.new_user"),
        data=lambda w, o: {"email": f"new{next(_numbers)}@example.org", "name": "New"},
        effect=all_rows(User),
    ),
    ("admin.edit_user", "GET"): _route(_spare("admin.edit_user"), has_ids=False),
    ("admin.edit_user", "POST"): _route(
        _spare("admin.edit_user"),
        data=lambda w, o: {"email": w.here.extra["spare_user"].email, "name": unique("Renamed")},
        has_ids=False,
        effect=of(User, SPARE, User.name),
    ),
    ("admin.deactivate_user", "POST"): _route(
        _spare("admin.deactivate_user"), has_ids=False, effect=of(User, SPARE, User.active)
    ),
    ("admin.reactivate_user", "POST"): _route(
        _spare("admin.reactivate_user", "inactive_user"),
        has_ids=False,
        effect=of(User, lambda o: o.extra["inactive_user"], User.active),
    ),
    ("admin.reset_password", "POST"): _route(
        _spare("admin.reset_password"), has_ids=False, effect=of(User, SPARE, User.password_hash)
    ),
}
