"""Organisations and participants of a session."""

import sqlalchemy as sa
from flask import Blueprint, render_template

from ..core.permissions import session_role_required
from ..extensions import db
from .models import Organisation, Participant

bp = Blueprint("people", __name__, url_prefix="/s/<slug>/people")


@bp.get("/")
@session_role_required()
def participants(strategic_session):
    rows = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == strategic_session.id)
        .options(
            sa.orm.joinedload(Participant.organisation),
            sa.orm.joinedload(Participant.working_group),
        )
        .order_by(Participant.full_name)
    ).all()
    return render_template(
        "people/participants.html", strategic_session=strategic_session, participants=rows
    )


@bp.get("/organisations")
@session_role_required()
def organisations(strategic_session):
    rows = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.session_id == strategic_session.id)
        .order_by(Organisation.kind, Organisation.name)
    ).all()
    return render_template(
        "people/organisations.html", strategic_session=strategic_session, organisations=rows
    )
