"""Session queries shared by the views."""

import sqlalchemy as sa

from ..extensions import db
from ..people.models import Organisation, Participant
from ..projects.models import Project
from .models import Direction, StrategicSession


def session_counts(strategic_session: StrategicSession) -> dict[str, int]:
    """How many organisations, participants and projects the session has (one query)."""
    sid = strategic_session.id
    row = db.session.execute(
        sa.select(
            sa.select(sa.func.count()).where(Organisation.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Participant.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Project.session_id == sid).scalar_subquery(),
        )
    ).one()
    return {"organisations": row[0], "participants": row[1], "projects": row[2]}


def directions_with_groups(strategic_session: StrategicSession) -> list[Direction]:
    return list(
        db.session.scalars(
            sa.select(Direction)
            .where(Direction.session_id == strategic_session.id)
            .options(sa.orm.selectinload(Direction.groups))
            .order_by(Direction.position)
        )
    )
