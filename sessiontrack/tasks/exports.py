"""Export jobs built by the queue's workers (see :mod:`sessiontrack.exports.jobs`)."""

from celery import shared_task

from ..core.unit_of_work import after_commit
from ..exports import jobs
from .queue import enqueue


@shared_task(
    name="sessiontrack.build_export", bind=True, acks_late=True, reject_on_worker_lost=True
)
def build_export(task, job_id: int) -> None:
    """Build export job ``job_id``. Its message is acknowledged only once the job is over, so
    a worker that dies holding it has the broker deliver it again; the job it had begun is
    then marked failed rather than left running (:func:`jobs.run_job`)."""
    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    jobs.run_job(job_id, redelivered=redelivered)


def build_after_commit(job_id: int) -> None:
    """Queue the job's build once the request has committed its row (the worker reads it)."""
    after_commit(lambda: enqueue(build_export, job_id))
