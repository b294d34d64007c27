"""The demo's portfolio reader: a regional office (invented) that follows the three demo
towns' sessions side by side on the portfolio page."""

import sqlalchemy as sa

from ..auth.services import create_user, find_user
from ..extensions import db
from ..portfolio.services import grant_portfolio, reader_of
from ..sessions.models import StrategicSession
from .marks import DEMO_PASSWORD, EMAIL_DOMAIN

READER_EMAIL = f"portfolio@{EMAIL_DOMAIN}"
READER_NAME = "Региональный проектный офис (демо)"


def load_portfolio_reader(slugs: list[str]) -> list[tuple[str, str, str]]:
    """The reader's account, granted the sessions ``slugs`` unless it has a grant already.
    Flushes; the caller commits.

    :return: its login (role, e-mail, password), for the CLI to print.
    """
    user = find_user(READER_EMAIL) or create_user(READER_EMAIL, READER_NAME, DEMO_PASSWORD)
    if reader_of(user) is None:
        session_ids = db.session.scalars(
            sa.select(StrategicSession.id).where(StrategicSession.slug.in_(slugs))
        ).all()
        grant_portfolio(user, session_ids=session_ids, all_sessions=False)
    return [("Portfolio reader", READER_EMAIL, DEMO_PASSWORD)]
