"""What the review's workflow functions share: the stale-scorecard refusal, the facilitator
check, the subject of an audit entry."""

from __future__ import annotations

from flask_babel import gettext as _

from ...core import errors
from ...sessions.access import is_facilitator
from ...sessions.models import StrategicSession


def stale_scorecard() -> errors.Conflict:
    """The refusal of a save based on a scorecard that changed since its form was loaded
    (another tab or window)."""
    return errors.Conflict(
        _(
            "This scorecard was changed in another window since you opened it. "
            "Reload the page to see the current scores."
        )
    )


def _require_facilitator(user, strategic_session: StrategicSession) -> None:
    if not is_facilitator(user, strategic_session):
        raise errors.NotAllowed(_("Only the facilitator may do this."))


def _about(expert_name: str, project_title: str) -> str:
    """An audit entry's subject, the same in every language: the action's title says the rest."""
    return f"{expert_name} — «{project_title}»"
