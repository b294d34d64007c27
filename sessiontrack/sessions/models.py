"""The strategic session and what frames it: strategy, directions, groups, forum."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db


class SessionState(TitledEnum):
    """Lifecycle of a session, in order."""

    SETUP = "setup"
    LIVE = "live"
    SUMMARISING = "summarising"
    REVIEW = "review"
    FORUM = "forum"
    # After the forum: the recommended projects are carried out and their progress recorded.
    IMPLEMENTATION = "implementation"
    ARCHIVED = "archived"

    __titles__ = {
        "setup": _l("Set-up"),
        "live": _l("Live"),
        "summarising": _l("Summarising"),
        "review": _l("Expert review"),
        "forum": _l("Forum"),
        "implementation": _l("Implementation"),
        "archived": _l("Archived"),
    }


class ReviewState(TitledEnum):
    """Expert review: not yet opened → open → closed → results published."""

    NOT_OPENED = "not_opened"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"

    __titles__ = {
        "not_opened": _l("Not opened"),
        "open": _l("Open"),
        "closed": _l("Closed"),
        "published": _l("Results published"),
    }


class StrategicSession(TimestampMixin, db.Model):
    """A strategic project session (проектная сессия)."""

    __tablename__ = "strategic_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    strategy_title: Mapped[str] = mapped_column(sa.String(300), default="")
    strategy_description: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[SessionState] = mapped_column(
        enum_column(SessionState), default=SessionState.SETUP
    )
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Observers see projects only once the facilitator publishes them.
    projects_published: Mapped[bool] = mapped_column(default=False)
    # The public catalogue of the recommended projects: open to anyone since this moment.
    catalogue_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the public catalogue shows beyond the passport (``catalogue.settings.PUBLIC_PARTS``).
    catalogue_shows_score: Mapped[bool] = mapped_column(default=False)
    catalogue_shows_money: Mapped[bool] = mapped_column(default=True)
    catalogue_shows_stages: Mapped[bool] = mapped_column(default=True)
    catalogue_shows_progress: Mapped[bool] = mapped_column(default=True)
    catalogue_shows_interest: Mapped[bool] = mapped_column(default=False)

    # Expert review settings and phase.
    review_state: Mapped[ReviewState] = mapped_column(
        enum_column(ReviewState), default=ReviewState.NOT_OPENED
    )
    review_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_min_scorecards: Mapped[int] = mapped_column(default=2)
    disagreement_stdev: Mapped[float] = mapped_column(default=15.0)
    disagreement_range: Mapped[float] = mapped_column(default=40.0)
    normalise_scores: Mapped[bool] = mapped_column(default=False)
    criteria_locked: Mapped[bool] = mapped_column(default=False)
    # The reminder ladder: days before the review deadline when experts with scorecards left
    # are reminded (largest first), and days after a return when the group is reminded (0: off).
    reminder_days: Mapped[list] = mapped_column(
        sa.JSON, default=lambda: [3, 1], server_default=sa.text("'[3, 1]'")
    )
    returned_reminder_days: Mapped[int] = mapped_column(default=3, server_default="3")

    # The facilitators with an account, as the admin area lists them (read only).
    facilitators = relationship(
        "Participant",
        primaryjoin="and_(Participant.session_id == StrategicSession.id, "
        "Participant.role == 'facilitator', Participant.user_id.is_not(None))",
        order_by="Participant.full_name",
        viewonly=True,
    )
    priorities = relationship(
        "StrategyPriority",
        back_populates="strategic_session",
        cascade="all, delete-orphan",
        order_by="StrategyPriority.position",
    )
    directions = relationship(
        "Direction",
        back_populates="strategic_session",
        cascade="all, delete-orphan",
        order_by="Direction.position",
    )
    forum = relationship(
        "Forum", back_populates="strategic_session", uselist=False, cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"
        ),
        sa.CheckConstraint("review_min_scorecards >= 1", name="min_scorecards_positive"),
        sa.CheckConstraint(
            "disagreement_stdev >= 0 AND disagreement_range >= 0", name="thresholds_not_negative"
        ),
    )

    def __repr__(self) -> str:
        return f"<StrategicSession {self.slug}>"


class StrategyPriority(db.Model):
    """A priority of the municipal strategy (for example Strategy 2030) the session serves."""

    __tablename__ = "strategy_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)

    strategic_session = relationship("StrategicSession", back_populates="priorities")

    __table_args__ = (sa.UniqueConstraint("session_id", "title"),)


class Direction(db.Model):
    """One of the session's directions of work (направление)."""

    __tablename__ = "direction"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    strategic_session = relationship("StrategicSession", back_populates="directions")
    groups = relationship(
        "WorkingGroup",
        back_populates="direction",
        cascade="all, delete-orphan",
        order_by="WorkingGroup.position",
    )

    __table_args__ = (sa.UniqueConstraint("session_id", "title"),)


class WorkingGroup(db.Model):
    """A working group (рабочая группа) under a direction."""

    __tablename__ = "working_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    direction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("direction.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(default=0)

    direction = relationship("Direction", back_populates="groups")

    __table_args__ = (sa.UniqueConstraint("session_id", "title"),)


class Forum(db.Model):
    """The forum that receives the session's package (name, dates, place)."""

    __tablename__ = "forum"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(300))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(sa.String(300), default="")

    strategic_session = relationship("StrategicSession", back_populates="forum")

    __table_args__ = (
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"
        ),
    )
