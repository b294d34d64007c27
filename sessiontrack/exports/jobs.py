"""Long exports built in the background, with their progress in the database.

:func:`start_job` records the request (the request's unit of work commits it); the task queue
(:mod:`sessiontrack.tasks.exports`) then has a worker call :func:`run_job`, which builds the
file, writing its progress to the job's row as it goes and the file itself at the end. Any app
process reads that row to show the progress and serve the file, so several gunicorn workers
(or servers on one database) work. A job whose worker died stops beating (``updated_at``): it
is shown as stopped after :data:`STALE_AFTER`, and Celery beat marks it failed
(:func:`fail_stale_jobs`). With no broker configured the task runs in the request itself, once
the job's row is committed.
"""

import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from ..audit import services as audit
from ..auth.models import User
from ..core.errors import DomainError
from ..core.models import utcnow
from ..extensions import db
from ..notifications import events
from ..sessions.models import StrategicSession
from . import services
from .models import ExportJob, ExportJobState

# A running job that has not written its progress for this long has lost its process.
STALE_AFTER = timedelta(minutes=5)
# Finished jobs and their files are kept this long.
KEEP_FOR = timedelta(days=1)
# At most one progress write per this many seconds (and one at the end).
PROGRESS_INTERVAL = 0.5


def start_job(user, strategic_session: StrategicSession, request: services.ExportRequest):
    """Record an export to build in the background; flushes (the caller queues its build once
    the job is committed). Removes the jobs older than :data:`KEEP_FOR`, which Celery beat also
    does where it runs."""
    kind = request.kind
    prune_jobs()
    locale = get_locale()
    job = ExportJob(
        session_id=strategic_session.id,
        user_id=user.id,
        format=request.format,
        name=request.name,
        options={**request.options(), "locale": str(locale) if locale else None},
        state=ExportJobState.QUEUED,
    )
    db.session.add(job)
    db.session.flush()
    audit.record(
        "export",
        job,
        strategic_session=strategic_session,
        summary=f"{kind.format.upper()}: {kind.title}",
        user=user,
    )
    return job


def prune_jobs(now: datetime | None = None) -> int:
    """Delete jobs (and their files) older than :data:`KEEP_FOR`: finished ones, and any
    still marked running, whose process died long ago. Returns how many went."""
    cutoff = (now or utcnow()) - KEEP_FOR
    return db.session.execute(sa.delete(ExportJob).where(ExportJob.created_at < cutoff)).rowcount


def fail_stale_jobs(now: datetime | None = None) -> int:
    """Mark failed the queued or running jobs that have not beaten for :data:`STALE_AFTER`
    (their worker died, or none took them), each with the message in its owner's language.
    Returns how many."""
    cutoff = (now or utcnow()) - STALE_AFTER
    stale = db.session.scalars(
        sa.select(ExportJob).where(
            ExportJob.state.in_((ExportJobState.QUEUED, ExportJobState.RUNNING)),
            ExportJob.updated_at < cutoff,
        )
    ).all()
    failed = 0
    for job in stale:
        with force_locale(_job_locale(job)):
            message = _stopped_message()
        # Conditional: a job that beat since it was read is left to its worker.
        failed += db.session.execute(
            sa.update(ExportJob)
            .where(
                ExportJob.id == job.id,
                ExportJob.state == job.state,
                ExportJob.updated_at < cutoff,
            )
            .values(state=ExportJobState.FAILED, message=message, finished_at=now or utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
    return failed


def _stopped_message() -> str:
    return _(
        "The export stopped before it finished (the server may have restarted). "
        "Start it again from the export page."
    )


def _job_locale(job: ExportJob) -> str:
    return job.options.get("locale") or current_app.config["BABEL_DEFAULT_LOCALE"]


def run_job(job_id: int, *, redelivered: bool = False) -> None:
    """Build the job's file, recording progress and the result, in the caller's app context
    (a task's own); commits its own writes.

    A job runs once: only a queued job is taken. ``redelivered`` says that the broker hands
    the job out again because the worker that took it died; if that worker had begun, the
    job is marked failed rather than built again (an export that kills its worker would kill
    the next one too).
    """
    job = db.session.get(ExportJob, job_id)
    if job is None:
        return
    locale = _job_locale(job)
    if not _claim(job_id):
        if redelivered and job.state == ExportJobState.RUNNING:
            with force_locale(locale):
                message = _stopped_message()
            _update(job_id, state=ExportJobState.FAILED, message=message, finished=True)
        return
    db.session.refresh(job)
    options = {key: value for key, value in job.options.items() if key != "locale"}
    user = db.session.get(User, job.user_id) if job.user_id else None
    strategic_session = db.session.get(StrategicSession, job.session_id)
    reporter = _ProgressWriter(job_id)
    with force_locale(locale):
        try:
            export = services.build(
                strategic_session,
                services.ExportRequest(**options),
                user=user,
                progress=reporter,
            )
        except DomainError as error:
            db.session.rollback()
            _update(job_id, state=ExportJobState.FAILED, message=str(error), finished=True)
            return
        except Exception:
            db.session.rollback()
            current_app.logger.exception("export job %s failed", job_id)
            _update(
                job_id,
                state=ExportJobState.FAILED,
                message=_("The export failed. Please try again or tell the administrator."),
                finished=True,
            )
            return
    db.session.rollback()
    _update(
        job_id,
        state=ExportJobState.DONE,
        filename=export.filename,
        mimetype=export.mimetype,
        content=export.content,
        size=len(export.content),
        done=max(reporter.total, 1),
        total=max(reporter.total, 1),
        finished=True,
    )
    events.export_ready(job_id, export.filename)


def _claim(job_id: int) -> bool:
    """Move the job from queued to running; whether this call did (one worker builds it)."""
    with db.engine.begin() as connection:
        return (
            connection.execute(
                sa.update(ExportJob.__table__)
                .where(
                    ExportJob.__table__.c.id == job_id,
                    ExportJob.__table__.c.state == ExportJobState.QUEUED,
                )
                .values(state=ExportJobState.RUNNING, updated_at=utcnow())
            ).rowcount
            == 1
        )


class _ProgressWriter:
    """A progress callback that writes to the job's row at most every
    :data:`PROGRESS_INTERVAL` seconds, in its own short transaction."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.total = 0
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.total = total
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        _update(self.job_id, done=done, total=total)


def _update(job_id: int, *, finished: bool = False, **values) -> None:
    """Write to the job's row on a connection of its own and commit at once, so that other
    processes see it while the export's own reads go on."""
    values["updated_at"] = utcnow()
    if finished:
        values["finished_at"] = values["updated_at"]
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(ExportJob.__table__)
            .where(ExportJob.__table__.c.id == job_id)
            .values(**values)
        )


def is_stale(job: ExportJob) -> bool:
    """A queued or running job whose process stopped beating."""
    return (
        job.state in (ExportJobState.QUEUED, ExportJobState.RUNNING)
        and job.updated_at < utcnow() - STALE_AFTER
    )


def percent(job: ExportJob) -> int:
    """How far the job has got, 0–100 (100 only once it is done)."""
    if job.state == ExportJobState.DONE:
        return 100
    if not job.total:
        return 0
    return min(99, int(100 * job.done / job.total))


def user_jobs(user, strategic_session: StrategicSession, limit: int = 10) -> list[ExportJob]:
    """The user's latest jobs in the session, newest first."""
    return list(
        db.session.scalars(
            sa.select(ExportJob)
            .where(ExportJob.session_id == strategic_session.id, ExportJob.user_id == user.id)
            .order_by(ExportJob.id.desc())
            .limit(limit)
        )
    )
