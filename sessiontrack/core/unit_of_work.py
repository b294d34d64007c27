"""One commit per request.

Views and services change the session's objects and never commit; :func:`install` wraps every
view so that a request that ends well (a status below 400) is committed once, and one that ends
in an error page, a re-rendered form (4xx) or an exception is rolled back. A commit the database
refuses (a unique constraint met by a second click) reaches the error handlers like any other
exception of the view, and the messages the view flashed for its success are taken back.

Work that must wait until the request's changes are visible to others (a background job
reading the row just written) is handed to :func:`after_commit`.
"""

from functools import wraps

from flask import Flask, current_app, g, session

from ..extensions import db


def after_commit(callback) -> None:
    """Call ``callback()`` once this request's changes are committed (never if they are not)."""
    g.setdefault("after_commit", []).append(callback)


def _committed(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code >= 400:
                db.session.rollback()
                return response
            db.session.commit()
        except BaseException:
            db.session.rollback()
            session.pop("_flashes", None)
            raise
        for callback in g.pop("after_commit", []):
            callback()
        return response

    wrapped.in_unit_of_work = True
    return wrapped


def install(app: Flask) -> None:
    """Wrap every view of ``app`` registered so far in the unit of work (once)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static" and not getattr(view, "in_unit_of_work", False):
            app.view_functions[endpoint] = _committed(view)
