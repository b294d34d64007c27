"""Each scorecard's total and values are kept when its scores are written, by every path that
writes them, and the consistency check finds any that drifted (issue 17, point 1)."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from sessiontrack.exports import session_json
from sessiontrack.review import paper, services
from sessiontrack.review.aggregation.formulas import scorecard_total
from sessiontrack.review.models import Scorecard
from sessiontrack.review.queries import session_criteria
from sessiontrack.review.services import totals
from sessiontrack.sampledata.bench import BenchSizes, generate
from sessiontrack.sessions.models import ReviewState, StrategicSession

from .review_world import make_review


def _kept(db, strategic_session):
    """Every scorecard's kept (total, values) by id."""
    return {
        card.id: (card.total, card.criterion_values)
        for card in db.session.scalars(
            sa.select(Scorecard).where(Scorecard.in_session(strategic_session.id))
        )
    }


def _from_scores(card, criteria):
    """What the formula gives for the card's scores, independently of the kept figures."""
    values = {score.criterion_id: score.value for score in card.scores}
    counted = [c for c in criteria if c.counted and c.id in values]
    total = scorecard_total(values, criteria) if counted else None
    return total, {str(k): v for k, v in sorted(values.items())}


def _assert_consistent(db, strategic_session):
    criteria = session_criteria(strategic_session)
    cards = list(
        db.session.scalars(sa.select(Scorecard).where(Scorecard.in_session(strategic_session.id)))
    )
    assert cards
    for card in cards:
        assert (card.total, card.criterion_values) == _from_scores(card, criteria)
    assert totals.differences(strategic_session) == []


@pytest.fixture
def review(db):
    review = make_review(n_projects=2, n_experts=2)
    db.session.commit()
    return review


def test_a_save_and_a_submit_keep_the_total(db, review):
    user, expert = review.experts[0]
    effect, feasibility, novelty = review.criteria
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    assert (card.total, card.criterion_values) == (None, {})
    services.save_scorecard(review.session, card, user, values={novelty.id: 7})
    assert card.total is None  # only a reported criterion: no total yet
    services.save_scorecard(review.session, card, user, values={effect.id: 10, feasibility.id: 3})
    services.submit_scorecard(review.session, card, user)
    db.session.commit()
    # (2 · 10/10 + 1 · (3 − 1)/4) / 3 × 100
    assert card.total == pytest.approx((2 * 1.0 + 1 * 0.5) / 3 * 100)
    assert card.criterion_values == {str(effect.id): 10, str(feasibility.id): 3, str(novelty.id): 7}
    _assert_consistent(db, review.session)


def test_a_paper_sheet_keeps_the_totals_of_its_rows(db, review):
    _user, expert = review.experts[0]
    cards = [
        services.assign(review.session, expert, project, review.facilitator)
        for project in review.projects
    ]
    db.session.commit()
    workbook = load_workbook(io.BytesIO(paper.build_sheet(review.session, expert)))
    sheet = workbook.worksheets[0]
    for row, (effect, feasibility) in zip(
        range(paper.FIRST_ROW, paper.FIRST_ROW + 2), [(4, 5), (8, 1)], strict=True
    ):
        sheet.cell(row, 4).value, sheet.cell(row, 5).value = effect, feasibility
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = paper.import_sheet(review.session, expert, buffer, review.facilitator)
    assert result.errors == [] and result.submitted == 2
    db.session.commit()
    assert [card.total for card in cards] == pytest.approx(
        [(2 * 0.4 + 1 * 1.0) / 3 * 100, (2 * 0.8 + 0) / 3 * 100]
    )
    _assert_consistent(db, review.session)


