"""What every template knows of sessions: the roles a person holds in one."""

from flask import Flask

from ..people.models import ParticipantRole


def init_app(app: Flask) -> None:
    """Give every template ``ParticipantRole``, to test the user's ``session_roles`` against
    (the navigation and each area's pages show what a role may do)."""

    @app.context_processor
    def _session_role() -> dict:
        return {"ParticipantRole": ParticipantRole}
