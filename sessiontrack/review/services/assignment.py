"""Workflow of the expert review: criteria, phases, conflicts, assignment, scorecards, interest.

One function per change (STYLE.md): check state and permission (raise :class:`ReviewError`
with a translated message), mutate, flush, write the audit entry. Views commit.
The results themselves are computed in :mod:`.aggregation`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...audit.services import record, record_folded
from ...core.models import utcnow
from ...core.permissions import is_facilitator
from ...core.unique import compare_and_set, insert_missing
from ...extensions import db
from ...people.models import ExpertKind, Participant, ParticipantRole
from ...projects.models import Project, ProjectPartner, ProjectState
from ...projects.permissions import REVIEWABLE
from ...sessions.models import ReviewState, StrategicSession
from ..defaults import DEFAULT_CRITERIA
from ..models import (
    Conflict,
    ConflictSource,
    Criterion,
    InvestorInterest,
    Score,
    Scorecard,
    ScorecardState,
)
from ..permissions import is_conflicted


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


# ----------------------------------------------------------------------------------------------
# Criteria
# ----------------------------------------------------------------------------------------------

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


def session_criteria(strategic_session: StrategicSession) -> list[Criterion]:
    return list(
        db.session.scalars(
            sa.select(Criterion)
            .where(Criterion.session_id == strategic_session.id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def _ensure_criteria_editable(strategic_session: StrategicSession) -> None:
    if strategic_session.criteria_locked:
        raise ReviewError(
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
        raise ReviewError(_("The session already has a criterion with this title."), 422)
    if criterion is not None:
        low, high = db.session.execute(
            sa.select(sa.func.min(Score.value), sa.func.max(Score.value)).where(
                Score.criterion_id == criterion.id
            )
        ).one()
        if low is not None and (low < data.scale_min or high > data.scale_max):
            raise ReviewError(
                _(
                    "Scores from %(low)d to %(high)d were already given for this criterion; "
                    "the scale must include them.",
                    low=low,
                    high=high,
                ),
                422,
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
        return criterion
    before = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
    for name, value in values.items():
        setattr(criterion, name, value)
    db.session.flush()
    changes = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    if changes:
        record(
            "criterion_updated",
            criterion,
            strategic_session=strategic_session,
            user=user,
            summary=criterion.title,
            changes=changes,
        )
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


def reopen_criteria(strategic_session: StrategicSession, user, comment: str = "") -> None:
    """Unlock the criteria after scoring has begun (the review must not be open)."""
    _require_facilitator(user, strategic_session)
    if not strategic_session.criteria_locked:
        raise ReviewError(_("The criteria are not locked."))
    if strategic_session.review_state == ReviewState.OPEN:
        raise ReviewError(_("Close the review before changing the criteria."))
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


# ----------------------------------------------------------------------------------------------
# Settings and phases
# ----------------------------------------------------------------------------------------------

SETTING_FIELDS = [
    "review_deadline",
    "review_min_scorecards",
    "disagreement_stdev",
    "disagreement_range",
    "normalise_scores",
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


def _change_phase(strategic_session: StrategicSession, user, new: ReviewState, action: str) -> None:
    """Move the review from its phase to ``new`` in one statement that matches only while it
    is still in that phase: of two clicks sent at once, the second (which waits for the first
    to commit) matches nothing and is refused."""
    old = strategic_session.review_state
    if not compare_and_set(strategic_session, StrategicSession.review_state, old, new):
        raise ReviewError(
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
        raise ReviewError(_("The review cannot be opened now."))
    if not any(c.counted for c in session_criteria(strategic_session)):
        raise ReviewError(_("Add at least one counted criterion before opening the review."))
    if deadline is not None:
        strategic_session.review_deadline = deadline
    _change_phase(strategic_session, user, ReviewState.OPEN, "review_opened")


def close_review(strategic_session: StrategicSession, user) -> None:
    """Open → closed: scoring stops; drafts stay drafts and are not counted."""
    _require_facilitator(user, strategic_session)
    if strategic_session.review_state != ReviewState.OPEN:
        raise ReviewError(_("Only an open review can be closed."))
    _change_phase(strategic_session, user, ReviewState.CLOSED, "review_closed")


def publish_results(strategic_session: StrategicSession, user) -> None:
    """Closed → published: everyone in the session sees the results."""
    _require_facilitator(user, strategic_session)
    if strategic_session.review_state != ReviewState.CLOSED:
        raise ReviewError(_("Close the review before publishing its results."))
    _change_phase(strategic_session, user, ReviewState.PUBLISHED, "results_published")


# ----------------------------------------------------------------------------------------------
# Conflicts of interest
# ----------------------------------------------------------------------------------------------


def detected_conflict_pairs(strategic_session: StrategicSession) -> set[tuple[int, int]]:
    """(expert id, project id) where the expert's organisation leads or partners in the project."""
    partner = sa.exists().where(
        ProjectPartner.project_id == Project.id,
        ProjectPartner.organisation_id == Participant.organisation_id,
    )
    rows = db.session.execute(
        sa.select(Participant.id, Project.id)
        .join(Project, Project.session_id == Participant.session_id)
        .where(
            Participant.session_id == strategic_session.id,
            Participant.role == ParticipantRole.EXPERT,
            Participant.organisation_id.is_not(None),
            sa.or_(Project.lead_organisation_id == Participant.organisation_id, partner),
        )
    )
    return {(expert_id, project_id) for expert_id, project_id in rows}


