"""Who may do what in the expert review (predicates), and the loaders that also check that
what they load is an expert or a reviewed project."""

import sqlalchemy as sa
from flask import abort

from ..core.loading import get_in_session_or_404
from ..core.memo import transaction_memo
from ..extensions import db
from ..people.models import Participant, ParticipantRole
from ..projects.models import Project, ProjectPartner
from ..projects.permissions import REVIEWABLE
from ..sessions.access import is_facilitator, roles_in
from ..sessions.models import ReviewState, StrategicSession
from .models import Conflict, Scorecard, ScorecardState


def expert_participant(user, strategic_session: StrategicSession) -> Participant | None:
    """The user's expert participant in the session (``None`` without a user, or if they are
    not an expert). The review's pages and the exports (an expert's own sheets) ask it."""
    if user is None or not user.is_authenticated:
        return None
    if ParticipantRole.EXPERT not in user.roles_in(strategic_session):
        return None
    return db.session.scalar(
        sa.select(Participant).where(
            Participant.session_id == strategic_session.id,
            Participant.user_id == user.id,
            Participant.role == ParticipantRole.EXPERT,
        )
    )


def results_published(strategic_session: StrategicSession) -> bool:
    """Whether the session's review results are published."""
    return strategic_session.review_state == ReviewState.PUBLISHED


def can_see_results(user, strategic_session: StrategicSession) -> bool:
    """Facilitators always (interim results by a deliberate action); everyone in the session
    once the results are published."""
    if is_facilitator(user, strategic_session):
        return True
    return results_published(strategic_session) and bool(roles_in(user, strategic_session))


def is_conflicted(expert: Participant, project: Project) -> bool:
    """A conflict of interest is recorded for the pair, or the rule that detects one holds as
    the data stand now: the expert's organisation leads or partners in the project (so a
    change that has not been detected yet never opens a scorecard either)."""
    organisation_id = expert.organisation_id
    if organisation_id is not None and organisation_id == project.lead_organisation_id:
        return True
    # Asked by the page and again by the service that saves: read once per transaction.
    memo = transaction_memo("conflicts")
    key = (expert.id, organisation_id, project.id)
    if memo is not None and key in memo:
        return memo[key]
    conditions = [
        sa.exists().where(Conflict.expert_id == expert.id, Conflict.project_id == project.id)
    ]
    if organisation_id is not None:
        conditions.append(
            sa.exists().where(
                ProjectPartner.project_id == project.id,
                ProjectPartner.organisation_id == organisation_id,
            )
        )
    conflicted = bool(db.session.scalar(sa.select(sa.or_(*conditions))))
    if memo is not None:
        memo[key] = conflicted
    return conflicted


def can_open_scorecard(user, scorecard: Scorecard, strategic_session: StrategicSession) -> bool:
    """The scorecard's own expert, unless they have a conflict with the project; facilitators.

    Nobody else — in particular no other expert — may open it.
    """
    if is_facilitator(user, strategic_session):
        return True
    expert = scorecard.expert
    return (
        expert.user_id == user.id
        and ParticipantRole.EXPERT in user.roles_in(strategic_session)
        and not is_conflicted(expert, scorecard.project)
    )


def can_score(user, scorecard: Scorecard, strategic_session: StrategicSession) -> bool:
    """The scorecard's own expert, while the review is open and the scorecard a draft."""
    return (
        scorecard.expert.user_id == user.id
        and strategic_session.review_state == ReviewState.OPEN
        and scorecard.state == ScorecardState.DRAFT
        and can_open_scorecard(user, scorecard, strategic_session)
    )


def can_read_feedback(user, project: Project, strategic_session: StrategicSession) -> bool:
    """A project's review feedback (scores, comments, investors' interest): facilitators; the
    project's group and everyone else in the session once the results are published."""
    if is_facilitator(user, strategic_session):
        return True
    return results_published(strategic_session) and bool(roles_in(user, strategic_session))


# ----------------------------------------------------------------------------------------------
# Loaders that also check the kind of what they load (any other row of a session:
# core.loading.get_in_session_or_404)
# ----------------------------------------------------------------------------------------------


def get_expert_or_404(strategic_session: StrategicSession, participant_id) -> Participant:
    """An expert of this session (the participant's role checked).

    :raise 404: if the participant is not in this session or not an expert.
    """
    expert = get_in_session_or_404(Participant, participant_id, strategic_session)
    if expert.role != ParticipantRole.EXPERT:
        abort(404)
    return expert


def get_reviewed_project_or_404(strategic_session: StrategicSession, project_id) -> Project:
    """A project of this session that is (or was) under review (its state checked).

    :raise 404: if it is not in this session or not accepted for review.
    """
    project = get_in_session_or_404(Project, project_id, strategic_session)
    if project.state not in REVIEWABLE:
        abort(404)
    return project
