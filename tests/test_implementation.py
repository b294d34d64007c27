"""After the forum: recording a recommended project's progress and the facilitator's portfolio."""

import copy
import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import Conflict, DomainError, NotAllowed
from sessiontrack.projects import implementation as progress
from sessiontrack.projects.models import ProgressReport, ProjectState, StageStatus
from sessiontrack.projects.portfolio import portfolio
from sessiontrack.sessions.models import SessionState

from . import factories

TODAY = date(2019, 7, 1)


@pytest.fixture
def project(world, db):
    """A complete project of the world's group, recommended for the forum (needs 12.5 mln), in a
    session moved on to its implementation."""
    made = factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )
    world.session.state = SessionState.IMPLEMENTATION
    db.session.commit()
    return made


def _record_stage(world, stage, user=None, **values):
    values.setdefault("actual_start", date(2019, 1, 10))
    values.setdefault("actual_end", None)
    values.setdefault("status", StageStatus.IN_PROGRESS)
    values.setdefault("seen", progress.stage_token(stage))
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
    for state in SessionState:
        world.session.state = state
        assert progress.can_record_progress(world.facilitator, project, world.session) == (
            state in (SessionState.FORUM, SessionState.IMPLEMENTATION)
        ), state


def test_a_stage_records_its_actual_dates_and_a_stale_change_is_refused(world, project, db):
    stage = project.stages[0]
    seen = progress.stage_token(stage)
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
    with pytest.raises(DomainError) as refused:
        record(world.moderator, indicator, world.session, year=2020, value="50", seen=None)
    assert refused.value.field == "year"
    with pytest.raises(Conflict):
        record(world.moderator, indicator, world.session, year=2020, value="50", seen="45")
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


def test_the_same_money_or_report_sent_twice_is_recorded_once(world, project, db):
    money = {
        "funding_source_id": factories.funding_source().id,
        "secured_on": TODAY,
        "amount": "3.5",
        "document": "Соглашение № 1",
    }
    first = progress.add_secured_funding(world.member, project, world.session, **money)
    assert first is not None
    again = money | {"amount": Decimal("3.50"), "document": " Соглашение № 1 "}
    assert progress.add_secured_funding(world.member, project, world.session, **again) is None
    # Other money from the same source on the same day is other money.
    other = money | {"document": "Соглашение № 2"}
    assert progress.add_secured_funding(world.member, project, world.session, **other)
    report = {"period": "2019 Q3", "text": "Проект начат"}
    assert progress.add_report(world.member, project, world.session, **report) is not None
    assert progress.add_report(world.moderator, project, world.session, **report) is None
    with pytest.raises(DomainError) as refused:
        progress.add_report(world.member, project, world.session, period="2019 Q3", text="Иначе")
    assert refused.value.field == "period"
    db.session.commit()
    assert [m.document for m in project.secured_funding] == ["Соглашение № 1", "Соглашение № 2"]
    assert [(r.period, r.author_id) for r in project.progress_reports] == [
        ("2019 Q3", world.member.id)
    ]
    entries = db.session.scalars(
        sa.select(AuditEntry.object_type).where(AuditEntry.action == "create")
    ).all()
    assert sorted(entries) == ["progress_report", "secured_funding", "secured_funding"]


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
    [row] = portfolio(world.session, TODAY)
    assert row.project.id == project.id
    assert [s.id for s in row.late] == [project.stages[0].id]
    assert (row.indicators, row.reached) == (1, 1)
    assert (row.money.need, row.money.secured, row.money.gap) == (
        Decimal("12.5"),
        Decimal("7.5"),
        Decimal("5.0"),
    )


# ----------------------------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------------------------


def _url(world, path: str = "") -> str:
    return f"/s/{world.session.slug}/projects{path}"