def test_a_criterion_changed_or_deleted_recomputes_the_kept_totals(db, review):
    user, expert = review.experts[0]
    effect, feasibility, _novelty = review.criteria
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, card, user, values={effect.id: 10, feasibility.id: 1})
    services.submit_scorecard(review.session, card, user)
    review.session.review_state = ReviewState.CLOSED
    db.session.commit()
    assert card.total == pytest.approx(2 / 3 * 100)
    services.reopen_criteria(review.session, review.facilitator)
    data = services.CriterionData(
        title=feasibility.title, weight=2, scale_min=1, scale_max=5, position=2
    )
    services.save_criterion(review.session, data, review.facilitator, feasibility)
    db.session.commit()
    card = db.session.get(Scorecard, card.id)
    assert card.total == pytest.approx(50.0)  # (2 · 1 + 2 · 0) / 4
    services.delete_criterion(feasibility, review.facilitator, review.session)
    db.session.commit()
    card = db.session.get(Scorecard, card.id)
    assert card.total == pytest.approx(100.0)
    assert card.criterion_values == {str(effect.id): 10}
    _assert_consistent(db, review.session)


def test_a_json_import_keeps_the_totals(db, demo):
    strategic_session = demo
    document = session_json.export_session(strategic_session)
    session_json.import_session(session_json.loads(session_json.dumps(document)), slug="copy")
    db.session.commit()
    copy = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    _assert_consistent(db, copy)
    assert sorted(t for t, _v in _kept(db, copy).values() if t is not None) == sorted(
        t for t, _v in _kept(db, strategic_session).values() if t is not None
    )


def test_the_demo_and_the_benchmark_generator_keep_the_totals(db, demo):
    _assert_consistent(db, demo)
    generated = generate(BenchSizes(projects=3, experts=2, participants=20), seed=3, slug="gen")
    db.session.commit()
    _assert_consistent(db, db.session.get(StrategicSession, generated.session_id))


def test_the_check_reports_a_drifted_total_and_repairs_it(db, review, runner):
    user, expert = review.experts[0]
    effect, feasibility, _novelty = review.criteria
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, card, user, values={effect.id: 5, feasibility.id: 5})
    db.session.commit()
    assert runner.invoke(args=["check-totals"]).output.endswith(
        "0 scorecard(s) differ in 1 session(s).\n"
    )
    db.session.execute(sa.update(Scorecard).where(Scorecard.id == card.id).values(total=1.0))
    db.session.commit()
    found = runner.invoke(args=["check-totals", "--session", review.session.slug])
    assert found.exit_code == 1
    assert f"scorecard {card.id}: kept total 1.0" in found.output
    assert "1 scorecard(s) differ in 1 session(s)." in found.output
    repaired = runner.invoke(args=["check-totals", "--repair"])
    assert repaired.exit_code == 0 and "repaired" in repaired.output
    db.session.expire_all()
    _assert_consistent(db, review.session)


def test_a_total_is_the_same_in_any_order_of_the_criteria_and_rounding_is_no_difference(db):
    """Added one by one in two orders, these weights gave totals one binary digit apart
    (38.94736842105264 against …63), and the check, reading the criteria in another order
    than the writers, reported a difference. The sums are exactly rounded now (one total in
    any order), and a kept total that differs by rounding only is no difference."""
    from . import factories

    session = factories.make_session()
    group = factories.make_group(factories.make_direction(session))
    project = factories.make_project(session, group)
    expert = factories.make_participant(session)
    weights, scores = [0.5, 0.5, 1.5, 2, 3, 2], [10, 3, 7, 4, 0, 6]
    # Made in the reverse of their order: the ids run against the positions.
    criteria = [
        factories.make_criterion(session, weight=weight, position=6 - n)
        for n, weight in enumerate(reversed(weights))
    ][::-1]
    card = factories.make_scorecard(project, expert, dict(zip(criteria, scores, strict=True)))
    db.session.commit()
    values = {c.id: v for c, v in zip(criteria, scores, strict=True)}
    for order in (criteria, sorted(criteria, key=lambda c: c.id), session_criteria(session)):
        assert scorecard_total(values, order) == card.total
    assert totals.differences(session) == []
    card.total = 38.94736842105263  # kept by an older, order-dependent sum: rounding only
    db.session.commit()
    assert totals.differences(session) == []
