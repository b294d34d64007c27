"""Routes of the portfolio and of its readers' administration.

The matrix's roles read no portfolio but the admin's (an admin reads every session); what a
granted reader may open and may not change is in ``tests/test_portfolio.py``.
"""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.extensions import db
from sessiontrack.portfolio.models import PortfolioReader

from .. import factories
from . import Route
from .effects import rows

ADMIN = frozenset({"admin"})


def extend_world(world) -> None:
    """An account for the admin to grant the portfolio to, and one granted it (to revoke)."""
    if "portfolio_user" in world.here.extra:
        return
    world.here.extra["portfolio_user"] = factories.make_user(name="Portfolio")
    world.here.extra["portfolio_reader"] = factories.make_user(name="Portfolio reader")


def _granted(w, o) -> None:
    """The reader's grant, for revoking it."""
    user = w.here.extra["portfolio_reader"]
    if db.session.scalar(sa.select(PortfolioReader.id).filter_by(user_id=user.id)) is None:
        db.session.add(PortfolioReader(user_id=user.id, all_sessions=True))
    db.session.commit()


def _reader_url(w, o):
    _granted(w, o)
    reader_id = db.session.scalar(
        sa.select(PortfolioReader.id).filter_by(user_id=w.here.extra["portfolio_reader"].id)
    )
    return url_for("admin.revoke_portfolio", reader_id=reader_id)


_READERS = rows(PortfolioReader, lambda w, o: sa.true())

ROUTES = {
    ("portfolio.index", "GET"): Route(
        url=lambda w, o: url_for("portfolio.index"), allowed=ADMIN, has_ids=False
    ),
    ("portfolio.export", "GET"): Route(
        url=lambda w, o: url_for("portfolio.export", kind="csv"), allowed=ADMIN, has_ids=False
    ),
    ("admin.portfolio_readers", "GET"): Route(
        url=lambda w, o: url_for("admin.portfolio_readers"), allowed=ADMIN, has_ids=False
    ),
    ("admin.portfolio_readers", "POST"): Route(
        url=lambda w, o: url_for("admin.portfolio_readers"),
        allowed=ADMIN,
        has_ids=False,
        data=lambda w, o: {
            "email": w.here.extra["portfolio_user"].email,
            "sessions": [w.here.session.id],
        },
        effect=_READERS,
        prepare=lambda w, o: _revoked(w),
    ),
    ("admin.revoke_portfolio", "POST"): Route(
        url=_reader_url, allowed=ADMIN, has_ids=False, effect=_READERS, prepare=_granted
    ),
}


def _revoked(w) -> None:
    """No grant for the account the admin grants it to, so that granting makes one."""
    db.session.execute(
        sa.delete(PortfolioReader).where(
            PortfolioReader.user_id == w.here.extra["portfolio_user"].id
        )
    )
    db.session.commit()
