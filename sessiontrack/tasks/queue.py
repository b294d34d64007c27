"""The Celery app of a Flask app, configured from the app's configuration.

``BROKER_URL`` (``SESSIONTRACK_BROKER_URL``, for example ``redis://127.0.0.1:6379/0``) names
the broker; without one every task runs in-process as soon as it is sent
(``task_always_eager``), so the embedded default needs nothing beside the app. Tasks are
sent with :func:`enqueue`, which goes through the current Flask app's Celery app: a process
(the tests) may hold several Flask apps, each with its own broker and database.
"""

import importlib

from celery import Celery, Task
from flask import Flask, current_app
from kombu.exceptions import OperationalError

# The modules whose tasks every worker registers.
TASK_MODULES = (
    "sessiontrack.tasks.exports",
    "sessiontrack.tasks.mail",
    "sessiontrack.tasks.periodic",
)


def init_app(app: Flask) -> Celery:
    """Make the Celery app of ``app``, kept in ``app.extensions["celery"]``."""

    class AppTask(Task):
        """A task run inside an app context of its own (its own database session)."""

        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=AppTask)
    celery.conf.update(celery_settings(app))
    for module in TASK_MODULES:
        importlib.import_module(module)
    app.extensions["celery"] = celery
    return celery


def celery_settings(app: Flask) -> dict:
    """Celery's settings from the app's: the broker, the queue, the beat schedule."""
    from .periodic import beat_schedule

    config = app.config
    broker_url = config.get("BROKER_URL")
    transport_options = dict(config.get("BROKER_TRANSPORT_OPTIONS") or {})
    # A message a worker took but did not acknowledge (it died) goes back to the queue after
    # this long: longer than any export takes.
    transport_options.setdefault("visibility_timeout", config["BROKER_VISIBILITY_TIMEOUT"])
    return {
        "broker_url": broker_url,
        "broker_transport_options": transport_options,
        "broker_connection_retry_on_startup": True,
        "task_always_eager": not broker_url,
        "task_default_queue": config["TASK_QUEUE"],
        "task_ignore_result": True,
        "worker_hijack_root_logger": False,
        "worker_prefetch_multiplier": 1,
        "beat_schedule": beat_schedule(config),
        "beat_schedule_filename": f"{app.instance_path}/celerybeat-schedule",
        "timezone": "UTC",
    }


def enqueue(task: Task, *args) -> bool:
    """Send ``task(*args)`` to the current app's queue (run it now when there is no broker).

    :return: whether it was sent. A broker that cannot be reached is logged, not raised: the
        request's work is committed by then, and an export job left queued is shown as
        stopped after a while.
    """
    celery = current_app.extensions["celery"]
    try:
        celery.tasks[task.name].apply_async(args)
    except OperationalError:
        current_app.logger.exception("could not send %s to the task queue", task.name)
        return False
    return True
