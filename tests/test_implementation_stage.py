"""The stage «Реализация» after the forum: when progress may be recorded, what the page says
when it may not, and the audit entry every progress write leaves."""

from datetime import date

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.projects import implementation as progress
from sessiontrack.projects import permissions
from sessiontrack.projects.models import ProjectState, StageStatus
from sessiontrack.sessions.models import SessionState

from . import factories

PROGRESS_TYPES = ("stage", "indicator_actual", "secured_funding", "progress_report")


@pytest.fixture
def project(world, db):
    """A complete project of the world's group recommended for the forum, the session in
    implementation."""
    made = factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )
    world.session.state = SessionState.IMPLEMENTATION
    db.session.commit()
    return made


def _page(world, project, client, auth, user) -> str:
    auth.logout()
    auth.login(user)
    response = client.get(f"/s/{world.session.slug}/projects/{project.id}/implementation")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_in_implementation_proposals_stay_closed_and_progress_is_open(world, project, db):
    assert not permissions.session_takes_proposals(world.session)
    assert progress.can_record_progress(world.member, project, world.session)


def test_the_page_says_what_to_do_when_progress_cannot_be_recorded(
    world, project, client, auth, db
):
    page = _page(world, project, client, auth, world.member)
    assert 'id="progress-closed"' not in page and 'id="indicator-form"' in page

    world.session.state = SessionState.REVIEW
    db.session.commit()
    page = _page(world, project, client, auth, world.member)
    assert 'id="indicator-form"' not in page
    assert "Ход реализации записывают с этапа «Форум»" in page
    assert "сессия на этапе «Экспертиза»" in page and "Ведущий переводит сессию" in page
    page = _page(world, project, client, auth, world.facilitator)
    assert f'href="/s/{world.session.slug}/lifecycle"' in page

    world.session.state = SessionState.ARCHIVED
    db.session.commit()
    page = _page(world, project, client, auth, world.facilitator)
    assert "Сессия в архиве: ход реализации только для чтения." in page
    assert "верните сессию на этап «Реализация»" in page


def _entries() -> list[AuditEntry]:
    from sessiontrack.extensions import db

    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type.in_(PROGRESS_TYPES))
            .order_by(AuditEntry.id)
        )
    )


def test_every_progress_write_leaves_an_audit_entry(world, project, client, auth, db):
    stage, indicator = project.stages[0], project.indicators[0]
    progress.record_stage(
        world.member,
        stage,
        world.session,
        actual_start=date(2019, 1, 10),
        actual_end=date(2019, 7, 5),
        status=StageStatus.DONE,
        seen=progress.stage_token(stage),
    )
    record = progress.record_indicator_value
    record(world.member, indicator, world.session, year=2019, value="40", seen=None)
    record(world.moderator, indicator, world.session, year=2019, value="55", seen="40")
    source = factories.funding_source()
    progress.add_secured_funding(
        world.facilitator,
        project,
        world.session,
        funding_source_id=source.id,
        secured_on=date(2019, 7, 1),
        amount="2.5",
        document="Соглашение № 7",
    )
    progress.add_report(
        world.moderator, project, world.session, period="2019, III кв.", text="Работы начаты"
    )
    db.session.commit()

    entries = _entries()
    title = project.display_title
    assert [(e.object_type, e.action, e.user_id, e.summary) for e in entries] == [
        ("stage", "update", world.member.id, f"{title}: {stage.title}"),
        ("indicator_actual", "create", world.member.id, f"{title}: {indicator.name}, 2019"),
        ("indicator_actual", "update", world.moderator.id, f"{title}: {indicator.name}, 2019"),
        ("secured_funding", "create", world.facilitator.id, title),
        ("progress_report", "create", world.moderator.id, f"{title}: 2019, III кв."),
    ]
    assert all(e.session_id == world.session.id for e in entries)
    assert entries[0].changes == {
        "actual_start": [None, "2019-01-10"],
        "actual_end": [None, "2019-07-05"],
        "status": ["planned", "done"],
    }
    assert entries[2].changes == {"value": ["40.00", "55.00"]}
    assert entries[3].changes["funding_source"] == [None, source.title]
    assert entries[3].changes["document"] == [None, "Соглашение № 7"]
    assert entries[4].changes["text"] == [None, "Работы начаты"]

    # The same value again changes nothing and logs nothing.
    record(world.moderator, indicator, world.session, year=2019, value="55", seen="55")
    db.session.commit()
    assert len(_entries()) == 5

    auth.login(world.facilitator)
    page = client.get(f"/s/{world.session.slug}/audit/?per_page=100").get_data(as_text=True)
    for label in ("Ключевой этап", "Фактическое окончание", "Выполнен", "Привлечённые средства"):
        assert label in page, label
    assert "Соглашение № 7" in page and "Отчёт о ходе реализации" in page


def test_a_session_in_implementation_goes_through_the_json_round_trip(world, project, db):
    from sessiontrack.exports import session_json
    from sessiontrack.sessions.models import StrategicSession

    document = session_json.export_session(world.session)
    assert document["session"]["state"] == "implementation"
    session_json.import_session(session_json.loads(session_json.dumps(document)), slug="copy")
    db.session.commit()
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    assert copied.state is SessionState.IMPLEMENTATION