def test_the_group_records_progress_on_the_page_others_only_read(world, project, client, auth, db):
    base = _url(world, f"/{project.id}/implementation")
    stage = project.stages[0]
    auth.login(world.other_member)
    page = client.get(base)
    assert page.status_code == 200 and "indicator-form" not in page.get_data(as_text=True)
    assert client.post(base + "/reports", data={"period": "Q1", "text": "x"}).status_code == 403
    auth.logout()
    auth.login(world.member)
    editable = client.get(base).get_data(as_text=True)
    assert "indicator-form" in editable
    # The stage's statuses are offered in the reader's language (Russian by default).
    assert re.search(r'value="in_progress"[^>]*>\s*Выполняется\s*<', editable)
    prefix = f"stage{stage.id}-"
    data = {
        prefix + "actual_start": "10.01.2019",
        prefix + "actual_end": "",
        prefix + "status": "in_progress",
        prefix + "seen": progress.stage_token(stage),
    }
    assert client.post(base + f"/stages/{stage.id}", data=data).status_code == 302
    # The same form sent again was based on what the stage read before: refused, not lost.
    stale = client.post(base + f"/stages/{stage.id}", data=data)
    assert stale.status_code == 409
    indicator = project.indicators[0]
    sent = {"indicator_id": indicator.id, "year": "1800", "value": "5", "seen": ""}
    refused = client.post(base + "/indicators", data=sent)
    assert refused.status_code == 422 and 'id="year-error"' in refused.get_data(as_text=True)
    sent["year"] = "2020"
    assert client.post(base + "/indicators", data=sent).status_code == 302
    money = {
        "funding_source_id": factories.funding_source().id,
        "secured_on": "01.07.2019",
        "amount": "-3",
    }
    refused = client.post(base + "/funding", data=money)
    assert refused.status_code == 422 and 'id="amount-error"' in refused.get_data(as_text=True)
    money["amount"] = "3,5"
    assert client.post(base + "/funding", data=money).status_code == 302
    again = client.post(base + "/funding", data=money, follow_redirects=True)
    assert "Эти привлечённые средства уже записаны" in again.get_data(as_text=True)
    report = {"period": "2019 Q3", "text": "Проект начат"}
    assert client.post(base + "/reports", data=report).status_code == 302
    again = client.post(base + "/reports", data=report, follow_redirects=True)
    assert "Этот отчёт уже добавлен" in again.get_data(as_text=True)
    report["text"] = "Другой текст"
    refused = client.post(base + "/reports", data=report)
    assert refused.status_code == 422 and 'id="period-error"' in refused.get_data(as_text=True)
    text = client.get(base).get_data(as_text=True)
    assert "Проект начат" in text
    assert re.search(r'id="secured-total">3[.,]50?<', text), re.findall(
        r'secured-total">[^<]*', text
    )


def test_a_report_is_corrected_and_a_stale_or_clashing_correction_changes_nothing(
    world, project, client, auth, db
):
    base = _url(world, f"/{project.id}/implementation")
    first = progress.add_report(
        world.member, project, world.session, period="2019 Q3", text="Проект начат"
    )
    progress.add_report(world.member, project, world.session, period="2019 Q4", text="Идёт")
    db.session.commit()
    edit = f"{base}/reports/{first.id}/edit"
    # Someone outside the group neither sees the link nor opens the form.
    auth.login(world.other_member)
    assert "/edit" not in client.get(base).get_data(as_text=True).split("reports-heading")[1]
    assert client.get(edit).status_code == 403
    assert client.post(edit, data={"period": "x", "text": "y", "seen": ""}).status_code == 403
    auth.logout()

    auth.login(world.member)
    assert f'href="{edit}"' in client.get(base).get_data(as_text=True)
    page = client.get(edit).get_data(as_text=True)
    assert "Исправление отчёта" in page and "Проект начат</textarea>" in page
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', page).group(1)
    # A period another report has: refused at the field, nothing changed.
    clash = client.post(edit, data={"period": "2019 Q4", "text": "Проект начат", "seen": seen})
    assert clash.status_code == 422
    assert (
        "Отчёт за этот период уже добавлен"
        in clash.get_data(as_text=True).split('id="period-error"')[1].split("</div>")[0]
    )
    # Corrected: the page says so, the history keeps the change.
    sent = {"period": "2019, III кв.", "text": "Проект начат 5 июля", "seen": seen}
    done = client.post(edit, data=sent, follow_redirects=True)
    assert "Отчёт исправлен." in done.get_data(as_text=True)
    db.session.expire_all()
    report = db.session.get(ProgressReport, first.id)
    assert (report.period, report.text) == ("2019, III кв.", "Проект начат 5 июля")
    entry = db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.object_type == "progress_report", AuditEntry.action == "update"
        )
    )
    assert entry.changes == {
        "period": ["2019 Q3", "2019, III кв."],
        "text": ["Проект начат", "Проект начат 5 июля"],
    }
    # The same correction sent again: nothing more to record, no false alarm.
    again = client.post(edit, data=sent, follow_redirects=True)
    assert "В отчёте ничего не изменилось." in again.get_data(as_text=True)
    # A second tab's form read the report as it was: its other text is refused.
    stale = client.post(edit, data={**sent, "text": "Другое"})
    assert stale.status_code == 409
    assert "Отчёт тем временем изменил кто-то другой" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ProgressReport, first.id).text == "Проект начат 5 июля"
    # Sent unchanged: nothing to record.
    page = client.get(edit).get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', page).group(1)
    same = {"period": "2019, III кв.", "text": "Проект начат 5 июля", "seen": seen}
    assert "В отчёте ничего не изменилось." in client.post(
        edit, data=same, follow_redirects=True
    ).get_data(as_text=True)
    # Another project's report is not reached through this project.
    other = factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )
    db.session.commit()
    assert (
        client.get(_url(world, f"/{other.id}/implementation/reports/{first.id}/edit")).status_code
        == 404
    )


