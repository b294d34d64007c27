"""Conflicts of interest: detected from organisations (leads, partners) or declared by the
expert; either one removes an unscored assignment."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit.services import record
from ...core import errors
from ...core.unique import insert_missing
from ...extensions import db
from ...people.models import Participant, ParticipantRole
from ...projects.models import Project, ProjectPartner
from ...projects.permissions import REVIEWABLE
from ...sessions.models import ReviewState, StrategicSession
from ..models import Conflict, ConflictSource, Scorecard, ScorecardState
from ..queries import conflict_pairs
from .common import _about


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
        raise errors.DomainError(_("Say why you have a conflict of interest."))
    if expert.user_id != user.id:
        raise errors.NotAllowed(_("Only the expert may declare their own conflict."))
    if project.state not in REVIEWABLE:
        raise errors.DomainError(_("This project is not under review."))
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
        raise errors.Conflict(_("A conflict of interest with this project is already recorded."))
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
