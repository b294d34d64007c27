"""gunicorn hooks for sessiontrack: ``gunicorn --config python:sessiontrack.gunicorn_conf``."""

from sessiontrack.security import unshared_throttling_warning


def post_worker_init(worker) -> None:
    """Warn at start-up, once (from the first worker), when the workers do not share their
    log-in throttling counts."""
    if worker.age != 1:
        return
    warning = unshared_throttling_warning(worker.wsgi.config, worker.cfg.workers)
    if warning:
        worker.log.warning(warning)