def test_two_corrections_of_one_report_at_once_keep_one(world, project, db):
    """Both read the report before either writes: the one statement that changes it matches
    only the report as it was read, so the second finds it changed and is refused."""
    report = progress.add_report(
        world.member, project, world.session, period="2019 Q3", text="Начат"
    )
    db.session.commit()
    seen = progress.report_token(report)  # this correction has read the report
    with db.engine.begin() as other:  # the other one commits before this one writes
        other.execute(
            sa.update(ProgressReport).where(ProgressReport.id == report.id).values(text="Иначе")
        )
    with pytest.raises(Conflict):
        progress.edit_report(
            world.member, report, world.session, period="2019 Q3", text="Моё", seen=seen
        )
    db.session.rollback()
    assert db.session.get(ProgressReport, report.id).text == "Иначе"


def test_a_project_not_recommended_has_no_implementation_page(world, client, auth, db):
    draft = factories.make_project(world.session, world.group, complete=True)
    db.session.commit()
    auth.login(world.member)
    assert client.get(_url(world, f"/{draft.id}/implementation")).status_code == 404


def test_the_facilitator_sees_the_portfolio(world, project, client, auth, db):
    auth.login(world.member)
    assert client.get(_url(world, "/implementation")).status_code == 403
    auth.logout()
    auth.login(world.facilitator)
    page = client.get(_url(world, "/implementation"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and project.display_title in text and 'id="portfolio"' in text


# ----------------------------------------------------------------------------------------------
# The JSON round trip
# ----------------------------------------------------------------------------------------------


def _with_progress(world, project, db):
    stage = project.stages[0]
    _record_stage(world, stage, actual_end=date(2019, 7, 1), status=StageStatus.DONE)
    progress.record_indicator_value(
        world.member, project.indicators[0], world.session, year=2020, value="40.5", seen=None
    )
    progress.add_secured_funding(
        world.facilitator,
        project,
        world.session,
        funding_source_id=factories.funding_source().id,
        secured_on=TODAY,
        amount="3.25",
        document="Соглашение № 7",
    )
    progress.add_report(world.moderator, project, world.session, period="2019 Q3", text="Начат")
    db.session.commit()


def _progress_of(document: dict) -> list:
    return [
        (
            [(s["actual_start"], s["actual_end"], s["status"]) for s in p["stages"]],
            [i["actuals"] for i in p["indicators"]],
            p["secured_funding"],
            [{k: v for k, v in r.items() if k != "created_at"} for r in p["progress_reports"]],
        )
        for p in document["projects"]
    ]


def test_progress_goes_through_the_json_round_trip(world, project, db):
    from sessiontrack.exports import session_json
    from sessiontrack.sessions.models import StrategicSession

    _with_progress(world, project, db)
    first = session_json.export_session(world.session)
    [(stages, actuals, money, reports)] = _progress_of(first)
    assert stages == [("2019-01-10", "2019-07-01", "done")]
    assert actuals == [[{"year": 2020, "value": "40.50"}]]
    assert money == [
        {
            "funding_source": "federal_budget",
            "secured_on": "2019-07-01",
            "amount": "3.25",
            "document": "Соглашение № 7",
        }
    ]
    assert reports[0]["author"] == world.moderator.email
    session_json.import_session(session_json.loads(session_json.dumps(first)), slug="copy")
    db.session.commit()
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    assert _progress_of(session_json.export_session(copied)) == _progress_of(first)


def test_a_file_without_progress_still_reads_and_a_wrong_one_is_refused(world, project, db):
    from sessiontrack.exports import session_json
    from sessiontrack.exports.session_json import ImportRefused

    _with_progress(world, project, db)
    document = session_json.export_session(world.session)
    older = copy.deepcopy(document)
    for p in older["projects"]:
        p.pop("secured_funding"), p.pop("progress_reports")
        for s in p["stages"]:
            s.pop("actual_start"), s.pop("actual_end")
        for i in p["indicators"]:
            i.pop("actuals")
    session_json.import_session(older, slug="older")
    db.session.commit()
    wrong = copy.deepcopy(document)
    wrong["projects"][0]["secured_funding"][0]["funding_source"] = "nowhere"
    wrong["projects"][0]["stages"][0]["actual_start"] = "2020-01-01"
    with pytest.raises(ImportRefused) as refused:
        session_json.import_session(wrong, slug="wrong")
    where = str(refused.value)
    assert "secured_funding[0].funding_source" in where and "actual_end" in where
    twice = copy.deepcopy(document)
    for key in ("secured_funding", "progress_reports"):
        twice["projects"][0][key] *= 2
    with pytest.raises(ImportRefused) as refused:
        session_json.import_session(twice, slug="twice")
    assert "одни и те же средства указаны дважды" in str(refused.value)
    assert "период указан дважды" in str(refused.value)
