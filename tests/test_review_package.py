"""The package that fits the money: the integer programme against a brute force, and its page."""

import itertools
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from sessiontrack.audit.models import AuditEntry
from sessiontrack.exports import session_json
from sessiontrack.exports.session_json import ImportRefused
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState, ResourceKind, ResourceNeed, ResourceStatus
from sessiontrack.review import package as packages
from sessiontrack.review.models import ForumFund, PitchSlots
from sessiontrack.sessions.models import StrategicSession

from . import factories

FUND = (1, 2027)


def _candidate(pid, score, gap, direction=1, rank=None):
    gaps = {FUND: Decimal(gap)} if gap else {}
    return packages.Candidate(pid, f"P{pid}", direction, f"D{direction}", score, rank or pid, gaps)


def test_the_solver_beats_greedy_by_score():
    # Greedy by score takes A (6) and then nothing else fits: 90. The optimum is B + C: 150.
    a, b, c = _candidate(1, 90, 6), _candidate(2, 80, 5), _candidate(3, 70, 5)
    package = packages.choose([a, b, c], {FUND: Decimal(10)}, {})
    assert [x.project_id for x in package.chosen] == [2, 3]
    assert package.total_score == 150
    assert package.used[FUND] == Decimal(10)
    assert [(x.candidate.project_id, x.reason, x.funds) for x in package.left_out] == [
        (1, packages.NO_MONEY, [FUND])
    ]
    assert FUND in package.binding


def test_slots_bound_each_direction_and_ties_go_to_the_better_rank():
    projects = [_candidate(i, 50, 0, direction=1 + i % 2, rank=i) for i in range(1, 7)]
    package = packages.choose(projects, {}, {1: 1, 2: 2})
    assert [x.project_id for x in package.chosen] == [1, 2, 3]
    assert {x.reason for x in package.left_out} == {packages.NO_SLOT}


def test_no_limits_and_no_scores_are_said_plainly():
    assert packages.choose([_candidate(1, 10, 5)], {}, {}).status == packages.NO_LIMITS
    unscored = packages.choose([_candidate(1, None, 5)], {FUND: Decimal(1)}, {})
    assert unscored.status == packages.NO_PROJECTS
    assert unscored.left_out[0].reason == packages.NO_SCORE


FUNDS = [(1, 2027), (2, 2027), (1, 2028)]


@st.composite
def _cases(draw):
    n = draw(st.integers(0, 8))
    candidates = []
    for i in range(n):
        gaps = {}
        for key in FUNDS:
            gap = draw(st.integers(0, 20))
            if gap:
                gaps[key] = Decimal(gap) / 4
        candidates.append(
            packages.Candidate(
                i + 1, f"P{i}", draw(st.integers(1, 2)), "D", draw(st.integers(1, 100)), i + 1, gaps
            )
        )
    funds = {key: Decimal(draw(st.integers(0, 60))) / 4 for key in FUNDS if draw(st.booleans())}
    slots = {d: draw(st.integers(0, 4)) for d in (1, 2) if draw(st.booleans())}
    return candidates, funds, slots


def _fits(chosen, funds, slots):
    for key, available in funds.items():
        if sum((c.gaps.get(key, Decimal(0)) for c in chosen), Decimal(0)) > available:
            return False
    for direction, count in slots.items():
        if sum(1 for c in chosen if c.direction_id == direction) > count:
            return False
    return True


@settings(max_examples=60, deadline=None)
@given(_cases())
def test_the_package_is_the_brute_force_optimum_within_every_limit(case):
    candidates, funds, slots = case
    package = packages.choose(candidates, funds, slots)
    if package.status == packages.NO_LIMITS:
        return
    assert _fits(package.chosen, funds, slots)
    for item in package.left_out:  # no single left-out project could be added
        assert not _fits([*package.chosen, item.candidate], funds, slots)
    best = max(
        sum(c.score for c in subset)
        for r in range(len(candidates) + 1)
        for subset in itertools.combinations(candidates, r)
        if _fits(subset, funds, slots)
    )
    assert package.total_score == best


# ----------------------------------------------------------------------------------------------
# The page
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def forum(db):
    s = factories.make_session()
    direction = factories.make_direction(s)
    group = factories.make_group(direction)
    facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
    _user, expert = factories.make_expert(s)
    criterion = factories.make_criterion(s)
    source = factories.funding_source()
    projects = []
    for title, score, gap in (("Alpha", 9, "6"), ("Beta", 8, "5"), ("Gamma", 7, "5")):
        project = factories.make_project(s, group, title=title, state=ProjectState.RECOMMENDED)
        project.resources.append(
            ResourceNeed(
                kind=ResourceKind.FINANCIAL,
                amount=Decimal(gap),
                unit="млн руб.",
                year=2027,
                funding_source_id=source.id,
                status=ResourceStatus.REQUESTED,
            )
        )
        factories.make_scorecard(project, expert, {criterion: score}, submitted=True)
        projects.append(project)
    db.session.commit()
    return s, facilitator, source, direction


