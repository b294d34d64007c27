"""Routes of the duplicate pairs across sessions: only admins for now (the portfolio readers'
grants replace ``similarity.queries.readable_sessions``)."""

from flask import url_for

from . import Route

ROUTES = {
    ("similarity.duplicates", "GET"): Route(
        url=lambda w, o: url_for("similarity.duplicates"), allowed=frozenset({"admin"})
    ),
}
