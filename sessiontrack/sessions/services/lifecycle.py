"""The session's lifecycle: setup → live → summarising → review → forum → implementation →
archived.

A facilitator moves it one stage forward or back; a step sent twice is taken once.
"""

from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import Conflict
from ...core.unique import compare_and_set
from ..models import SessionState, StrategicSession

LIFECYCLE = list(SessionState)
# The audit actions of a stage change: the session's lifecycle history.
LIFECYCLE_ACTIONS = ("advance", "move_back")


def next_state(strategic_session: StrategicSession) -> SessionState | None:
    """The stage after the session's current one (``None`` after the last)."""
    index = LIFECYCLE.index(strategic_session.state)
    return LIFECYCLE[index + 1] if index + 1 < len(LIFECYCLE) else None


def previous_state(strategic_session: StrategicSession) -> SessionState | None:
    """The stage before the session's current one (``None`` before the first)."""
    index = LIFECYCLE.index(strategic_session.state)
    return LIFECYCLE[index - 1] if index > 0 else None


def advance_session(
    strategic_session: StrategicSession, from_stage: SessionState, comment: str = ""
) -> SessionState:
    """Move the session from ``from_stage`` (the stage the facilitator saw) to the next one.

    :raise DomainError: if the session is archived already, or no longer at ``from_stage``.
    """
    _check_still_at(strategic_session, from_stage)
    target = next_state(strategic_session)
    if target is None:
        raise Conflict(_("The session is archived: it has no further stage."))
    return _set_state(strategic_session, from_stage, target, "advance", comment)


def move_session_back(
    strategic_session: StrategicSession, from_stage: SessionState, comment: str = ""
) -> SessionState:
    """Return the session from ``from_stage`` to the previous stage (to correct a step taken
    too early).

    :raise DomainError: if the session is in set-up, or no longer at ``from_stage``.
    """
    _check_still_at(strategic_session, from_stage)
    target = previous_state(strategic_session)
    if target is None:
        raise Conflict(_("The session is in set-up: there is no earlier stage."))
    return _set_state(strategic_session, from_stage, target, "move_back", comment)


def _check_still_at(strategic_session: StrategicSession, stage: SessionState) -> None:
    """:raise DomainError: if the session has left ``stage`` since the page was drawn."""
    if strategic_session.state != stage:
        raise _left_stage(strategic_session, stage)


def _left_stage(strategic_session: StrategicSession, stage: SessionState) -> Conflict:
    """The step from ``stage`` was taken already (sent twice, or in another window): a step is
    never taken twice."""
    return Conflict(
        _(
            "The session is already at the stage «%(current)s»: the step from «%(stage)s» was "
            "taken meanwhile (the form was sent twice, or from another window). Nothing was "
            "changed.",
            current=strategic_session.state.title,
            stage=stage.title,
        )
    )


def _set_state(strategic_session, old: SessionState, target: SessionState, action, comment):
    """Move the session from ``old`` to ``target`` in one statement that only matches while it
    is still at ``old``: of two steps sent at once, the second (which waits for the first to
    commit) matches nothing and is refused."""
    if not compare_and_set(strategic_session, StrategicSession.state, old, target):
        raise _left_stage(strategic_session, old)
    audit.record(
        action,
        strategic_session,
        strategic_session=strategic_session,
        summary=f"{old.title} → {target.title}",
        comment=comment.strip(),
        changes={"state": [old.value, target.value]},
    )
    return target
