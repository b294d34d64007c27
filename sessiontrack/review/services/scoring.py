"""Scorecards: a draft saved (online or from a paper sheet), submitted, reopened."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...audit.services import record, record_folded
from ...core import errors
from ...core.models import utcnow
from ...extensions import db
from ...sessions.models import ReviewState, StrategicSession
from ..models import Criterion, Score, Scorecard, ScorecardState
from ..permissions import is_conflicted
from ..queries import session_criteria
from .common import _about, _require_facilitator, stale_scorecard
from .totals import refresh_scorecard

ONLINE = "online"
PAPER = "paper"
SOURCES = {ONLINE: _l("online"), PAPER: _l("from a paper sheet")}


def _check_scoring(
    strategic_session: StrategicSession, scorecard: Scorecard, user, source: str
) -> None:
    """Scores change only while the review is open, on a draft, by its expert (online) or by
    the facilitator entering the expert's paper sheet; never for a conflicted pair."""
    if strategic_session.review_state != ReviewState.OPEN:
        raise errors.Conflict(_("The review is not open: scores cannot change now."))
    if scorecard.state != ScorecardState.DRAFT:
        raise errors.Conflict(_("This scorecard is submitted and locked."))
    if source == PAPER:
        _require_facilitator(user, strategic_session)
    elif scorecard.expert.user_id != user.id:
        raise errors.NotAllowed(_("Only the assigned expert scores this project."))
    if is_conflicted(scorecard.expert, scorecard.project):
        raise errors.NotAllowed(conflicted_message())


def conflicted_message() -> str:
    """What an expert reads when a conflict of interest closes a scorecard to them."""
    return _(
        "You have a conflict of interest with this project (declared, or your organisation "
        "leads or partners in it): its scorecard is closed to you and does not count."
    )


def save_scorecard(
    strategic_session: StrategicSession,
    scorecard: Scorecard,
    user,
    *,
    values: dict[int, int | None],
    comment: str | None = None,
    version: int | None = None,
    source: str = ONLINE,
    criteria: list[Criterion] | None = None,
) -> bool:
    """Save a draft: ``values`` maps criterion id → score (``None`` clears it); ``comment``.
    ``criteria``: the session's criteria when the caller has read them already.

    ``version`` is the scorecard's version when the form was loaded: a save based on an older
    one is refused (:func:`.common.stale_scorecard`, 409). The first score locks the criteria.
    Returns whether anything changed.
    """
    _check_scoring(strategic_session, scorecard, user, source)
    if version is not None and version != scorecard.version_id:
        raise stale_scorecard()
    read = criteria if criteria is not None else session_criteria(strategic_session)
    criteria = {c.id: c for c in read}
    existing = {score.criterion_id: score for score in scorecard.scores}
    changes = {}
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise errors.DomainError(_("Unknown criterion."))
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            raise errors.DomainError(
                _(
                    "«%(criterion)s»: the score must be from %(low)d to %(high)d.",
                    criterion=criterion.title,
                    low=criterion.scale_min,
                    high=criterion.scale_max,
                )
            )
        score = existing.get(criterion_id)
        old = score.value if score is not None else None
        if old == value:
            continue
        changes[criterion.title] = [old, value]
        if value is None:
            scorecard.scores.remove(score)
        elif score is None:
            scorecard.scores.append(
                Score(
                    criterion_id=criterion.id,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                    value=value,
                )
            )
        else:
            score.value = value
    if comment is not None and comment.strip() != scorecard.comment:
        changes["comment"] = [scorecard.comment, comment.strip()]
        scorecard.comment = comment.strip()
    if not changes:
        return False
    # Touch the row so that its version moves on with every change of its scores.
    scorecard.updated_at = utcnow()
    refresh_scorecard(scorecard, criteria.values())
    if scorecard.scores and not strategic_session.criteria_locked:
        strategic_session.criteria_locked = True
    db.session.flush()
    record_folded(
        "scorecard_saved",
        scorecard,
        strategic_session=strategic_session,
        user=user,
        summary=_about(scorecard.expert.full_name, scorecard.project.display_title),
        changes={**changes, "source": source},
    )
    return True


def missing_criteria(strategic_session: StrategicSession, scorecard: Scorecard) -> list[Criterion]:
    """The counted criteria the scorecard has no score for."""
    scored = {score.criterion_id for score in scorecard.scores}
    return [c for c in session_criteria(strategic_session) if c.counted and c.id not in scored]


def submit_scorecard(
    strategic_session: StrategicSession, scorecard: Scorecard, user, source: str = ONLINE
) -> None:
    """Every counted criterion scored → submitted and locked."""
    _check_scoring(strategic_session, scorecard, user, source)
    missing = missing_criteria(strategic_session, scorecard)
    if missing:
        raise errors.DomainError(
            _(
                "Score every criterion before submitting. Missing: %(titles)s.",
                titles="; ".join(c.title for c in missing),
            )
        )
    scorecard.state = ScorecardState.SUBMITTED
    scorecard.submitted_at = utcnow()
    db.session.flush()
    record(
        "scorecard_submitted",
        scorecard,
        strategic_session=strategic_session,
        user=user,
        summary=_about(scorecard.expert.full_name, scorecard.project.display_title),
        changes={"state": ["draft", "submitted"], "source": source},
    )


def reopen_scorecard(
    strategic_session: StrategicSession, scorecard: Scorecard, user, comment: str = ""
) -> None:
    """The facilitator returns a submitted scorecard to its expert as a draft."""
    _require_facilitator(user, strategic_session)
    if scorecard.state != ScorecardState.SUBMITTED:
        raise errors.Conflict(_("Only a submitted scorecard can be reopened."))
    if strategic_session.review_state == ReviewState.PUBLISHED:
        raise errors.Conflict(_("The results are published: scorecards can no longer change."))
    scorecard.state = ScorecardState.DRAFT
    scorecard.submitted_at = None
    db.session.flush()
    record(
        "scorecard_reopened",
        scorecard,
        strategic_session=strategic_session,
        user=user,
        summary=_about(scorecard.expert.full_name, scorecard.project.display_title),
        comment=comment,
        changes={"state": ["submitted", "draft"]},
    )
