"""Long exports built in the background, with their progress in the database.

:func:`start_job` records the request (the request's unit of work commits it), :func:`launch`
runs it, once committed, in a thread of the process that received the request, and
:func:`run_job` builds the file, writing its progress to the job's row as it goes and the file
itself at the end. Any app process reads that row to show the progress and serve the file, so
several gunicorn workers (or servers on one database) work. A job whose process died stops
beating (``updated_at``) and is shown as failed after :data:`STALE_AFTER`.

Under ``TESTING`` jobs run in the request itself unless ``EXPORT_JOBS_IN_BACKGROUND`` is set,
so that tests see the finished job; production always builds in the background.
"""

import threading
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app
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
    """Record an export to build in the background; flushes (the caller has :func:`launch`
    called once the job is committed). Removes the jobs older than :data:`KEEP_FOR`."""
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


def prune_jobs() -> None:
    """Delete jobs (and their files) older than :data:`KEEP_FOR`: finished ones, and any
    still marked running, whose process died long ago."""
    db.session.execute(sa.delete(ExportJob).where(ExportJob.created_at < utcnow() - KEEP_FOR))


def launch(app: Flask, job_id: int) -> None:
    """Run the committed job in a background thread (or right now under ``TESTING``)."""
    background = app.config.get("EXPORT_JOBS_IN_BACKGROUND", not app.testing)
    if background:
        thread = threading.Thread(
            target=run_job, args=(app, job_id), name=f"export-job-{job_id}", daemon=True
        )
        thread.start()
    else:
        run_job(app, job_id)


def run_job(app: Flask, job_id: int) -> None:
    """Build the job's file in an app context of its own, recording progress and the result."""
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        if job is None or job.state != ExportJobState.QUEUED:
            return
        options = dict(job.options)
        locale = options.pop("locale", None) or app.config["BABEL_DEFAULT_LOCALE"]
        user = db.session.get(User, job.user_id) if job.user_id else None
        strategic_session = db.session.get(StrategicSession, job.session_id)
        _update(job_id, state=ExportJobState.RUNNING)
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
        db.session.remove()


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
