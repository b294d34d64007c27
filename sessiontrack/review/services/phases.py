"""The review's settings and phases: not opened → open → closed → published."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from ...audit.services import record
from ...core import errors
from ...core.unique import compare_and_set
from ...extensions import db
from ...notifications import events
from ...sessions.models import ReviewState, StrategicSession
from ..queries import session_criteria
from .common import _require_facilitator

SETTING_FIELDS = [
    "review_deadline",
    "review_min_scorecards",
    "disagreement_stdev",
    "disagreement_range",
    "normalise_scores",
    "reminder_days",
    "returned_reminder_days",
]


def update_settings(strategic_session: StrategicSession, user, **values) -> None:
    """Deadline, minimum number of scorecards, disagreement thresholds, default method."""
    _require_facilitator(user, strategic_session)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"not review settings: {sorted(unknown)}")
    changes = {}
    for name, value in values.items():
        old = getattr(strategic_session, name)
        if old != value:
            changes[name] = [old, value]
            setattr(strategic_session, name, value)
    db.session.flush()
    if changes:
        record(
            "review_settings_changed",
            strategic_session,
            strategic_session=strategic_session,
            user=user,
            changes=changes,
        )
        if "review_deadline" in changes and strategic_session.review_state == ReviewState.OPEN:
            events.deadline_changed(strategic_session)


def _change_phase(strategic_session: StrategicSession, user, new: ReviewState, action: str) -> None:
    """Move the review from its phase to ``new`` in one statement that matches only while it
    is still in that phase: of two clicks sent at once, the second (which waits for the first
    to commit) matches nothing and is refused."""
    old = strategic_session.review_state
    if not compare_and_set(strategic_session, StrategicSession.review_state, old, new):
        raise errors.Conflict(
            _(
                "The review's phase was changed meanwhile (the button was pressed twice, or in "
                "another window). Nothing was changed; reload the page."
            )
        )
    record(
        action,
        strategic_session,
        strategic_session=strategic_session,
        user=user,
        changes={"review_state": [old.value, new.value]},
    )


def open_review(
    strategic_session: StrategicSession, user, deadline: datetime | None = None
) -> None:
    """Not opened (or closed) → open: experts may score until it closes."""
    _require_facilitator(user, strategic_session)
    if strategic_session.review_state not in (ReviewState.NOT_OPENED, ReviewState.CLOSED):
        raise errors.Conflict(_("The review cannot be opened now."))
    if not any(c.counted for c in session_criteria(strategic_session)):
        raise errors.Conflict(_("Add at least one counted criterion before opening the review."))
    if deadline is not None:
        strategic_session.review_deadline = deadline
    _change_phase(strategic_session, user, ReviewState.OPEN, "review_opened")
    events.review_opened(strategic_session)


def close_review(strategic_session: StrategicSession, user) -> None:
    """Open → closed: scoring stops; drafts stay drafts and are not counted."""
    _require_facilitator(user, strategic_session)
    if strategic_session.review_state != ReviewState.OPEN:
        raise errors.Conflict(_("Only an open review can be closed."))
    _change_phase(strategic_session, user, ReviewState.CLOSED, "review_closed")


def publish_results(strategic_session: StrategicSession, user) -> None:
    """Closed → published: everyone in the session sees the results."""
    _require_facilitator(user, strategic_session)
    if strategic_session.review_state != ReviewState.CLOSED:
        raise errors.Conflict(_("Close the review before publishing its results."))
    _change_phase(strategic_session, user, ReviewState.PUBLISHED, "results_published")
    events.results_published(strategic_session)
