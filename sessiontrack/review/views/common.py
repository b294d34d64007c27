"""What the review's views share: how a scorecard is loaded, a deadline read."""

from datetime import UTC

from flask_babel import to_utc
from sqlalchemy.orm import joinedload

from ..models import Scorecard

# What every page and action on a scorecard reads of it, loaded in the same query.
SCORECARD_WITH = (joinedload(Scorecard.project), joinedload(Scorecard.expert))


def _utc(value):
    """A deadline typed in the interface's time zone, as an aware UTC datetime."""
    return to_utc(value).replace(tzinfo=UTC) if value else None
