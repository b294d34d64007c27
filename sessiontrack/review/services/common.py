"""What the review's workflow functions share: the refusal they raise, the facilitator check,
the subject of an audit entry."""

from __future__ import annotations

from flask_babel import gettext as _

from ...core.permissions import is_facilitator
from ...sessions.models import StrategicSession


class ReviewError(Exception):
    """A refused review action; ``message`` is translated, ``status`` the HTTP status to show."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


class StaleScorecard(ReviewError):
    """The scorecard changed since the form was loaded (another tab or window)."""

    def __init__(self):
        super().__init__(
            _(
                "This scorecard was changed in another window since you opened it. "
                "Reload the page to see the current scores."
            ),
            409,
        )


def _require_facilitator(user, strategic_session: StrategicSession) -> None:
    if not is_facilitator(user, strategic_session):
        raise ReviewError(_("Only the facilitator may do this."), 403)


def _about(expert_name: str, project_title: str) -> str:
    """An audit entry's subject, the same in every language: the action's title says the rest."""
    return f"{expert_name} — «{project_title}»"
