"""Routes of the foundation: home, language, log-in, session front page, read-only lists."""

from flask import url_for

from . import EVERYONE_IN_SESSION, LOGGED_IN, ROLES, Route

ROUTES = {
    ("home.index", "GET"): Route(url=lambda w, o: url_for("home.index"), allowed=LOGGED_IN),
    ("core.set_language", "POST"): Route(
        url=lambda w, o: url_for("core.set_language"),
        public=True,
        data=lambda w, o: {"language": "en"},
    ),
    ("auth.login", "GET"): Route(url=lambda w, o: url_for("auth.login"), public=True),
    ("auth.login", "POST"): Route(url=lambda w, o: url_for("auth.login"), public=True),
    # Logging out sends everyone to the log-in page.
    ("auth.logout", "POST"): Route(
        url=lambda w, o: url_for("auth.logout"), outcomes=dict.fromkeys(ROLES, "login")
    ),
    ("auth.change_password", "GET"): Route(
        url=lambda w, o: url_for("auth.change_password"), allowed=LOGGED_IN
    ),
    ("auth.change_password", "POST"): Route(
        url=lambda w, o: url_for("auth.change_password"), allowed=LOGGED_IN
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