def test_the_facilitator_enters_funds_and_sees_the_package(forum, client, auth, db):
    s, facilitator, source, direction = forum
    auth.login(facilitator)
    url = f"/s/{s.slug}/review/package"
    page = client.get(url).get_data(as_text=True)
    assert f'name="fund-{source.id}-2027"' in page
    response = client.post(url, data={f"fund-{source.id}-2027": "10", f"slots-{direction.id}": ""})
    assert response.status_code == 303
    fund = db.session.query(ForumFund).one()
    assert (fund.year, fund.amount) == (2027, Decimal("10.00"))
    assert db.session.query(PitchSlots).count() == 0
    page = client.get(url + "?build=1").get_data(as_text=True)
    # The saved amount reads back as the reader writes numbers, not as «10.00».
    assert f'name="fund-{source.id}-2027" value="10"' in page
    chosen = page.split('id="package-chosen"')[1].split("</table>")[0]
    left_out = page.split('id="package-left-out"')[1].split("</table>")[0]
    assert "Beta" in chosen and "Gamma" in chosen and "Alpha" not in chosen
    assert "Alpha" in left_out and "Не укладывается в средства" in left_out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Введите число"),
        ("-1", "Введите число не меньше 0"),
        ("1.234", "Не больше двух знаков после запятой"),
        ("12345678901234567", "Не больше 16 знаков до запятой"),
        ("1e40", "Не больше 16 знаков до запятой"),  # no two-decimal form: was a 500
    ],
)
def test_a_bad_amount_is_refused_at_its_field(forum, client, auth, db, value, message):
    s, facilitator, source, _direction = forum
    auth.login(facilitator)
    name = f"fund-{source.id}-2027"
    response = client.post(f"/s/{s.slug}/review/package", data={name: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{name}-error"' in page and message in page
    assert db.session.query(ForumFund).count() == 0


def test_bad_slots_are_refused_at_their_field(forum, client, auth, db):
    s, facilitator, _source, direction = forum
    auth.login(facilitator)
    response = client.post(f"/s/{s.slug}/review/package", data={f"slots-{direction.id}": "x"})
    assert response.status_code == 422
    assert f'id="slots-{direction.id}-error"' in response.get_data(as_text=True)


# ----------------------------------------------------------------------------------------------
# The JSON round trip
# ----------------------------------------------------------------------------------------------


def _with_limits(db, forum):
    s, _facilitator, source, direction = forum
    db.session.add(ForumFund(session_id=s.id, funding_source_id=source.id, year=2027, amount=10))
    db.session.add(PitchSlots(session_id=s.id, direction_id=direction.id, slots=2))
    db.session.commit()
    return s


def test_funds_and_slots_go_through_the_json_round_trip(db, forum):
    s = _with_limits(db, forum)
    first = session_json.export_session(s)
    assert first["schema_version"] == session_json.SCHEMA_VERSION
    assert first["forum_funds"] == [
        {"funding_source": "federal_budget", "year": 2027, "amount": "10.00"}
    ]
    assert first["pitch_slots"] == [{"direction": "direction-1", "slots": 2}]
    session_json.import_session(session_json.loads(session_json.dumps(first)), slug="copy")
    db.session.commit()
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    second = session_json.export_session(copied)
    assert second["forum_funds"] == first["forum_funds"]
    assert second["pitch_slots"] == first["pitch_slots"]
    assert packages.funds_of(copied) == {(forum[2].id, 2027): Decimal("10.00")}


def test_a_file_without_funds_and_slots_still_imports(db, forum):
    document = session_json.export_session(_with_limits(db, forum))
    del document["forum_funds"], document["pitch_slots"]
    session_json.import_session(document, slug="older")
    db.session.commit()
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="older"))
    assert packages.funds_of(copied) == {} and packages.slots_of(copied) == {}


def test_bad_funds_and_slots_are_refused_where_they_are(db, forum):
    document = session_json.export_session(_with_limits(db, forum))
    document["forum_funds"].append(dict(document["forum_funds"][0]))
    document["forum_funds"][0]["amount"] = "-1"
    document["pitch_slots"][0]["slots"] = -3
    document["pitch_slots"].append({"direction": "direction-9", "slots": 1})
    with pytest.raises(ImportRefused) as refused:
        session_json.import_session(document, slug="bad")
    joined = "\n".join(refused.value.errors)
    assert "forum_funds[0].amount" in joined
    assert "forum_funds[1]" in joined
    assert "pitch_slots[0].slots" in joined
    assert "pitch_slots[1].direction" in joined


def test_saving_the_limits_is_audit_logged(forum, client, auth, db):
    s, facilitator, source, direction = forum
    auth.login(facilitator)
    client.post(
        f"/s/{s.slug}/review/package",
        data={f"fund-{source.id}-2027": "10,5", f"slots-{direction.id}": "2"},
    )
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_type == "forum_package")
    ).one()
    assert entry.action == "update"
    assert entry.changes["funds"] == [{}, {f"{source.id}/2027": "10.50"}]
    assert entry.changes["slots"] == [{}, {str(direction.id): "2"}]
    page = client.get(f"/s/{s.slug}/audit/").get_data(as_text=True)
    assert "Пакет проектов для форума" in page
