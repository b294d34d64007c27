"""What every template knows of sessions: the roles a person holds in one."""

from flask import Flask

from .models import SessionRole


def init_app(app: Flask) -> None:
    """Give every template ``SessionRole``, to test the user's ``session_roles`` against (the
    navigation and each area's pages show what a role may do)."""

    @app.context_processor
    def _session_role() -> dict:
        return {"SessionRole": SessionRole}
