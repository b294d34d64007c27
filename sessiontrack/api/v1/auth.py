"""Who an API request is: the user of the personal API token it presents.

``Authorization: Bearer <token>`` is the only way in; a browser's log-in cookie is ignored (the
API's user is set for the request before anything reads it). The body is bounded and parsed
once here, so that hostile JSON (too large, too deep, not UTF-8, lone surrogates) is a 400 or
413, never an error deeper down.
"""

import json
from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _

from ...extensions import login_manager
from .. import tokens

SCHEME_DESCRIPTION = (
    "A personal API token made on the account page (API tokens), sent as "
    "`Authorization: Bearer st_…`. A read token reads; a read and write token also writes."
)
BODY_MAX = 256 * 1024  # bytes: a passport with 60 rows of each part fits several times


def authenticate_request():
    """Before each API request: bound and check the body, then find the token's user.

    :raise 401: without a valid, unrevoked token of an active user.
    """
    request.max_content_length = BODY_MAX
    token = _token_presented()
    # Flask-Login's user for this request only: the token's, whatever cookie came along.
    login_manager._update_request_context_with_user(token.user if token else None)
    g.api_token = token
    if token is None:
        abort(401, _("Send a valid personal API token: Authorization: Bearer <token>."))
    if request.method != "GET":
        _check_body()
    return None


def _token_presented():
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return tokens.authenticate(secret.strip())


def _check_body() -> None:
    """A JSON body must be valid UTF-8 JSON whose strings the database can store."""
    data = request.get_data(cache=True)
    if not data:
        return
    try:
        parsed = json.loads(data.decode("utf-8"))
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError, UnicodeError):
        abort(400, _("The body is not valid JSON in UTF-8."))


def writes(view):
    """The view writes: it needs a read and write token.

    :raise 403: for a read token.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not g.api_token.writes:
            abort(403, _("This token may only read. Make a read and write token to write."))
        return view(*args, **kwargs)

    return wrapped


def api_user():
    """The user whose token the current API request presents."""
    return g.api_token.user
