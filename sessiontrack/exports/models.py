"""Export jobs: long exports built in the background, their progress and their file.

The job row holds the progress and, once done, the file itself, so that any app process (for
example another gunicorn worker, or another server on the same database) can show the
progress and serve the download: nothing lives in one process's memory.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db


class ExportJobState(TitledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    __titles__ = {
        "queued": _l("Waiting to start"),
        "running": _l("Being built"),
        "done": _l("Ready"),
        "failed": _l("Failed"),
    }


class ExportJob(TimestampMixin, db.Model):
    """One export asked for from the export page; ``updated_at`` is its heartbeat."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(20))
    # The rest of the request (project, separator, sheets per expert or project) and the locale.
    options: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    state: Mapped[ExportJobState] = mapped_column(
        enum_column(ExportJobState), default=ExportJobState.QUEUED
    )
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    mimetype: Mapped[str] = mapped_column(sa.String(120), default="")
    size: Mapped[int] = mapped_column(default=0)
    content: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    strategic_session = relationship("StrategicSession")
    user = relationship("User")

    __table_args__ = (sa.CheckConstraint("done >= 0 AND total >= 0", name="progress_not_negative"),)
