"""Background work on a task queue: Celery, with Redis as the broker.

``queue.py`` binds a Celery app to each Flask app (tasks run in an app context of their own
and commit or roll back themselves, as CLI commands do); ``exports.py`` builds export jobs,
``mail.py`` sends e-mail, ``periodic.py`` holds what Celery beat runs on a schedule;
``worker.py`` is the entry point of ``celery -A sessiontrack.tasks.worker worker`` and ``beat``.
With no broker configured the same tasks run in-process, at once (eager).
"""
