"""Agenda items, talks on them, and the decisions of the session (протокол, решения)."""

from datetime import date, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin
from ..extensions import db


class DecisionStatus(TitledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    __titles__ = {
        "open": _l("To do"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
        "cancelled": _l("Cancelled"),
    }


class AgendaItem(TimestampMixin, db.Model):
    """An item of the day's agenda, with times and the facilitator's notes."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    talks = relationship(
        "Talk",
        back_populates="agenda_item",
        cascade="all, delete-orphan",
        order_by="Talk.position",
    )

    __table_args__ = (
        sa.CheckConstraint(
            "ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at",
            name="times_in_order",
        ),
    )


class Talk(TimestampMixin, db.Model):
    """A talk (выступление): speaker, title and key points (тезисы)."""

    __tablename__ = "talk"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    key_points: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    agenda_item = relationship("AgendaItem", back_populates="talks")
    speaker = relationship("Participant")

    @classmethod
    def in_session(cls, session_id: int):
        """The clause that holds for the talks of session ``session_id`` (on its agenda items)."""
        return cls.agenda_item_id.in_(
            sa.select(AgendaItem.id).where(AgendaItem.session_id == session_id)
        )


class Decision(TimestampMixin, db.Model):
    """A decision of the session: what, who is responsible, by when, and its status."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(sa.Text)
    responsible: Mapped[str] = mapped_column(sa.String(300), default="")
    responsible_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL")
    )
    due_on: Mapped[date | None]
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus), default=DecisionStatus.OPEN
    )
    position: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)

    agenda_item = relationship("AgendaItem")
    responsible_organisation = relationship("Organisation")
