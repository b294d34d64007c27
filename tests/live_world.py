"""A live server of its own for a browser test: a fresh SQLite file, the reference lists and
the rows a ``set_up()`` makes, served on a free port until the test module ends."""

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server

from sessiontrack import create_app
from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.reference.data import load_reference_data

from .conftest import base_config


@contextmanager
def serve_world(tmp_path_factory, name: str, set_up):
    """The base URL of a server whose database holds what ``set_up()`` makes."""
    path = tmp_path_factory.mktemp(name) / "live.sqlite3"
    config = base_config(f"sqlite:///{path}")
    config.update({"WTF_CSRF_ENABLED": True, "TESTING": False})
    application = create_app(config)
    rebuild_schema(application)
    with application.app_context():
        load_reference_data()
        set_up()
        db.session.commit()
    http = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=10)
        with application.app_context():
            db.engine.dispose()
