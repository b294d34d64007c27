"""The tasks run in-process: without a broker (the embedded default), with one that cannot be
reached, and Celery beat's work driven by a clock of the test's own."""

from datetime import timedelta

import sqlalchemy as sa

from sessiontrack import create_app
from sessiontrack.exports import jobs
from sessiontrack.exports.models import ExportJob, ExportJobState
from sessiontrack.tasks import periodic
from sessiontrack.tasks.exports import build_export
from sessiontrack.tasks.queue import enqueue

from .conftest import AuthActions, IsolatedClient, base_config
from .export_data import make_forum_session
from .test_mail import _free_port

NOW = jobs.utcnow().replace(microsecond=0)


def _job(db, world, *, state, updated_at, created_at=None, locale="ru") -> ExportJob:
    job = ExportJob(
        session_id=world.session.id,
        user_id=world.users["facilitator"].id,
        format="pdf",
        name="book",
        options={"format": "pdf", "name": "book", "locale": locale},
        state=state,
        updated_at=updated_at,
        created_at=created_at or updated_at,
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_without_a_broker_the_task_runs_in_the_request_once_committed(app, db, client):
    assert app.extensions["celery"].conf.task_always_eager
    world = make_forum_session()
    AuthActions(client).login(world.users["facilitator"])
    response = client.post(f"/s/{world.session.slug}/exports/jobs", data={"document": "pdf:book"})
    job = db.session.scalar(sa.select(ExportJob))
    assert response.status_code == 302 and job.state == ExportJobState.DONE
    assert job.content.startswith(b"%PDF")


def test_an_unreachable_broker_leaves_the_job_queued_and_the_page_answers(app, db, backend):
    closed_port = _free_port()
    broken = create_app(
        {**base_config(backend[1]), "BROKER_URL": f"redis://127.0.0.1:{closed_port}/0"}
    )
    broken.test_client_class = IsolatedClient
    client = broken.test_client()
    world = make_forum_session()
    AuthActions(client).login(world.users["facilitator"])
    response = client.post(f"/s/{world.session.slug}/exports/jobs", data={"document": "pdf:book"})
    assert response.status_code == 302
    job = db.session.scalar(sa.select(ExportJob))
    assert job.state == ExportJobState.QUEUED
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    with broken.app_context():
        broken.extensions["sqlalchemy"].engine.dispose()


def test_a_job_is_built_once_however_often_its_task_is_sent(app, db):
    world = make_forum_session()
    job = _job(db, world, state=ExportJobState.QUEUED, updated_at=NOW)
    enqueue(build_export, job.id)
    db.session.expire_all()
    finished_at = job.finished_at
    assert job.state == ExportJobState.DONE
    enqueue(build_export, job.id)
    db.session.expire_all()
    assert job.state == ExportJobState.DONE and job.finished_at == finished_at


def test_the_sweep_fails_the_jobs_that_stopped_beating_in_their_owners_language(app, db):
    world = make_forum_session()
    late = NOW - jobs.STALE_AFTER - timedelta(seconds=1)
    lost = _job(db, world, state=ExportJobState.RUNNING, updated_at=late)
    never_taken = _job(db, world, state=ExportJobState.QUEUED, updated_at=late, locale="en")
    beating = _job(db, world, state=ExportJobState.RUNNING, updated_at=NOW - timedelta(minutes=1))
    done = _job(db, world, state=ExportJobState.DONE, updated_at=late)
    assert jobs.fail_stale_jobs(NOW) == 2
    db.session.commit()
    db.session.expire_all()
    assert lost.state == never_taken.state == ExportJobState.FAILED
    assert lost.message.startswith("Выгрузка прервалась") and lost.finished_at == NOW
    assert never_taken.message.startswith("The export stopped before it finished")
    assert beating.state == ExportJobState.RUNNING and done.state == ExportJobState.DONE
    assert jobs.fail_stale_jobs(NOW) == 0


def test_beat_prunes_the_expired_jobs_and_their_files(app, db, monkeypatch):
    world = make_forum_session()
    old = _job(db, world, state=ExportJobState.DONE, updated_at=NOW - timedelta(days=2))
    kept = _job(db, world, state=ExportJobState.DONE, updated_at=NOW - timedelta(hours=2))
    old_id = old.id
    monkeypatch.setattr(periodic, "utcnow", lambda: NOW)
    enqueue(periodic.prune_export_jobs)
    db.session.expire_all()
    assert db.session.scalars(sa.select(ExportJob.id)).all() == [kept.id]
    assert db.session.get(ExportJob, old_id) is None


def test_the_reminders_run_every_ladder_with_the_clock_given(app, db, monkeypatch):
    calls = []

    def ladder(now):
        calls.append(now)
        return 2

    monkeypatch.setattr(periodic, "REMINDER_LADDERS", (ladder, ladder))
    assert periodic.run_reminders(NOW) == 4
    assert calls == [NOW, NOW]


def test_every_beat_entry_names_a_registered_task(app):
    celery = app.extensions["celery"]
    schedule = celery.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(celery.tasks)
    assert schedule["fail-stale-export-jobs"]["schedule"] == timedelta(minutes=1)
    assert "sessiontrack.send_reminders" in {entry["task"] for entry in schedule.values()}
