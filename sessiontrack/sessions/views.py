"""The session's front page."""

from flask import Blueprint, render_template

from ..core.permissions import session_role_required
from . import services

bp = Blueprint("sessions", __name__, url_prefix="/s/<slug>")


@bp.get("/")
@session_role_required()
def overview(strategic_session):
    return render_template(
        "sessions/overview.html",
        strategic_session=strategic_session,
        counts=services.session_counts(strategic_session),
        directions=services.directions_with_groups(strategic_session),
    )
