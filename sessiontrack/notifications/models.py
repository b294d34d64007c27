"""Notifications, each person's e-mail choices, and the reminders already sent."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum
from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class NotificationKind(TitledEnum):
    """What a notification is about; each person turns e-mail on or off per kind."""

    EXPERTS_ASSIGNED = "experts_assigned"
    REVIEW_OPENED = "review_opened"
    DEADLINE_CHANGED = "deadline_changed"
    PROJECT_RETURNED = "project_returned"
    PROJECT_ACCEPTED = "project_accepted"
    PROJECT_DECIDED = "project_decided"
    RESULTS_PUBLISHED = "results_published"
    EXPORT_READY = "export_ready"
    DEADLINE_REMINDER = "deadline_reminder"
    LATE_EXPERTS = "late_experts"
    RETURNED_REMINDER = "returned_reminder"

    __titles__ = {
        "experts_assigned": _l("Projects assigned to me for review"),
        "review_opened": _l("The review opened"),
        "deadline_changed": _l("The review deadline changed"),
        "project_returned": _l("A project of my group returned for revision"),
        "project_accepted": _l("A project of my group accepted for review"),
        "project_decided": _l("The decision on a project of my group"),
        "results_published": _l("Review results published"),
        "export_ready": _l("An export I asked for is ready"),
        "deadline_reminder": _l("Reminders of scorecards left to submit"),
        "late_experts": _l("The experts late with their scorecards"),
        "returned_reminder": _l("Reminders of returned projects"),
    }


class Notification(db.Model):
    """One thing one person is told. The text is written at display time from ``kind`` and
    ``params``, in the reader's language."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When its e-mail went out: a second delivery of the same notification sends nothing.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
    strategic_session = relationship("StrategicSession")

    # The bell counts a person's unread notifications from this index alone.
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)


class EmailChoice(db.Model):
    """A person's choice of e-mail for one kind of notification; no row means e-mail on."""

    __tablename__ = "notification_email_choice"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)


class SentReminder(db.Model):
    """A reminder sent: ``key`` names its rung (deadline, days before, expert; or returned
    project and its return), so that a second run of the ladder sends it no more."""

    __tablename__ = "sent_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(sa.String(200))
    # The expert reminded (by the ladder or by the facilitator's button), where one was.
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    by_hand: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("session_id", "key"),)
