"""Assignment of experts to accepted projects (a scorecard is an assignment): all, balanced,
one by hand, and its removal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit.services import record
from ...core import errors
from ...core.unique import insert_missing
from ...extensions import db
from ...notifications import events
from ...people.models import Participant
from ...projects.models import Project, ProjectState
from ...sessions.models import ReviewState, StrategicSession
from ..models import Scorecard, ScorecardState
from ..queries import conflict_pairs, session_experts
from .common import _about, _require_facilitator
from .conflicts import detect_conflicts


@dataclass
class AssignmentReport:
    created: int = 0
    # (project, how many experts it still lacks) where the load limit or conflicts prevented it.
    short: list = field(default_factory=list)


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
        raise errors.Conflict(_("The review is closed: assignments can no longer change."))


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
    events.experts_assigned(strategic_session, pairs)


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
        raise errors.DomainError(_("Both numbers must be at least 1."))
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
        raise errors.DomainError(_("Only projects accepted for review can be assigned."))
    detect_conflicts(strategic_session, user)
    if (expert.id, project.id) in conflict_pairs(strategic_session):
        raise errors.Conflict(
            _("%(expert)s has a conflict of interest with this project.", expert=expert.full_name)
        )
    if not _add_assignments([(expert.id, project.id)]):
        raise errors.Conflict(_("This expert is already assigned to this project."))
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
        raise errors.Conflict(_("A submitted scorecard cannot be removed; reopen it first."))
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
