"""The Celery app of ``create_app()``, for the command line: configured, like the web app,
from ``instance/config.py`` and the environment (``SESSIONTRACK_BROKER_URL``, ...).

``celery -A sessiontrack.tasks.worker worker`` runs the tasks, ``celery -A
sessiontrack.tasks.worker beat`` sends the periodic ones.
"""

from sessiontrack import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