def conflict_pairs(strategic_session: StrategicSession) -> dict[tuple[int, int], Conflict]:
    rows = db.session.scalars(
        sa.select(Conflict)
        .join(Project, Project.id == Conflict.project_id)
        .where(Project.session_id == strategic_session.id)
        .options(sa.orm.contains_eager(Conflict.project), sa.orm.joinedload(Conflict.expert))
        .order_by(Conflict.created_at, Conflict.id)
    )
    return {(c.expert_id, c.project_id): c for c in rows}


def detect_conflicts(strategic_session: StrategicSession, user=None) -> int:
    """Record every detected conflict not yet recorded; drop the unscored assignments it hits.

    Called again whenever an organisation, a lead or a partner changes. A scored assignment
    that a new conflict hits stays for the facilitator to see, but neither opens nor counts.
    Two requests detecting at once record each conflict once. Returns how many were added.
    """
    known = conflict_pairs(strategic_session)
    candidates = sorted(detected_conflict_pairs(strategic_session) - set(known))
    reason = _("The expert's organisation leads or partners in the project.")
    new_pairs = sorted(
        insert_missing(
            Conflict,
            [
                {
                    "expert_id": expert_id,
                    "project_id": project_id,
                    "source": ConflictSource.DETECTED,
                    "reason": reason,
                }
                for expert_id, project_id in candidates
            ],
            Conflict.expert_id,
            Conflict.project_id,
        )
    )
    removed = _remove_unscored_assignments(new_pairs)
    if new_pairs:
        record(
            "conflicts_detected",
            strategic_session,
            strategic_session=strategic_session,
            user=user,
            changes={
                "conflicts": len(new_pairs),
                "assignments_removed": removed,
                "pairs": [None, [list(pair) for pair in new_pairs]],
            },
        )
    return len(new_pairs)


def detect_conflicts_after_change(strategic_session: StrategicSession, user=None) -> int:
    """Detect conflicts again after an expert's organisation or a project's lead or partners
    changed; not once the results are published (they stand as they were scored)."""
    if strategic_session.review_state == ReviewState.PUBLISHED:
        return 0
    return detect_conflicts(strategic_session, user)


def _remove_unscored_assignments(pairs) -> int:
    """Delete the draft scorecards without a score for these (expert, project) pairs."""
    removed = 0
    for expert_id, project_id in pairs:
        scorecard = db.session.scalar(
            sa.select(Scorecard).where(
                Scorecard.expert_id == expert_id, Scorecard.project_id == project_id
            )
        )
        if (
            scorecard is not None
            and scorecard.state == ScorecardState.DRAFT
            and not scorecard.scores
        ):
            db.session.delete(scorecard)
            removed += 1
    db.session.flush()
    return removed


