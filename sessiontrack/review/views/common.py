"""What the review's views share: a refused action flashed, a deadline read."""

from datetime import UTC

from flask import flash, redirect
from flask_babel import to_utc

from ...extensions import db


def _refused(error: Exception, target: str):
    """Flash a refused action (a review or a project rule) and go back (PRG)."""
    db.session.rollback()
    flash(getattr(error, "message", None) or str(error), "error")
    return redirect(target, code=303)


def _utc(value):
    """A deadline typed in the interface's time zone, as an aware UTC datetime."""
    return to_utc(value).replace(tzinfo=UTC) if value else None
