"""The session's audit log, for facilitators."""

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request

from ..auth.models import User
from ..core.pagination import requested_page
from ..extensions import db
from ..sessions.access import FACILITATION, session_role_required
from . import labels
from .forms import AuditFilterForm
from .models import AuditEntry

bp = Blueprint("audit", __name__, url_prefix="/s/<slug>/audit")


@bp.app_template_filter("audit_object")
def audit_object(object_type: str) -> str:
    return labels.object_type_title(object_type)


@bp.app_template_filter("audit_action")
def audit_action(action: str) -> str:
    return labels.action_title(action)


@bp.app_template_filter("audit_field")
def audit_field(field: str) -> str:
    return labels.field_title(field)


@bp.app_template_global("audit_value")
def audit_value(object_type: str, field: str, value) -> str:
    return labels.value_title(object_type, field, value)


@bp.app_template_global("audit_changes")
def audit_changes(entry) -> list:
    return labels.change_rows(entry)


@bp.get("/")
@session_role_required(*FACILITATION)
def index(strategic_session):
    """Every change in the session, newest first, by kind of object and by person."""
    in_session = AuditEntry.session_id == strategic_session.id
    object_types = db.session.scalars(
        sa.select(AuditEntry.object_type).where(in_session).distinct()
    ).all()
    users = db.session.scalars(
        sa.select(User)
        .where(User.id.in_(sa.select(AuditEntry.user_id).where(in_session)))
        .order_by(User.name)
    ).all()
    form = AuditFilterForm(object_types, users, formdata=request.args)
    query = (
        sa.select(AuditEntry)
        .where(in_session)
        .options(sa.orm.joinedload(AuditEntry.user))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if form.validate():
        if form.object_type.data:
            query = query.where(AuditEntry.object_type == form.object_type.data)
        if form.user.data:
            query = query.where(AuditEntry.user_id == form.user.data)
    page = db.paginate(
        query,
        page=requested_page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "audit/index.html", strategic_session=strategic_session, form=form, page=page
    )
