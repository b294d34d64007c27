"""The Celery app a test's worker process runs (``celery -A tests.queue_worker worker``).

The production entry point (:mod:`sessiontrack.tasks.worker`) with two test settings from the
environment: the broker key prefix of the test process (its keys apart from another's), and
``TEST_SLOW_EXPORT=1``, which holds every export for a minute once its job is running, so that
a test can kill the worker in the middle of one.
"""

import json
import os
import time

from sessiontrack.exports import services
from sessiontrack.tasks.worker import celery, flask_app

celery.conf.broker_transport_options = {
    **celery.conf.broker_transport_options,
    **json.loads(os.environ.get("TEST_BROKER_TRANSPORT_OPTIONS", "{}")),
}

if os.environ.get("TEST_SLOW_EXPORT") == "1":
    _build = services.build

    def _slow_build(*args, **kwargs):
        time.sleep(60)
        return _build(*args, **kwargs)

    services.build = _slow_build

__all__ = ["celery", "flask_app"]
