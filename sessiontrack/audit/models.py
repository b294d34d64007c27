"""Audit log entries. Rows are only ever added."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class AuditEntry(db.Model):
    """One change: who, when, what object, which action, the comment and the changed values.

    ``changes`` maps a field name to ``[old, new]``; it is how each record's history is kept.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(40))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user = relationship("User")

    __table_args__ = (sa.Index("ix_audit_entry_object", "object_type", "object_id"),)
