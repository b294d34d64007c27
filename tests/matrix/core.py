"""Routes of the foundation: home, language, log-in, session front page, read-only lists."""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.auth.models import User
from sessiontrack.extensions import db
from sessiontrack.i18n import LANGUAGE_KEY

from .. import factories
from . import EVERYONE_IN_SESSION, LOGGED_IN, ROLES, Route, refuse
from .effects import client_session


def _password_hash(w, o, actor):
    return db.session.scalar(sa.select(User.password_hash).where(User.id == actor.user.id))


def _new_password(w, o):
    password = f"new-{factories.PASSWORD}"
    return {"current_password": factories.PASSWORD, "new_password": password, "confirm": password}


ROUTES = {
    ("home.index", "GET"): Route(url=lambda w, o: url_for("home.index"), allowed=LOGGED_IN),
    ("core.set_language", "POST"): Route(
        url=lambda w, o: url_for("core.set_language"),
        public=True,
        data=lambda w, o: {"language": "en"},
        effect=client_session(LANGUAGE_KEY),
    ),
    ("auth.login", "GET"): Route(url=lambda w, o: url_for("auth.login"), public=True),
    ("auth.login", "POST"): Route(
        url=lambda w, o: url_for("auth.login"),
        public=True,
        data=lambda w, o: {"email": w.users["observer"].email, "password": factories.PASSWORD},
        effect=client_session("_user_id"),
        refused=refuse(LOGGED_IN, "already logged in: sent to the home page, still themselves"),
    ),
    # Logging out sends everyone to the log-in page.
    ("auth.logout", "POST"): Route(
        url=lambda w, o: url_for("auth.logout"), outcomes=dict.fromkeys(ROLES, "login")
    ),
    ("auth.change_password", "GET"): Route(
        url=lambda w, o: url_for("auth.change_password"), allowed=LOGGED_IN
    ),
    ("auth.change_password", "POST"): Route(
        url=lambda w, o: url_for("auth.change_password"),
        allowed=LOGGED_IN,
        data=_new_password,
        effect=_password_hash,
    ),
    ("sessions.overview", "GET"): Route(
        url=lambda w, o: url_for("sessions.overview", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("people.participants", "GET"): Route(
        url=lambda w, o: url_for("people.participants", slug=w.slug),
        allowed=EVERYONE_IN_SESSION,
    ),
    ("people.organisations", "GET"): Route(
        url=lambda w, o: url_for("people.organisations", slug=w.slug),
        allowed=EVERYONE_IN_SESSION,
    ),
    ("agenda.index", "GET"): Route(
        url=lambda w, o: url_for("agenda.index", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("projects.index", "GET"): Route(
        url=lambda w, o: url_for("projects.index", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("projects.show", "GET"): Route(
        url=lambda w, o: url_for("projects.show", slug=w.slug, project_id=o.accepted_project.id),
        # The accepted project: group members, experts (a conflicted one too: only scoring is
        # closed to them) and facilitators read it; observers only once projects are published.
        allowed=EVERYONE_IN_SESSION - {"observer"},
    ),
}
