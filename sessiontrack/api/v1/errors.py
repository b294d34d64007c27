"""The API's errors, as JSON: ``{"code", "status", "message", "field", "errors"}``.

``message`` is for people (in the token user's language), ``field`` names the part of the
request it concerns (``null``: the request as a whole), ``errors`` lists every field's
messages when the body or the query was refused field by field (webargs' validation).
"""

import marshmallow as ma
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from ...core.errors import DomainError

LOCATIONS = ("json", "query", "path", "headers", "form")
DEFAULT_MESSAGES = {
    403: _l("Your role in this session does not allow this."),
    404: _l("There is no such thing here, or not for you."),
    405: _l("This method is not available here."),
    413: _l("The body is too large."),
    500: _l("Something went wrong on the server."),
}


class ErrorSchema(ma.Schema):
    """An API error."""

    code = ma.fields.Integer(required=True, metadata={"description": "the HTTP status"})
    status = ma.fields.String(required=True, metadata={"description": "the HTTP status name"})
    message = ma.fields.String(required=True, metadata={"description": "what went wrong"})
    field = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "the field it concerns"}
    )
    errors = ma.fields.Dict(metadata={"description": "each field's messages"})


def payload(code: int, message: str, field: str | None = None, errors=None) -> dict:
    """The body of an error answer."""
    body = {
        "code": code,
        "status": HTTP_STATUS_CODES.get(code, "Error"),
        "message": str(message),
        "field": field,
    }
    if errors:
        body["errors"] = errors
    return body


def _first_field(errors, prefix: str = "") -> str | None:
    """The dotted path of the first field in webargs' nested messages."""
    if not isinstance(errors, dict) or not errors:
        return prefix or None
    key = next(iter(errors))
    path = f"{prefix}.{key}" if prefix else str(key)
    return _first_field(errors[key], path)


def http_error(error: HTTPException):
    """An HTTP error raised in an API view (``abort``, webargs' validation)."""
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in LOCATIONS:
        errors = next(iter(errors.values()))  # {"json": {...}} → {...}
    if data.get("message"):
        message = str(data["message"])
    elif errors:
        message = _("The request is not valid: see the fields named.")
    elif error.description and error.description != type(error).description:
        message = error.description
    else:
        message = str(DEFAULT_MESSAGES.get(error.code, "")) or HTTP_STATUS_CODES.get(
            error.code, "Error"
        )
    headers = {"WWW-Authenticate": "Bearer"} if error.code == 401 else {}
    return payload(error.code, message, _first_field(errors), errors), error.code, headers


def domain_error(error: DomainError):
    """A refusal by a service, with its status and the field it names."""
    return payload(error.status, error.message, error.field), error.status


def register(blueprint) -> None:
    """Answer errors of ``blueprint``'s requests as JSON."""
    blueprint.register_error_handler(HTTPException, http_error)
    # A handler for a status code comes before one for a class: the app's error pages for 403,
    # 404, ... would win over the line above.
    for code in default_exceptions:
        blueprint.register_error_handler(code, http_error)
    blueprint.register_error_handler(DomainError, domain_error)
