"""User accounts. Roles live on the participant rows of each session, never on the account
(admin aside)."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import TimestampMixin, UTCDateTime
from ..extensions import db


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    # Bumped on every password change: logs out every other browser of this user.
    auth_version: Mapped[int] = mapped_column(default=1)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The user's participant rows, one per session they take part in: their role and group.
    participations = relationship("Participant", back_populates="user", lazy="selectin")

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.auth_version}"

    def set_password(self, password: str) -> None:
        """Store a hash of ``password`` (scrypt, unless the config names a faster method)."""
        method = (
            current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
            if has_app_context()
            else "scrypt"
        )
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` is the account's password."""
        return check_password_hash(self.password_hash, password)

    def participation_in(self, strategic_session):
        """The user's participant row in a session, or ``None``."""
        return next((p for p in self.participations if p.session_id == strategic_session.id), None)

    def roles_in(self, strategic_session) -> set:
        """The roles this user holds in a session: the participant row's role where it gives
        access (:meth:`Participant.gives_access`); admins hold none by participation."""
        participant = self.participation_in(strategic_session)
        return {participant.role} if participant is not None and participant.gives_access else set()

    def __repr__(self) -> str:
        return f"<User {self.email}>"