def declare_conflict(
    strategic_session: StrategicSession, expert: Participant, project: Project, reason: str, user
) -> Conflict:
    """The expert declares a conflict of interest with a project, with a reason.

    An unscored assignment to the project is removed; a scored one stays for the facilitator to
    decide on, but the expert can no longer open it.
    """
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Say why you have a conflict of interest."), 422)
    if expert.user_id != user.id:
        raise ReviewError(_("Only the expert may declare their own conflict."), 403)
    if project.state not in REVIEWABLE:
        raise ReviewError(_("This project is not under review."), 422)
    added = insert_missing(
        Conflict,
        [
            {
                "expert_id": expert.id,
                "project_id": project.id,
                "source": ConflictSource.DECLARED,
                "reason": reason,
            }
        ],
        Conflict.id,
    )
    if not added:
        raise ReviewError(_("A conflict of interest with this project is already recorded."))
    conflict = db.session.get(Conflict, added[0].id)
    removed = _remove_unscored_assignments([(expert.id, project.id)])
    record(
        "conflict_declared",
        conflict,
        strategic_session=strategic_session,
        user=user,
        summary=_about(expert.full_name, project.display_title),
        comment=reason,
        changes={"assignment_removed": [None, bool(removed)]},
    )
    return conflict


# ----------------------------------------------------------------------------------------------
# Assignment (a scorecard is an assignment)
# ----------------------------------------------------------------------------------------------


@dataclass
class AssignmentReport:
    created: int = 0
    # (project, how many experts it still lacks) where the load limit or conflicts prevented it.
    short: list = field(default_factory=list)


def session_experts(strategic_session: StrategicSession) -> list[Participant]:
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.session_id == strategic_session.id,
                Participant.role == ParticipantRole.EXPERT,
            )
            .options(sa.orm.joinedload(Participant.organisation))
            .order_by(Participant.full_name, Participant.id)
        )
    )


def _accepted_projects(strategic_session: StrategicSession) -> list[Project]:
    return list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.ACCEPTED,
            )
            .order_by(Project.title, Project.id)
        )
    )


def _existing_pairs(strategic_session: StrategicSession) -> set[tuple[int, int]]:
    rows = db.session.execute(
        sa.select(Scorecard.expert_id, Scorecard.project_id)
        .join(Project, Project.id == Scorecard.project_id)
        .where(Project.session_id == strategic_session.id)
    )
    return {(expert_id, project_id) for expert_id, project_id in rows}


def _ensure_assignable(strategic_session: StrategicSession) -> None:
    if strategic_session.review_state in (ReviewState.CLOSED, ReviewState.PUBLISHED):
        raise ReviewError(_("The review is closed: assignments can no longer change."))


def _add_assignments(pairs) -> list[tuple[int, int]]:
    """Create a scorecard for each (expert id, project id) pair that has none; the pairs
    created. A request sent twice at once creates each scorecard once."""
    added = insert_missing(
        Scorecard,
        [{"expert_id": expert_id, "project_id": project_id} for expert_id, project_id in pairs],
        Scorecard.expert_id,
        Scorecard.project_id,
    )
    return sorted(tuple(row) for row in added)


def _log_assignments(strategic_session, user, action, pairs, summary="", **figures) -> None:
    record(
        action,
        strategic_session,
        strategic_session=strategic_session,
        user=user,
        summary=summary,
        changes={**figures, "assigned": [None, [list(pair) for pair in pairs]]},
    )


def _about(expert_name: str, project_title: str) -> str:
    """An audit entry's subject, the same in every language: the action's title says the rest."""
    return f"{expert_name} — «{project_title}»"


def assign_all(strategic_session: StrategicSession, user) -> AssignmentReport:
    """Every expert to every accepted project, but for conflicted pairs."""
    _require_facilitator(user, strategic_session)
    _ensure_assignable(strategic_session)
    detect_conflicts(strategic_session, user)
    conflicts = set(conflict_pairs(strategic_session))
    blocked = conflicts | _existing_pairs(strategic_session)
    experts = session_experts(strategic_session)
    pairs = _add_assignments(
        (expert.id, project.id)
        for project in _accepted_projects(strategic_session)
        for expert in experts
        if (expert.id, project.id) not in blocked
    )
    if pairs:
        _log_assignments(
            strategic_session,
            user,
            "experts_assigned",
            pairs,
            new_assignments=len(pairs),
        )
    return AssignmentReport(created=len(pairs))


