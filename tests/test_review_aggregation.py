"""The review's results: hand-computed examples, then properties that must hold for any data."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessiontrack.people.models import ExpertKind
from sessiontrack.projects.models import ProjectState
from sessiontrack.review.aggregation import (
    RAW,
    ZSCORE,
    CardTotal,
    CriterionInfo,
    ProjectInfo,
    Thresholds,
    competition_ranks,
    compute_results,
    normalise,
    rank_projects,
    scorecard_total,
)

from . import factories

# ----------------------------------------------------------------------------------------------
# The scorecard total
# ----------------------------------------------------------------------------------------------

A = CriterionInfo(1, "A", weight=2, counted=True, scale_min=0, scale_max=10)
B = CriterionInfo(2, "B", weight=1, counted=True, scale_min=0, scale_max=4)
REPORTED = CriterionInfo(3, "R", weight=0, counted=False, scale_min=0, scale_max=10)


def test_total_weights_each_score_on_its_own_scale():
    # (2·10/10 + 1·4/4) / 3 × 100 = 100; (2·6/10 + 0) / 3 × 100 = 40; (2·1 + 1·1/4) / 3 = 75 %
    assert scorecard_total({1: 10, 2: 4}, [A, B]) == pytest.approx(100)
    assert scorecard_total({1: 6, 2: 0}, [A, B]) == pytest.approx(40)
    assert scorecard_total({1: 10, 2: 1}, [A, B]) == pytest.approx(75)


def test_reported_criteria_do_not_count():
    assert scorecard_total({1: 5, 2: 2, 3: 10}, [A, B, REPORTED]) == pytest.approx(50)
    assert scorecard_total({1: 5, 2: 2, 3: 0}, [A, B, REPORTED]) == pytest.approx(50)


def test_a_scale_not_starting_at_zero():
    one_to_five = CriterionInfo(4, "C", weight=1, counted=True, scale_min=1, scale_max=5)
    # (3 − 1) / (5 − 1) = 50 %
    assert scorecard_total({4: 3}, [one_to_five]) == pytest.approx(50)


def test_a_draft_counts_the_criteria_scored_so_far():
    assert scorecard_total({1: 5}, [A, B]) == pytest.approx(50)


def test_nothing_to_count_is_an_error():
    with pytest.raises(ValueError):
        scorecard_total({3: 5}, [A, B, REPORTED])


# ----------------------------------------------------------------------------------------------
# Ranking and figures from totals
# ----------------------------------------------------------------------------------------------


def _project(pid, title=None, direction=1):
    return ProjectInfo(
        pid, title or f"P{pid}", "", direction, f"D{direction}", direction, ProjectState.ACCEPTED
    )


def test_ties_share_a_rank():
    assert competition_ranks({1: 80.0, 2: 70.0, 3: 70.0, 4: 60.0, 5: None}) == {
        1: 1,
        2: 2,
        3: 2,
        4: 4,
        5: None,
    }


def test_tied_projects_are_listed_by_title():
    projects = [_project(1, "Zeta"), _project(2, "alpha"), _project(3, "Mid")]
    cards = [CardTotal(1, 9, 70), CardTotal(2, 9, 70), CardTotal(3, 9, 90)]
    results = rank_projects(projects, cards)
    assert [(r.title, r.rank) for r in results] == [("Mid", 1), ("alpha", 2), ("Zeta", 2)]


def test_ranks_within_each_direction():
    projects = [_project(1, direction=1), _project(2, direction=2), _project(3, direction=1)]
    cards = [CardTotal(1, 9, 50), CardTotal(2, 9, 40), CardTotal(3, 9, 60)]
    by_id = {r.project_id: r for r in rank_projects(projects, cards)}
    assert [(by_id[i].rank, by_id[i].direction_rank) for i in (1, 2, 3)] == [
        (2, 2),
        (3, 1),
        (1, 1),
    ]


def test_figures_of_a_project():
    # Totals 100, 40, 75: mean 71.67, median 75, population sd √(1816.67 / 3) = 24.61, range 60.
    cards = [CardTotal(1, 1, 100), CardTotal(1, 2, 40), CardTotal(1, 3, 75)]
    [result] = rank_projects([_project(1)], cards, thresholds=Thresholds(3, 25, 60))
    assert result.n == 3
    assert result.mean == pytest.approx(71.6667, abs=1e-4)
    assert result.median == 75
    assert result.stdev == pytest.approx(24.6080, abs=1e-4)
    assert (result.minimum, result.maximum, result.spread) == (40, 100, 60)
    assert result.totals == (40, 75, 100)
    # sd 24.6 is not above 25, the range 60 not above 60: no flag; 3 reviews are enough.
    assert result.flags == frozenset()
    [tight] = rank_projects([_project(1)], cards, thresholds=Thresholds(4, 24, 60))
    assert tight.disagreement and tight.too_few


def test_a_project_without_scorecards_is_not_ranked():
    results = rank_projects([_project(1), _project(2)], [CardTotal(1, 1, 10)])
    assert [(r.project_id, r.rank, r.n, r.mean) for r in results] == [
        (1, 1, 1, 10),
        (2, None, 0, None),
    ]
    assert results[1].too_few and not results[1].disagreement


def test_normalisation_by_hand():
    # Expert 1 gives 100 and 50 (mean 75, sd 25): z = +1, −1. Expert 2 gives 40 and 50
    # (mean 45, sd 5): z = −1, +1. Expert 3 gives 75 once: z = 0.
    # Panel of 100, 50, 40, 50, 75: mean 63, sd √(2380 / 5) = 21.817.
    cards = [
        CardTotal(1, 1, 100),
        CardTotal(2, 1, 50),
        CardTotal(1, 2, 40),
        CardTotal(2, 2, 50),
        CardTotal(1, 3, 75),
    ]
    sd = math.sqrt(2380 / 5)
    assert [c.total for c in normalise(cards)] == pytest.approx(
        [63 + sd, 63 - sd, 63 - sd, 63 + sd, 63]
    )
    raw = {r.project_id: r for r in rank_projects([_project(1), _project(2)], cards)}
    assert (raw[1].rank, raw[2].rank) == (1, 2)
    normalised = {
        r.project_id: r for r in rank_projects([_project(1), _project(2)], cards, method=ZSCORE)
    }
    # Project 1 owed its lead to a lenient expert: normalised, both average 63 and tie.
    assert normalised[1].mean == pytest.approx(63)
    assert normalised[2].mean == pytest.approx(63)
    assert (normalised[1].rank, normalised[2].rank) == (1, 1)
    assert normalised[1].raw_mean == pytest.approx(215 / 3)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        rank_projects([], [], method="median")


# ----------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------

# Totals to the hundredth (real totals are ratios of small integers, never 1e-84 apart).
totals = st.integers(0, 10_000).map(lambda hundredths: hundredths / 100)


@st.composite
def panels(draw):
    """Projects (1–6) and cards: each of 1–5 experts scores a subset of the projects."""
    n_projects = draw(st.integers(1, 6))
    projects = [
        _project(pid, title=draw(st.sampled_from(["A", "B", "C"])), direction=pid % 2)
        for pid in range(1, n_projects + 1)
    ]
    cards = []
    for expert in range(1, draw(st.integers(1, 5)) + 1):
        for pid in range(1, n_projects + 1):
            if draw(st.booleans()):
                cards.append(CardTotal(pid, expert, draw(totals)))
    return projects, cards


@settings(max_examples=60, deadline=None)
@given(panels(), st.sampled_from([RAW, ZSCORE]), st.randoms(use_true_random=False))
def test_order_of_experts_and_projects_changes_nothing(panel, method, rnd):
    projects, cards = panel
    before = rank_projects(projects, cards, method=method)
    rnd.shuffle(projects)
    rnd.shuffle(cards)
    assert rank_projects(projects, cards, method=method) == before


@settings(max_examples=60, deadline=None)
@given(panels(), st.integers(-5000, 5000).map(lambda c: c / 100), st.integers(1, 5))
def test_a_constant_added_to_one_experts_totals_keeps_the_normalised_ranking(
    panel, constant, expert
):
    projects, cards = panel
    shifted = [
        CardTotal(
            c.project_id, c.expert_id, c.total + constant if c.expert_id == expert else c.total
        )
        for c in cards
    ]
    before = {r.project_id: r for r in rank_projects(projects, cards, method=ZSCORE)}
    after = {r.project_id: r for r in rank_projects(projects, shifted, method=ZSCORE)}
    for a in before.values():
        for b in before.values():
            if a.mean is None or b.mean is None:
                assert (after[a.project_id].rank is None) == (a.mean is None)
            elif a.mean > b.mean + 1e-6:
                assert after[a.project_id].rank < after[b.project_id].rank


@st.composite
def scorecards(draw):
    criteria, scores = [], {}
    for cid in range(1, draw(st.integers(1, 6)) + 1):
        low = draw(st.integers(-5, 5))
        high = low + draw(st.integers(1, 10))
        criteria.append(CriterionInfo(cid, f"C{cid}", draw(st.integers(1, 5)), True, low, high))
        scores[cid] = draw(st.integers(low, high))
    return criteria, scores


@settings(max_examples=100, deadline=None)
@given(scorecards(), st.integers(1, 10), st.integers(-20, 20), st.integers(1, 7))
def test_a_proportional_change_of_scales_keeps_the_totals(card, factor, offset, weight_factor):
    criteria, scores = card
    total = scorecard_total(scores, criteria)
    assert 0 <= total <= 100
    rescaled = [
        CriterionInfo(
            c.id,
            c.title,
            c.weight * weight_factor,
            True,
            c.scale_min * factor + offset,
            c.scale_max * factor + offset,
        )
        for c in criteria
    ]
    new_scores = {cid: value * factor + offset for cid, value in scores.items()}
    assert scorecard_total(new_scores, rescaled) == pytest.approx(total)


# ----------------------------------------------------------------------------------------------
# From the database
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def panel(db):
    """Two criteria and a reported one; three experts (the third an investor); three projects.

    Expert 1: P1 = 100, P2 = 50. Expert 2: P1 = 40, P2 = 50. Investor: P1 = 75, P2 a draft.
    P3 has no scorecard; a withdrawn project and a submitted one are not reviewed.
    """
    s = factories.make_session(review_min_scorecards=3)
    direction = factories.make_direction(s, title="Город")
    other = factories.make_direction(s, title="Наука")
    group = factories.make_group(direction)
    other_group = factories.make_group(other)
    a = factories.make_criterion(s, title="A", weight=2, scale_max=10, position=1)
    b = factories.make_criterion(s, title="B", weight=1, scale_max=4, position=2)
    r = factories.make_criterion(s, title="R", weight=0, counted=False, position=3)
    accepted = ProjectState.ACCEPTED
    p1 = factories.make_project(s, group, title="Первый", state=accepted)
    p2 = factories.make_project(s, other_group, title="Второй", state=ProjectState.RECOMMENDED)
    p3 = factories.make_project(s, group, title="Третий", state=accepted)
    withdrawn = factories.make_project(s, group, state=ProjectState.WITHDRAWN)
    _, e1 = factories.make_expert(s, name="Эксперт 1")
    _, e2 = factories.make_expert(s, name="Эксперт 2")
    _, e3 = factories.make_expert(s, name="Инвестор", kind=ExpertKind.INVESTOR)
    make = factories.make_scorecard
    make(p1, e1, {a: 10, b: 4, r: 9}, submitted=True)
    make(p2, e1, {a: 5, b: 2}, submitted=True)
    make(p1, e2, {a: 6, b: 0, r: 7}, submitted=True)
    make(p2, e2, {a: 5, b: 2}, submitted=True)
    make(p1, e3, {a: 10, b: 1}, submitted=True)
    make(p2, e3, {a: 0})
    make(withdrawn, e1, {a: 10, b: 4}, submitted=True)
    db.session.commit()
    return {"session": s, "p1": p1, "p2": p2, "p3": p3, "e": (e1, e2, e3), "c": (a, b, r)}


def test_results_from_the_database_by_hand(panel):
    results = compute_results(panel["session"])
    p1, p2, p3 = (results.project(panel[k].id) for k in ("p1", "p2", "p3"))
    a, b, r = panel["c"]
    assert [p.project_id for p in results.projects] == [p1.project_id, p2.project_id, p3.project_id]
    assert (p1.rank, p2.rank, p3.rank) == (1, 2, None)
    assert (p1.direction_rank, p2.direction_rank, p3.direction_rank) == (1, 1, None)
    assert p1.totals == pytest.approx((40, 75, 100))
    assert p1.mean == pytest.approx(215 / 3)
    assert p1.median == pytest.approx(75)
    assert p1.stdev == pytest.approx(24.6080, abs=1e-4)
    assert p1.criterion_means == pytest.approx({a.id: 26 / 3, b.id: 5 / 3})
    assert p1.reported_means == pytest.approx({r.id: 8})
    assert p1.flags == {"disagreement"}
    assert (p2.n, p2.mean, p2.stdev) == (2, pytest.approx(50), pytest.approx(0))
    assert p2.flags == {"too_few"}
    assert p3.flags == {"too_few"} and p3.n == 0
    assert p2.direction_title == "Наука"
    assert [c.title for c in results.criteria] == ["A", "B", "R"]
    assert [c.title for c in results.counted_criteria] == ["A", "B"]
    assert results.panel_mean == pytest.approx(63)
    experts = {e.name: e for e in results.experts}
    assert (experts["Эксперт 1"].n_scored, experts["Эксперт 1"].mean_total) == (2, 75)
    assert experts["Эксперт 2"].difference == pytest.approx(45 - 63)
    assert experts["Инвестор"].n_scored == 1
    assert results.method == RAW and "по названию" in str(results.tie_break)


def test_results_normalised_from_the_database(panel):
    results = compute_results(panel["session"], method=ZSCORE)
    p1, p2 = results.project(panel["p1"].id), results.project(panel["p2"].id)
    assert p1.mean == pytest.approx(63) and p2.mean == pytest.approx(63)
    assert p1.rank == p2.rank == 1
    assert p1.raw_mean == pytest.approx(215 / 3)


def test_results_for_one_kind_of_expert(panel):
    experts_only = compute_results(panel["session"], expert_kind=ExpertKind.EXPERT)
    assert experts_only.project(panel["p1"].id).totals == pytest.approx((40, 100))
    assert [e.name for e in experts_only.experts] == ["Эксперт 1", "Эксперт 2"]
    investors = compute_results(panel["session"], expert_kind=ExpertKind.INVESTOR)
    assert investors.project(panel["p1"].id).totals == pytest.approx((75,))
    assert investors.project(panel["p2"].id).n == 0


def test_drafts_only_when_asked(panel):
    with_drafts = compute_results(panel["session"], include_drafts=True)
    assert with_drafts.project(panel["p2"].id).totals == pytest.approx((0, 50, 50))


def test_database_totals_agree_with_the_formula(panel):
    criteria = compute_results(panel["session"]).criteria
    e1 = panel["e"][0]
    expected = scorecard_total({criteria[0].id: 10, criteria[1].id: 4}, criteria)
    result = compute_results(panel["session"]).project(panel["p1"].id)
    assert expected in result.totals
    assert e1 is not None


def test_by_direction_follows_the_sessions_directions(panel):
    grouped = compute_results(panel["session"]).by_direction
    assert [[p.title for p in projects] for projects in grouped.values()] == [
        ["Первый", "Третий"],
        ["Второй"],
    ]


def _panel_of_size(n_projects: int, n_experts: int, n_criteria: int = 6):
    s = factories.make_session()
    group = factories.make_group(factories.make_direction(s))
    criteria = [factories.make_criterion(s) for _ in range(n_criteria)]
    experts = [factories.make_participant(s, role="expert") for _ in range(n_experts)]
    rnd = random.Random(n_projects * 100 + n_experts)
    for _ in range(n_projects):
        project = factories.make_project(s, group, state=ProjectState.ACCEPTED)
        for expert in experts:
            values = {c: rnd.randint(0, 10) for c in criteria}
            factories.make_scorecard(project, expert, values, submitted=True)
    return s


def test_a_fixed_number_of_queries_whatever_the_size(db, count_queries):
    counts = []
    for n_projects, n_experts in ((10, 3), (50, 3), (10, 10)):
        s = _panel_of_size(n_projects, n_experts, n_criteria=3)
        db.session.commit()
        db.session.expire_all()
        assert s.slug  # the session itself is loaded by the page before the results
        with count_queries() as counter:
            for method in (RAW, ZSCORE):
                results = compute_results(s, method=method)
        assert len(results.projects) == n_projects
        counts.append(counter.count)
    # Five queries per computation (criteria, projects, experts, conflicts, totals); the
    # criterion means are read when a page or an export asks for them.
    assert counts[0] == counts[1] == counts[2] == 10


def test_a_conflicted_scorecard_never_counts(panel):
    e1 = panel["e"][0]
    factories.make_conflict(e1, panel["p1"])
    results = compute_results(panel["session"])
    assert results.project(panel["p1"].id).totals == pytest.approx((40, 75))


def test_criterion_means_are_read_for_a_page_or_for_all_in_one_query(db, count_queries):
    s = _panel_of_size(12, 3, n_criteria=3)
    db.session.commit()
    everything = compute_results(s)
    expected = {p.project_id: p.criterion_means for p in everything.projects}
    results = compute_results(s)
    page = [p.project_id for p in results.projects[:4]]
    with count_queries() as counter:
        results.prefetch_means(page)
        shown = {pid: results.project(pid).criterion_means for pid in page}
        results.prefetch_means(page)
    assert counter.count == 1  # the page's rows, once
    assert shown == {pid: expected[pid] for pid in page}
    with count_queries() as counter:
        every = {p.project_id: p.criterion_means for p in results.projects}
        reported = [p.reported_means for p in results.projects]
    assert counter.count == 1  # every other project at the first question about one of them
    assert every == expected and len(reported) == 12
    assert all(len(means) == 3 for means in every.values())
