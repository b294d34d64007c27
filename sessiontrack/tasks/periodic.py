"""Work Celery beat runs on a schedule: export jobs' housekeeping, and the reminders.

Each task takes the time from the clock and hands it to a plain function that takes ``now``,
so that tests drive the functions with a clock of their own. A task is not a request: it
commits its own work, or rolls it back.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import shared_task

from ..core.models import utcnow
from ..exports import jobs
from ..extensions import db
from ..notifications import reminders

log = logging.getLogger(__name__)

# The reminder ladders: each sends the reminders due at ``now`` and returns how many it sent.
REMINDER_LADDERS: tuple[Callable[[datetime], int], ...] = (reminders.run_reminders,)


def beat_schedule(config) -> dict:
    """Celery beat's entries: which task runs how often (intervals from the app's config)."""
    return {
        "fail-stale-export-jobs": {
            "task": "sessiontrack.fail_stale_export_jobs",
            "schedule": timedelta(seconds=config["STALE_JOB_SWEEP_SECONDS"]),
        },
        "prune-export-jobs": {
            "task": "sessiontrack.prune_export_jobs",
            "schedule": timedelta(seconds=config["PRUNE_JOBS_SECONDS"]),
        },
        "send-reminders": {
            "task": "sessiontrack.send_reminders",
            "schedule": timedelta(seconds=config["REMINDERS_SECONDS"]),
        },
    }


def run_reminders(now: datetime) -> int:
    """Send the reminders due at ``now``, from every ladder of :data:`REMINDER_LADDERS`;
    commits. Returns how many were sent."""
    return _committed(lambda: sum(ladder(now) for ladder in REMINDER_LADDERS))


def _committed(work):
    try:
        result = work()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


@shared_task(name="sessiontrack.fail_stale_export_jobs")
def fail_stale_export_jobs() -> None:
    """Beat: mark failed the export jobs whose worker died (see :func:`jobs.fail_stale_jobs`)."""
    failed = _committed(lambda: jobs.fail_stale_jobs(utcnow()))
    if failed:
        log.warning("%d export job(s) stopped without finishing: marked failed", failed)


@shared_task(name="sessiontrack.prune_export_jobs")
def prune_export_jobs() -> None:
    """Beat: delete the export jobs (and their files) past their keeping time."""
    _committed(lambda: jobs.prune_jobs(utcnow()))


@shared_task(name="sessiontrack.send_reminders")
def send_reminders() -> None:
    """Beat: send the reminders due now."""
    run_reminders(utcnow())
