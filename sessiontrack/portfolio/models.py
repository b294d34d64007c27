"""Who reads the portfolio, and over which sessions: stored once, per account."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin
from ..extensions import db

portfolio_reader_session = sa.Table(
    "portfolio_reader_session",
    db.metadata,
    sa.Column(
        "reader_id", sa.ForeignKey("portfolio_reader.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "session_id",
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class PortfolioReader(TimestampMixin, db.Model):
    """An account granted reading of the portfolio: over every session (``all_sessions``) or
    over the chosen ``sessions``. Revoking the grant deletes the row."""

    __tablename__ = "portfolio_reader"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    all_sessions: Mapped[bool] = mapped_column(default=False)

    user = relationship("User")
    sessions = relationship(
        "StrategicSession", secondary=portfolio_reader_session, order_by="StrategicSession.title"
    )

    def __repr__(self) -> str:
        return f"<PortfolioReader user={self.user_id}>"
