"""Dating what the demo data sets do through the services: the demo's own calendar.

The services stamp each audit entry with the moment it is written; a demo session replays
steps that happened on given days, so the entries a step writes are dated on its day (and
carry the facilitator where a service takes the user from the request, as the lifecycle
services do).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa

from ..audit.models import AuditEntry
from ..auth.models import User
from ..extensions import db
from ..sessions.models import StrategicSession
from ..sessions.services import LIFECYCLE_ACTIONS, advance_session


@contextmanager
def dated(moment: datetime, user: User) -> Iterator[None]:
    """Date ``moment`` the audit entries written inside the block; an entry without a user
    (a service that takes it from the request) gets ``user``."""
    session = db.session()
    session.flush()  # what came before the block keeps its own date
    written: list[AuditEntry] = []

    def collect(session, flush_context, instances) -> None:
        written.extend(row for row in session.new if isinstance(row, AuditEntry))

    sa.event.listen(session, "before_flush", collect)
    try:
        yield
        session.flush()
    finally:
        sa.event.remove(session, "before_flush", collect)
    for entry in written:
        entry.created_at = moment
        if entry.user_id is None:
            entry.user_id = user.id
    session.flush()


def has_lifecycle_history(strategic_session: StrategicSession) -> bool:
    """Whether the audit log holds any stage change of the session."""
    return (
        db.session.scalar(
            sa.select(AuditEntry.id)
            .where(
                AuditEntry.session_id == strategic_session.id,
                AuditEntry.action.in_(LIFECYCLE_ACTIONS),
            )
            .limit(1)
        )
        is not None
    )


def advance(
    strategic_session: StrategicSession, moment: datetime, user: User, comment: str
) -> None:
    """Move the session to its next stage on ``moment`` (by the facilitator ``user``)."""
    with dated(moment, user):
        advance_session(strategic_session, strategic_session.state, comment)
