"""A personal API token: a user's key to the JSON API, stored as a hash."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class TokenScope(TitledEnum):
    """What a token may do: read, or read and write (the user's own permissions bound both)."""

    READ = "read"
    WRITE = "write"

    __titles__ = {"read": _l("read"), "write": _l("read and write")}


class ApiToken(db.Model):
    """One personal API token. Only the SHA-256 of its secret is kept: the secret is shown
    once, when the token is made, and cannot be recovered."""

    __tablename__ = "api_token"
    # One active token of a name per account: a form sent twice makes one token.
    __table_args__ = (
        sa.Index(
            "uq_api_token_active_name",
            "user_id",
            "name",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope))
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    @property
    def active(self) -> bool:
        """Whether the token still opens the API."""
        return self.revoked_at is None

    @property
    def writes(self) -> bool:
        """Whether the token may write (its user's permissions still decide what)."""
        return self.scope == TokenScope.WRITE
