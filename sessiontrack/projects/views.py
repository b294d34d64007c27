"""Priority projects of a session."""

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..core.permissions import session_role_required
from ..extensions import db
from . import permissions
from .models import Project

bp = Blueprint("projects", __name__, url_prefix="/s/<slug>/projects")


@bp.get("/")
@session_role_required()
def index(strategic_session):
    query = (
        sa.select(Project)
        .where(Project.session_id == strategic_session.id)
        .options(
            sa.orm.joinedload(Project.direction),
            sa.orm.joinedload(Project.lead_organisation),
        )
        .order_by(Project.direction_id, Project.title)
    )
    query = permissions.visible_projects(query, current_user, strategic_session)
    projects = db.session.scalars(query).all()
    return render_template(
        "projects/index.html", strategic_session=strategic_session, projects=projects
    )


@bp.get("/<int:project_id>")
@session_role_required()
def show(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id)
    return render_template(
        "projects/show.html", strategic_session=strategic_session, project=project
    )


def get_project_or_404(strategic_session, project_id: int) -> Project:
    """The project of this session that the current user may read.

    :raise 404: if it does not exist in this session.
    :raise 403: if the user may not read it.
    """
    project = db.session.get(Project, project_id)
    if project is None or project.session_id != strategic_session.id:
        abort(404)
    if not permissions.can_read_project(current_user, project, strategic_session):
        abort(403)
    return project
