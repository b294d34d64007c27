"""Granting and revoking portfolio reading (the admin's operations); each writes its audit
entry on the account."""

import sqlalchemy as sa
from flask import g
from flask_babel import gettext as _

from ..audit import services as audit
from ..auth.models import User
from ..core.errors import DomainError
from ..extensions import db
from ..sessions.models import StrategicSession
from .models import PortfolioReader


def reader_of(user) -> PortfolioReader | None:
    """The account's portfolio grant, or ``None``."""
    return db.session.scalar(sa.select(PortfolioReader).filter_by(user_id=user.id))


def grant_portfolio(user, *, session_ids, all_sessions: bool) -> PortfolioReader:
    """Let ``user`` read the portfolio of the sessions ``session_ids``, or of every session:
    a new grant, or the account's grant changed to these.

    :raise DomainError: if the account is deactivated or an administrator (who reads every
        session already), or if no session is chosen.
    """
    if not user.active:
        raise DomainError(_("This account is deactivated."), "email")
    if user.is_admin:
        raise DomainError(_("An administrator reads every session already."), "email")
    chosen = (
        []
        if all_sessions
        else list(
            db.session.scalars(
                sa.select(StrategicSession).where(StrategicSession.id.in_(set(session_ids)))
            )
        )
    )
    if not all_sessions and not chosen:
        raise DomainError(_("Choose the sessions, or every session."), "sessions")
    reader = reader_of(user)
    if reader is None:
        reader = PortfolioReader(user_id=user.id)
        db.session.add(reader)
    reader.all_sessions = all_sessions
    reader.sessions = sorted(chosen, key=lambda s: s.id)
    db.session.flush()
    g.pop("portfolio_session_ids", None)
    audit.record(
        "grant_portfolio",
        user,
        summary=_("every session") if all_sessions else ", ".join(s.title for s in reader.sessions),
        changes={"sessions": "all" if all_sessions else sorted(s.slug for s in chosen)},
    )
    return reader


def revoke_portfolio(reader: PortfolioReader) -> None:
    """Take the account's portfolio reading away (its grant is deleted)."""
    user = reader.user
    db.session.delete(reader)
    db.session.flush()
    g.pop("portfolio_session_ids", None)
    audit.record("revoke_portfolio", user, summary=user.name)


def portfolio_readers() -> list[PortfolioReader]:
    """Every grant, with its account and sessions, by the account's name (two queries)."""
    return list(
        db.session.scalars(
            sa.select(PortfolioReader)
            .join(User, User.id == PortfolioReader.user_id)
            .options(sa.orm.contains_eager(PortfolioReader.user))
            .options(sa.orm.selectinload(PortfolioReader.sessions))
            .order_by(User.name, User.id)
        )
    )
