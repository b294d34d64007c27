"""Investors' interest in a project: marked with a note, or withdrawn."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit.services import record
from ...core import errors
from ...core.unique import insert_missing
from ...extensions import db
from ...people.models import ExpertKind, Participant
from ...projects.models import Project
from ...projects.permissions import REVIEWABLE
from ...sessions.models import StrategicSession
from ..models import InvestorInterest
from .common import _about


def mark_interest(
    strategic_session: StrategicSession, expert: Participant, project: Project, note: str, user
) -> InvestorInterest:
    """An investor marks (or updates) their interest in a project, with a note.

    Marking it again with the same note changes nothing and logs nothing (a form sent twice).
    """
    if expert.expert_kind != ExpertKind.INVESTOR or expert.user_id != user.id:
        raise errors.NotAllowed(_("Only an investor marks interest in a project."))
    if project.state not in REVIEWABLE:
        raise errors.DomainError(_("This project is not under review."))
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
    """The investor withdraws their interest in a project, recorded.

    :raise ReviewError: (403) for anyone but that investor.
    """
    if interest.expert.user_id != user.id:
        raise errors.NotAllowed(_("Only the investor withdraws their interest."))
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
