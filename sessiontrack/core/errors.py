"""The one error a service raises when a rule of the domain refuses an action.

A service checks its rules and raises :class:`DomainError` with a message for the user, the
form field it concerns (if any) and the HTTP status the refusal answers with: 422 for input the
rules refuse, 409 for a state that moved under the user (a stale version, a step taken
already), 403 for an action this person may not take. Services never commit; the unit of work
(:mod:`.unit_of_work`) rolls the request back when it ends in a refusal.

A view shows a refusal where the user looks: at the field of the form it re-renders
(:func:`show_at_field`), or flashed on the page it redirects to (:func:`flash_refusal`). One
the view does not catch reaches the error page with its status and message.
"""

from flask import flash

from ..extensions import db


class DomainError(Exception):
    """A refusal by a rule of the domain: ``message`` for the user, at ``field`` of the form
    that sent the request (``None``: above the form), answered with HTTP ``status``."""

    status = 422

    def __init__(self, message: str, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


class Conflict(DomainError):
    """The state moved under the user: a stale version, a step another request took (409)."""

    status = 409


class NotAllowed(DomainError):
    """This person may not take this action (403)."""

    status = 403


def show_at_field(form, error: DomainError) -> int:
    """Put the refusal's message at its field of ``form`` (above the form when it names no
    field the form has); the status to re-render the form with."""
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)
    return error.status


def flash_refusal(error: DomainError) -> None:
    """Drop what the refused request changed and say why on the next page (PRG)."""
    db.session.rollback()
    flash(error.message, "danger")
