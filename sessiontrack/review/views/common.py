"""What the review's views share: a deadline read."""

from datetime import UTC

from flask_babel import to_utc


def _utc(value):
    """A deadline typed in the interface's time zone, as an aware UTC datetime."""
    return to_utc(value).replace(tzinfo=UTC) if value else None
