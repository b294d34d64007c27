"""Workflow of the expert review: criteria, phases, conflicts, assignment, scorecards, interest.

One function per change (STYLE.md): check state and permission (raise a
:class:`~sessiontrack.core.errors.DomainError` with a translated message: ``Conflict`` for a
state that moved, ``NotAllowed`` for a person who may not), mutate, flush, write the audit
entry. They never commit: the request's unit of work does.
The results themselves are computed in :mod:`..aggregation`.

Callers use the package as one module (``from ..review import services``); each submodule
holds one part of the workflow.
"""

from ..models import Score, Scorecard
from .assignment import (
    AssignmentReport,
    assign,
    assign_all,
    assign_balanced,
    unassign,
)
from .common import stale_scorecard
from .conflicts import (
    declare_conflict,
    detect_conflicts,
    detect_conflicts_after_change,
    detected_conflict_pairs,
)
from .criteria import (
    CRITERION_FIELDS,
    CriterionData,
    add_default_criteria,
    delete_criterion,
    reopen_criteria,
    save_criterion,
)
from .interest import InterestTerms, mark_interest, withdraw_interest
from .phases import SETTING_FIELDS, close_review, open_review, publish_results, update_settings
from .scoring import (
    ONLINE,
    PAPER,
    SOURCES,
    conflicted_message,
    missing_criteria,
    reopen_scorecard,
    save_scorecard,
    submit_scorecard,
)

__all__ = [
    "CRITERION_FIELDS",
    "ONLINE",
    "PAPER",
    "SETTING_FIELDS",
    "SOURCES",
    "AssignmentReport",
    "CriterionData",
    "InterestTerms",
    "Score",
    "Scorecard",
    "add_default_criteria",
    "assign",
    "assign_all",
    "assign_balanced",
    "close_review",
    "conflicted_message",
    "declare_conflict",
    "delete_criterion",
    "detect_conflicts",
    "detect_conflicts_after_change",
    "detected_conflict_pairs",
    "mark_interest",
    "missing_criteria",
    "open_review",
    "publish_results",
    "reopen_criteria",
    "reopen_scorecard",
    "save_criterion",
    "save_scorecard",
    "stale_scorecard",
    "submit_scorecard",
    "unassign",
    "update_settings",
    "withdraw_interest",
]
