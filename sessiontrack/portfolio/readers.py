"""Which sessions an account reads as its portfolio: the one predicate every area asks
(the session pages, the portfolio page and its exports; the duplicates page and the API).

An admin reads every session; a portfolio reader the sessions of their grant (or every one);
anyone else none. Read once per request and kept on ``flask.g``.
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user, login_required

from ..extensions import db
from ..sessions.models import StrategicSession
from .models import PortfolioReader, portfolio_reader_session

ALL = None  # portfolio_session_ids' answer for "every session"


def portfolio_session_ids(user) -> frozenset[int] | None:
    """The ids of the sessions ``user`` reads as portfolio; ``None`` (:data:`ALL`) for every
    session. One query per request at most."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_admin:
        return ALL
    kept = g.setdefault("portfolio_session_ids", {})
    if user.id not in kept:
        rows = db.session.execute(
            sa.select(PortfolioReader.all_sessions, portfolio_reader_session.c.session_id)
            .outerjoin(
                portfolio_reader_session,
                portfolio_reader_session.c.reader_id == PortfolioReader.id,
            )
            .where(PortfolioReader.user_id == user.id)
        ).all()
        if any(all_sessions for all_sessions, _id in rows):
            kept[user.id] = ALL
        else:
            kept[user.id] = frozenset(sid for _all, sid in rows if sid is not None)
    return kept[user.id]


def has_grant_of(user_id) -> sa.Exists:
    """Whether ``user_id`` (a value or a column) holds a portfolio grant, as an EXISTS: the
    log-in reads it with the account, in the same statement (:func:`remember_no_grant`)."""
    return sa.exists().where(PortfolioReader.user_id == user_id)


def remember_no_grant(user_id: int) -> None:
    """The account holds no grant (read with it): it reads no session as portfolio this
    request, and :func:`portfolio_session_ids` asks nothing more."""
    g.setdefault("portfolio_session_ids", {})[user_id] = frozenset()


def has_portfolio(user) -> bool:
    """Whether ``user`` may open the portfolio page (an admin, or a reader with a grant)."""
    ids = portfolio_session_ids(user)
    return ids is ALL or bool(ids)


def reads_portfolio(user, strategic_session: StrategicSession) -> bool:
    """Whether ``user`` reads ``strategic_session`` as part of their portfolio."""
    ids = portfolio_session_ids(user)
    return ids is ALL or strategic_session.id in ids


def portfolio_sessions_query(user) -> sa.Select:
    """The sessions ``user`` reads as portfolio, as a query (by title), for other areas to
    narrow or join."""
    query = sa.select(StrategicSession).order_by(StrategicSession.title, StrategicSession.id)
    ids = portfolio_session_ids(user)
    if ids is ALL:
        return query
    return query.where(StrategicSession.id.in_(ids) if ids else sa.false())


def portfolio_sessions(user) -> list[StrategicSession]:
    """The sessions ``user`` reads as portfolio, by title (one query)."""
    return list(db.session.scalars(portfolio_sessions_query(user)))


def portfolio_required(view):
    """Logged in as an account with a portfolio (:func:`has_portfolio`).

    :raise 403: for everyone else.
    """

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not has_portfolio(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
