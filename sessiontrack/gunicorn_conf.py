"""gunicorn hooks for sessiontrack: ``gunicorn --config python:sessiontrack.gunicorn_conf``."""

import os

from sessiontrack.security import unshared_throttling_warning

# gunicorn's own rule for its worker processes, (2 × cores) + 1, each with a second thread that
# serves while the other waits for the database (``--workers``/``--threads`` override them;
# bench/load.py measures this setting).
workers = 2 * (os.cpu_count() or 1) + 1
threads = 2


def post_worker_init(worker) -> None:
    """Warn at start-up, once (from the first worker), when the workers do not share their
    log-in throttling counts."""
    if worker.age != 1:
        return
    warning = unshared_throttling_warning(worker.wsgi.config, worker.cfg.workers)
    if warning:
        worker.log.warning(warning)
