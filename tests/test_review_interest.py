"""Investors' structured interest: the form, the amount range, the stage, one row per pair."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.core.errors import DomainError
from sessiontrack.projects.models import Stage
from sessiontrack.review import services
from sessiontrack.review.models import InvestorInterest, ParticipationForm
from sessiontrack.review.services import InterestTerms

from .review_world import make_review


def _stage(db, project, title="Стройка") -> Stage:
    stage = Stage(project_id=project.id, title=title)
    db.session.add(stage)
    db.session.flush()
    return stage


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(InvestorInterest))


def test_an_investor_marks_structured_interest_and_changes_it(db):
    review = make_review()
    user, investor = review.experts[-1]
    project = review.projects[0]
    stage = _stage(db, project)
    terms = InterestTerms(
        form=ParticipationForm.LOAN,
        amount_from=Decimal("10"),
        amount_to=Decimal("25.5"),
        stage_id=stage.id,
        note="Готов обсудить",
    )
    interest = services.mark_interest(review.session, investor, project, terms, user)
    assert (interest.form, interest.amount_from, interest.amount_to, interest.stage_id) == (
        ParticipationForm.LOAN,
        Decimal("10.00"),
        Decimal("25.50"),
        stage.id,
    )
    # The same terms sent twice: one row, nothing changes.
    again = services.mark_interest(review.session, investor, project, terms, user)
    assert again.id == interest.id and _count(db) == 1
    changed = InterestTerms(form=ParticipationForm.GRANT, amount_to=Decimal(5))
    services.mark_interest(review.session, investor, project, changed, user)
    db.session.refresh(interest)
    assert (interest.form, interest.amount_from, interest.amount_to, interest.stage_id) == (
        ParticipationForm.GRANT,
        None,
        Decimal("5.00"),
        None,
    )
    assert _count(db) == 1


def test_a_note_alone_still_marks_a_partnership(db):
    review = make_review()
    user, investor = review.experts[-1]
    interest = services.mark_interest(review.session, investor, review.projects[0], "Да", user)
    assert interest.form == ParticipationForm.PARTNERSHIP
    assert interest.amount_from is None and interest.note == "Да"


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (InterestTerms(amount_from=Decimal(-1)), "amount_from"),
        (InterestTerms(amount_to=Decimal(10) ** 16), "amount_to"),
        (InterestTerms(amount_from=Decimal(20), amount_to=Decimal(10)), "amount_to"),
    ],
)
def test_amounts_out_of_bounds_or_reversed_are_refused(db, terms, field):
    review = make_review()
    user, investor = review.experts[-1]
    with pytest.raises(DomainError) as refused:
        services.mark_interest(review.session, investor, review.projects[0], terms, user)
    assert refused.value.field == field
    assert _count(db) == 0


def test_the_stage_must_be_the_projects(db):
    review = make_review()
    user, investor = review.experts[-1]
    other_stage = _stage(db, review.projects[1])
    with pytest.raises(DomainError) as refused:
        services.mark_interest(
            review.session,
            investor,
            review.projects[0],
            InterestTerms(stage_id=other_stage.id),
            user,
        )
    assert refused.value.field == "stage_id"
    assert _count(db) == 0


def test_the_database_refuses_a_reversed_range(db):
    review = make_review()
    user, investor = review.experts[-1]
    interest = services.mark_interest(review.session, investor, review.projects[0], "", user)
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.update(InvestorInterest)
            .where(InvestorInterest.id == interest.id)
            .values(amount_from=Decimal(9), amount_to=Decimal(1))
        )
