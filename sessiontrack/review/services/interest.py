"""Investors' interest in a project: marked (form, amount range, stage, note), or withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit.services import record
from ...core import errors
from ...core.unique import insert_missing
from ...extensions import db
from ...people.models import ExpertKind, Participant
from ...projects.models import Project, Stage
from ...projects.permissions import REVIEWABLE
from ...sessions.models import StrategicSession
from ..models import InvestorInterest, ParticipationForm
from .common import _about

# The largest amount (millions of roubles) a NUMERIC(18, 2) column holds, as the passport's.
AMOUNT_LIMIT = Decimal(10) ** 15


@dataclass(frozen=True)
class InterestTerms:
    """What an investor offers: the form, the amount range (millions of roubles, either end
    open), the stage of the project they would join (its id, or None), a note."""

    form: ParticipationForm = ParticipationForm.PARTNERSHIP
    amount_from: Decimal | None = None
    amount_to: Decimal | None = None
    stage_id: int | None = None
    note: str = ""


def _checked(project: Project, terms: InterestTerms) -> dict:
    """The terms as column values, checked.

    :raise DomainError: (422) an amount negative or too large, the range reversed, or a stage
        that is not the project's.
    """
    for field, value in (("amount_from", terms.amount_from), ("amount_to", terms.amount_to)):
        if value is not None and value < 0:
            raise errors.DomainError(_("The amount cannot be negative."), field=field)
        if value is not None and value >= AMOUNT_LIMIT:
            raise errors.DomainError(_("The number is too large."), field=field)
    if (
        terms.amount_from is not None
        and terms.amount_to is not None
        and terms.amount_from > terms.amount_to
    ):
        raise errors.DomainError(
            _("The amount «from» cannot exceed the amount «to»."), field="amount_to"
        )
    if terms.stage_id is not None:
        stage = db.session.get(Stage, terms.stage_id)
        if stage is None or stage.project_id != project.id:
            raise errors.DomainError(_("Choose one of the project's stages."), field="stage_id")
    return {
        "form": ParticipationForm(terms.form),
        "amount_from": _money(terms.amount_from),
        "amount_to": _money(terms.amount_to),
        "stage_id": terms.stage_id,
        "note": terms.note.strip(),
    }


def _money(value: Decimal | None) -> Decimal | None:
    """An amount kept to two decimals, as the column stores it."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _current(interest: InvestorInterest) -> dict:
    """The interest's terms as column values, to compare with new ones."""
    return {
        "form": interest.form,
        "amount_from": _money(interest.amount_from),
        "amount_to": _money(interest.amount_to),
        "stage_id": interest.stage_id,
        "note": interest.note,
    }


def _logged(values: dict) -> dict:
    """Terms as the audit log keeps them (plain JSON values)."""
    return {
        key: (str(value) if isinstance(value, Decimal) else value) for key, value in values.items()
    }


def mark_interest(
    strategic_session: StrategicSession,
    expert: Participant,
    project: Project,
    note: str | InterestTerms,
    user,
) -> InvestorInterest:
    """An investor marks (or changes) their interest in a project: its terms, or just a note.

    One row per investor and project (a double submit adds no second one); marking it again
    with the same terms changes nothing and logs nothing.

    :raise DomainError: (403) for anyone but an investor marking their own interest; (422) for
        a project not under review or terms out of bounds (:func:`_checked`).
    """
    terms = note if isinstance(note, InterestTerms) else InterestTerms(note=note)
    if expert.expert_kind != ExpertKind.INVESTOR or expert.user_id != user.id:
        raise errors.NotAllowed(_("Only an investor marks interest in a project."))
    if project.state not in REVIEWABLE:
        raise errors.DomainError(_("This project is not under review."))
    values = _checked(project, terms)
    added = insert_missing(
        InvestorInterest,
        [{"expert_id": expert.id, "project_id": project.id, **values}],
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
        old = _current(interest)
        if old == values:
            return interest
        for key, value in values.items():
            setattr(interest, key, value)
        db.session.flush()
    before, after = _logged(old or {}), _logged(values)
    record(
        "interest_marked",
        interest,
        strategic_session=strategic_session,
        user=user,
        summary=_about(expert.full_name, project.display_title),
        changes={
            key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]
        },
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
