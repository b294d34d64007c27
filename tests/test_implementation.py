"""After the forum: recording a recommended project's progress and the facilitator's portfolio."""

from datetime import date
from decimal import Decimal

import pytest

from sessiontrack.core.errors import Conflict, DomainError, NotAllowed
from sessiontrack.projects import implementation as progress
from sessiontrack.projects.models import ProjectState, StageStatus
from sessiontrack.sessions.models import SessionState

from . import factories

TODAY = date(2019, 7, 1)


@pytest.fixture
def project(world, db):
    """A complete project of the world's group, recommended for the forum (needs 12.5 mln)."""
    return factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )


def _record_stage(world, stage, user=None, **values):
    values.setdefault("actual_start", date(2019, 1, 10))
    values.setdefault("actual_end", None)
    values.setdefault("status", StageStatus.IN_PROGRESS)
    values.setdefault("seen", (stage.actual_start, stage.actual_end, stage.status))
    return progress.record_stage(user or world.member, stage, world.session, **values)


def test_the_late_rule_on_a_fixed_date(project):
    stage = project.stages[0]  # planned to end on 30 June 2019
    assert progress.is_late(stage, TODAY)
    assert not progress.is_late(stage, date(2019, 6, 30))
    stage.actual_end = date(2019, 7, 5)
    assert not progress.is_late(stage, TODAY)
    stage.actual_end, stage.ends_on = None, None
    assert not progress.is_late(stage, TODAY)


def test_the_group_and_the_facilitator_record_progress_others_may_not(world, project, db):
    for user in (world.member, world.moderator, world.facilitator):
        assert progress.can_record_progress(user, project, world.session)
    assert not progress.can_record_progress(world.other_member, project, world.session)
    with pytest.raises(NotAllowed):
        _record_stage(world, project.stages[0], user=world.other_member)
    project.state = ProjectState.NOT_RECOMMENDED
    assert not progress.can_record_progress(world.member, project, world.session)
    project.state = ProjectState.RECOMMENDED
    world.session.state = SessionState.ARCHIVED
    assert not progress.can_record_progress(world.facilitator, project, world.session)


def test_a_stage_records_its_actual_dates_and_a_stale_change_is_refused(world, project, db):
    stage = project.stages[0]
    seen = (stage.actual_start, stage.actual_end, stage.status)
    _record_stage(world, stage)
    db.session.commit()
    assert (stage.actual_start, stage.status) == (date(2019, 1, 10), StageStatus.IN_PROGRESS)
    with pytest.raises(Conflict):
        _record_stage(world, stage, user=world.moderator, seen=seen)
    with pytest.raises(DomainError) as refused:
        _record_stage(world, stage, actual_end=date(2019, 1, 1), status=StageStatus.DONE)
    assert refused.value.field == "actual_end"
    with pytest.raises(DomainError) as refused:
        _record_stage(world, stage, actual_end=date(2019, 7, 1))
    assert refused.value.field == "status"
    _record_stage(world, stage, actual_end=date(2019, 7, 1), status=StageStatus.DONE)
    db.session.commit()
    assert not progress.is_late(stage, TODAY)


def test_an_indicator_value_per_year_is_bounded_and_locked(world, project, db):
    indicator = project.indicators[0]
    record = progress.record_indicator_value
    row = record(world.member, indicator, world.session, year=2020, value="40", seen=None)
    db.session.commit()
    assert row.value == Decimal("40.00")
    with pytest.raises(Conflict):
        record(world.moderator, indicator, world.session, year=2020, value="50", seen=None)
    record(world.moderator, indicator, world.session, year=2020, value="50", seen="40")
    db.session.commit()
    assert row.value == Decimal("50.00")
    for year, value, field in [
        (1800, "1", "year"),
        (2020, "1e17", "value"),
        (2020, "many", "value"),
    ]:
        with pytest.raises(DomainError) as refused:
            record(world.member, indicator, world.session, year=year, value=value, seen="50")
        assert refused.value.field == field


def test_secured_money_and_reports_are_bounded(world, project, db):
    source = factories.funding_source()
    add = progress.add_secured_funding
    with pytest.raises(DomainError) as refused:
        add(
            world.member,
            project,
            world.session,
            funding_source_id=source.id,
            secured_on=TODAY,
            amount="-1",
        )
    assert refused.value.field == "amount"
    with pytest.raises(DomainError) as refused:
        progress.add_report(world.member, project, world.session, period="", text="Done")
    assert refused.value.field == "period"
    report = progress.add_report(
        world.moderator, project, world.session, period="2019 Q2", text="Works started"
    )
    assert report.author_id == world.moderator.id


def test_the_portfolio_counts_late_stages_reached_indicators_and_money(world, project, db):
    factories.make_project(world.session, world.group, complete=True)  # a draft: not counted
    source = factories.funding_source()
    for amount in ("5", "2.5"):
        progress.add_secured_funding(
            world.facilitator,
            project,
            world.session,
            funding_source_id=source.id,
            secured_on=TODAY,
            amount=amount,
            document="Соглашение № 1",
        )
    progress.record_indicator_value(
        world.member, project.indicators[0], world.session, year=2021, value=100, seen=None
    )
    db.session.commit()
    [row] = progress.portfolio(world.session, TODAY)
    assert row.project.id == project.id
    assert [s.id for s in row.late] == [project.stages[0].id]
    assert (row.indicators, row.reached) == (1, 1)
    assert (row.money.need, row.money.secured, row.money.gap) == (
        Decimal("12.5"),
        Decimal("7.5"),
        Decimal("5.0"),
    )