def assign_balanced(
    strategic_session: StrategicSession, user, *, per_project: int, max_load: int
) -> AssignmentReport:
    """Give each accepted project ``per_project`` experts, none above ``max_load`` projects.

    Greedy and deterministic: projects with the fewest eligible experts go first (then by
    title); each takes the least-loaded eligible experts (ties by name, then id). Existing
    assignments count towards both figures and are kept; conflicted pairs are never assigned.
    """
    _require_facilitator(user, strategic_session)
    _ensure_assignable(strategic_session)
    if per_project < 1 or max_load < 1:
        raise ReviewError(_("Both numbers must be at least 1."), 422)
    detect_conflicts(strategic_session, user)
    blocked = set(conflict_pairs(strategic_session)) | _existing_pairs(strategic_session)
    experts = session_experts(strategic_session)
    projects = _accepted_projects(strategic_session)
    existing = _existing_pairs(strategic_session)
    load = Counter(expert_id for expert_id, _project in existing)
    assigned = Counter(project_id for _expert, project_id in existing)

    def eligible(project):
        return [e for e in experts if (e.id, project.id) not in blocked]

    projects.sort(key=lambda p: (len(eligible(p)), p.title.casefold(), p.id))
    report = AssignmentReport()
    pairs = []
    for project in projects:
        need = per_project - assigned[project.id]
        if need <= 0:
            continue
        candidates = [e for e in eligible(project) if load[e.id] < max_load]
        candidates.sort(key=lambda e: (load[e.id], e.full_name.casefold(), e.id))
        for expert in candidates[:need]:
            pairs.append((expert.id, project.id))
            load[expert.id] += 1
            assigned[project.id] += 1
        if assigned[project.id] < per_project:
            report.short.append((project, per_project - assigned[project.id]))
    pairs = _add_assignments(pairs)
    report.created = len(pairs)
    if pairs:
        _log_assignments(
            strategic_session,
            user,
            "experts_assigned",
            pairs,
            per_project=per_project,
            max_load=max_load,
            new_assignments=len(pairs),
        )
    return report


def assign(
    strategic_session: StrategicSession, expert: Participant, project: Project, user
) -> Scorecard:
    """Assign one expert to one accepted project by hand."""
    _require_facilitator(user, strategic_session)
    _ensure_assignable(strategic_session)
    if project.state != ProjectState.ACCEPTED:
        raise ReviewError(_("Only projects accepted for review can be assigned."), 422)
    detect_conflicts(strategic_session, user)
    if (expert.id, project.id) in conflict_pairs(strategic_session):
        raise ReviewError(
            _("%(expert)s has a conflict of interest with this project.", expert=expert.full_name)
        )
    if not _add_assignments([(expert.id, project.id)]):
        raise ReviewError(_("This expert is already assigned to this project."))
    scorecard = db.session.scalar(
        sa.select(Scorecard).where(
            Scorecard.expert_id == expert.id, Scorecard.project_id == project.id
        )
    )
    _log_assignments(
        strategic_session,
        user,
        "expert_assigned",
        [(expert.id, project.id)],
        summary=_about(expert.full_name, project.display_title),
    )
    return scorecard


def unassign(strategic_session: StrategicSession, scorecard: Scorecard, user) -> None:
    """Remove an assignment that has not been submitted (any draft scores go with it)."""
    _require_facilitator(user, strategic_session)
    _ensure_assignable(strategic_session)
    if scorecard.state == ScorecardState.SUBMITTED:
        raise ReviewError(_("A submitted scorecard cannot be removed; reopen it first."))
    record(
        "expert_unassigned",
        scorecard,
        strategic_session=strategic_session,
        user=user,
        summary=_about(scorecard.expert.full_name, scorecard.project.display_title),
        changes={"scores": [{s.criterion_id: s.value for s in scorecard.scores}, None]},
    )
    db.session.delete(scorecard)
    db.session.flush()


# ----------------------------------------------------------------------------------------------
# Scorecards
# ----------------------------------------------------------------------------------------------


