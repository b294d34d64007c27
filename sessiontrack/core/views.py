"""Language switch, error pages."""

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden

from ..core.errors import DomainError
from ..core.forms import LanguageForm, size_text
from ..core.unique import is_unique_violation
from ..core.urls import is_safe_next, same_site_path
from ..extensions import db
from ..i18n import LANGUAGE_KEY

bp = Blueprint("core", __name__)


@bp.post("/language")
def set_language():
    form = LanguageForm()
    language = form.language.data
    if form.validate_on_submit() and language in current_app.config["LANGUAGES"]:
        session[LANGUAGE_KEY] = language
        if current_user.is_authenticated:
            current_user.locale = language
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("home.index"))


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return render_template(
        "errors/error.html",
        code=400,
        message=_("The form has expired or was not sent from this site. Please try again."),
    ), 400


@bp.app_errorhandler(403)
def forbidden(error):
    """The reason given to ``abort(403, reason)``, or the general one."""
    message = error.description
    if message == Forbidden.description:
        message = _("You are not allowed to open this page.")
    return render_template("errors/error.html", code=403, message=message), 403


@bp.app_errorhandler(404)
def not_found(error):
    return render_template("errors/error.html", code=404, message=_("Page not found.")), 404


@bp.app_errorhandler(405)
def method_not_allowed(error):
    return render_template(
        "errors/error.html", code=405, message=_("This action is not available here.")
    ), 405


# A refused upload is read to its end (and thrown away) up to this many times the limit, so
# that the browser, still sending, reads the page below rather than a reset connection.
DISCARD_UP_TO = 4


@bp.app_errorhandler(413)
def too_large(error):
    """A request above ``MAX_CONTENT_LENGTH`` (a huge upload): say the limit, offer the way
    back to the form. Each upload field has its own, lower limit, told at the field."""
    _discard_the_upload()
    return render_template(
        "errors/error.html",
        code=413,
        message=_(
            "The file is too large: at most %(size)s can be sent at once. "
            "Nothing was saved. Choose a smaller file and try again.",
            size=size_text(current_app.config["MAX_CONTENT_LENGTH"]),
        ),
        back=same_site_path(request.referrer),
    ), 413


def _discard_the_upload() -> None:
    stream = request.environ.get("wsgi.input")
    limit = current_app.config["MAX_CONTENT_LENGTH"] or 0
    remaining = min(request.content_length or 0, DISCARD_UP_TO * limit)
    while stream is not None and remaining > 0:
        chunk = stream.read(min(remaining, 64 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)


@bp.app_errorhandler(429)
def too_many_requests(error):
    return render_template(
        "errors/error.html",
        code=429,
        message=_("Too many attempts. Please wait a few minutes and try again."),
    ), 429


@bp.app_errorhandler(DomainError)
def refused(error: DomainError):
    """A refusal no view showed at its form: its message on the error page, with its status."""
    db.session.rollback()
    return render_template(
        "errors/error.html",
        code=error.status,
        message=error.message,
        back=same_site_path(request.referrer),
    ), error.status


@bp.app_errorhandler(sa.exc.IntegrityError)
def duplicate(error):
    """A row a unique constraint holds already: the same form sent twice at once (a double
    click, a second tab). Nothing of this request is kept; the first one's work stands. Any
    other refusal of the database is a fault (500)."""
    if not is_unique_violation(error):
        raise error
    db.session.rollback()
    return render_template(
        "errors/error.html",
        code=409,
        message=_(
            "This was done already: the form was probably sent twice. Nothing more was "
            "saved. Go back and reload the page to see where things stand."
        ),
        back=same_site_path(request.referrer),
    ), 409


@bp.app_errorhandler(500)
def server_error(error):
    """The request's transaction is rolled back; the page says nothing was saved.

    When the database itself is gone, drawing the usual page (which reads the user and their
    language) fails too: a page that needs nothing but the template stands in.
    """
    try:
        db.session.rollback()
        return render_template(
            "errors/error.html",
            code=500,
            message=_("Something went wrong on our side. Nothing was saved; please try again."),
        ), 500
    except Exception:
        current_app.logger.exception("the error page could not be drawn")
        page = current_app.jinja_env.get_template("errors/unavailable.html").render()
        return page, 500
