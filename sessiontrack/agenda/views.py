"""The agenda of the day with its talks and decisions."""

import sqlalchemy as sa
from flask import Blueprint, render_template

from ..core.permissions import session_role_required
from ..extensions import db
from .models import AgendaItem, Decision, Talk

bp = Blueprint("agenda", __name__, url_prefix="/s/<slug>/agenda")


@bp.get("/")
@session_role_required()
def index(strategic_session):
    items = db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.session_id == strategic_session.id)
        .options(sa.orm.selectinload(AgendaItem.talks).joinedload(Talk.speaker))
        .order_by(AgendaItem.position, AgendaItem.starts_at)
    ).all()
    decisions = db.session.scalars(
        sa.select(Decision)
        .where(Decision.session_id == strategic_session.id)
        .order_by(Decision.position, Decision.id)
    ).all()
    return render_template(
        "agenda/index.html", strategic_session=strategic_session, items=items, decisions=decisions
    )