ONLINE = "online"
PAPER = "paper"
SOURCES = {ONLINE: _l("online"), PAPER: _l("from a paper sheet")}


def _check_scoring(
    strategic_session: StrategicSession, scorecard: Scorecard, user, source: str
) -> None:
    """Scores change only while the review is open, on a draft, by its expert (online) or by
    the facilitator entering the expert's paper sheet; never for a conflicted pair."""
    if strategic_session.review_state != ReviewState.OPEN:
        raise ReviewError(_("The review is not open: scores cannot change now."))
    if scorecard.state != ScorecardState.DRAFT:
        raise ReviewError(_("This scorecard is submitted and locked."))
    if source == PAPER:
        _require_facilitator(user, strategic_session)
    elif scorecard.expert.user_id != user.id:
        raise ReviewError(_("Only the assigned expert scores this project."), 403)
    if is_conflicted(scorecard.expert, scorecard.project):
        raise ReviewError(conflicted_message(), 403)


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
) -> bool:
    """Save a draft: ``values`` maps criterion id → score (``None`` clears it); ``comment``.

    ``version`` is the scorecard's version when the form was loaded: a save based on an older
    one is refused (:class:`StaleScorecard`). The first score locks the criteria. Returns
    whether anything changed.
    """
    _check_scoring(strategic_session, scorecard, user, source)
    if version is not None and version != scorecard.version_id:
        raise StaleScorecard()
    criteria = {c.id: c for c in session_criteria(strategic_session)}
    existing = {score.criterion_id: score for score in scorecard.scores}
    changes = {}
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ReviewError(_("Unknown criterion."), 422)
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            raise ReviewError(
                _(
                    "«%(criterion)s»: the score must be from %(low)d to %(high)d.",
                    criterion=criterion.title,
                    low=criterion.scale_min,
                    high=criterion.scale_max,
                ),
                422,
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
        raise ReviewError(
            _(
                "Score every criterion before submitting. Missing: %(titles)s.",
                titles="; ".join(c.title for c in missing),
            ),
            422,
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
        raise ReviewError(_("Only a submitted scorecard can be reopened."))
    if strategic_session.review_state == ReviewState.PUBLISHED:
        raise ReviewError(_("The results are published: scorecards can no longer change."))
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


# ----------------------------------------------------------------------------------------------
# Investors' interest
# ----------------------------------------------------------------------------------------------


def mark_interest(
    strategic_session: StrategicSession, expert: Participant, project: Project, note: str, user
) -> InvestorInterest:
    """An investor marks (or updates) their interest in a project, with a note.

    Marking it again with the same note changes nothing and logs nothing (a form sent twice).
    """
    if expert.expert_kind != ExpertKind.INVESTOR or expert.user_id != user.id:
        raise ReviewError(_("Only an investor marks interest in a project."), 403)
    if project.state not in REVIEWABLE:
        raise ReviewError(_("This project is not under review."), 422)
    note = note.strip()
    added = insert_missing(
        InvestorInterest,
        [{"expert_id": expert.id, "project_id": project.id, "note": note}],
        InvestorInterest.id,
    )
    if added:
        interest, old = db.session.get(InvestorInterest, added[0].id), None
    else:
        interest = db.session.scalar(
            sa.select(InvestorInterest).where(
                InvestorInterest.expert_id == expert.id, InvestorInterest.project_id == project.id
            )
        )
        old = interest.note
        if old == note:
            return interest
        interest.note = note
        db.session.flush()
    record(
        "interest_marked",
        interest,
        strategic_session=strategic_session,
        user=user,
        summary=_about(expert.full_name, project.display_title),
        changes={"note": [old, note]},
    )
    return interest


def withdraw_interest(
    strategic_session: StrategicSession, interest: InvestorInterest, user
) -> None:
    if interest.expert.user_id != user.id:
        raise ReviewError(_("Only the investor withdraws their interest."), 403)
    record(
        "interest_withdrawn",
        interest,
        strategic_session=strategic_session,
        user=user,
        summary=_about(interest.expert.full_name, interest.project.display_title),
        changes={"note": [interest.note, None]},
    )
    db.session.delete(interest)
    db.session.flush()
