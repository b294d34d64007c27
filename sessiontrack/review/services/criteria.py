"""The review's criteria: the standard set, one criterion created, changed or deleted, the
lock that scoring sets and the facilitator lifts."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit.services import record, update_recorded
from ...core import errors
from ...extensions import db
from ...sessions.models import ReviewState, StrategicSession
from ..defaults import DEFAULT_CRITERIA
from ..models import Criterion, Score
from ..queries import session_criteria
from .common import _require_facilitator
from .totals import refresh_session

CRITERION_FIELDS = [
    "title",
    "description",
    "weight",
    "counted",
    "scale_min",
    "scale_max",
    "level_descriptions",
    "position",
]


@dataclass
class CriterionData:
    """What a criterion form gives the service."""

    title: str
    description: str = ""
    weight: float = 1.0
    counted: bool = True
    scale_min: int = 0
    scale_max: int = 10
    level_descriptions: dict = field(default_factory=dict)
    position: int = 0


def _ensure_criteria_editable(strategic_session: StrategicSession) -> None:
    if strategic_session.criteria_locked:
        raise errors.Conflict(
            _(
                "The criteria are locked because scoring has begun. Reopen the review set-up "
                "to change them."
            )
        )


def add_default_criteria(strategic_session: StrategicSession, user=None) -> list[Criterion]:
    """Add the six standard criteria (DESIGN.md) in the interface's language, skipping any
    whose title the session already has. Returns the criteria added."""
    _ensure_criteria_editable(strategic_session)
    existing = {c.title for c in session_criteria(strategic_session)}
    start = len(existing)
    added = []
    for offset, (title, description, weight, levels) in enumerate(DEFAULT_CRITERIA, start=1):
        if str(title) in existing:
            continue
        criterion = Criterion(
            session_id=strategic_session.id,
            title=str(title),
            description=str(description),
            weight=weight,
            counted=True,
            scale_min=0,
            scale_max=10,
            level_descriptions={level: str(text) for level, text in levels.items()},
            position=start + offset,
        )
        db.session.add(criterion)
        added.append(criterion)
    db.session.flush()
    if added:
        record(
            "criteria_defaults_added",
            strategic_session,
            strategic_session=strategic_session,
            user=user,
            summary="; ".join(criterion.title for criterion in added),
        )
    return added


def save_criterion(
    strategic_session: StrategicSession,
    data: CriterionData,
    user,
    criterion: Criterion | None = None,
) -> Criterion:
    """Create a criterion, or update ``criterion``. "Reported, not counted" has weight 0.

    A scale change must keep every score already given inside the new scale.
    """
    _require_facilitator(user, strategic_session)
    _ensure_criteria_editable(strategic_session)
    # Compared in Python: SQLite's lower() leaves Cyrillic as it is.
    duplicate = any(
        other.title.casefold() == data.title.strip().casefold()
        for other in session_criteria(strategic_session)
        if other is not criterion
    )
    if duplicate:
        raise errors.DomainError(_("The session already has a criterion with this title."))
    if criterion is not None:
        low, high = db.session.execute(
            sa.select(sa.func.min(Score.value), sa.func.max(Score.value)).where(
                Score.criterion_id == criterion.id
            )
        ).one()
        if low is not None and (low < data.scale_min or high > data.scale_max):
            raise errors.DomainError(
                _(
                    "Scores from %(low)d to %(high)d were already given for this criterion; "
                    "the scale must include them.",
                    low=low,
                    high=high,
                )
            )
    values = {
        "title": data.title.strip(),
        "description": data.description.strip(),
        "weight": float(data.weight) if data.counted else 0.0,
        "counted": data.counted,
        "scale_min": data.scale_min,
        "scale_max": data.scale_max,
        "level_descriptions": {
            str(level): text
            for level, text in sorted(data.level_descriptions.items(), key=lambda i: int(i[0]))
        },
        "position": data.position,
    }
    if criterion is None:
        criterion = Criterion(session_id=strategic_session.id, **values)
        db.session.add(criterion)
        db.session.flush()
        record(
            "criterion_created",
            criterion,
            strategic_session=strategic_session,
            user=user,
            summary=criterion.title,
            changes={k: [None, v] for k, v in values.items()},
        )
    else:
        update_recorded(
            criterion,
            values,
            action="criterion_updated",
            strategic_session=strategic_session,
            user=user,
            summary=values["title"],
        )
    refresh_session(strategic_session)
    return criterion


def delete_criterion(criterion: Criterion, user, strategic_session: StrategicSession) -> None:
    """Delete a criterion (and any score given for it, once the set-up is reopened)."""
    _require_facilitator(user, strategic_session)
    _ensure_criteria_editable(strategic_session)
    record(
        "criterion_deleted",
        criterion,
        strategic_session=strategic_session,
        user=user,
        summary=criterion.title,
    )
    db.session.execute(sa.delete(Score).where(Score.criterion_id == criterion.id))
    db.session.delete(criterion)
    db.session.flush()
    refresh_session(strategic_session)


def reopen_criteria(strategic_session: StrategicSession, user, comment: str = "") -> None:
    """Unlock the criteria after scoring has begun (the review must not be open)."""
    _require_facilitator(user, strategic_session)
    if not strategic_session.criteria_locked:
        raise errors.Conflict(_("The criteria are not locked."))
    if strategic_session.review_state == ReviewState.OPEN:
        raise errors.Conflict(_("Close the review before changing the criteria."))
    strategic_session.criteria_locked = False
    db.session.flush()
    record(
        "criteria_reopened",
        strategic_session,
        strategic_session=strategic_session,
        user=user,
        comment=comment,
        changes={"criteria_locked": [True, False]},
    )
