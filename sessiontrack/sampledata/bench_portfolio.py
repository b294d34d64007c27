"""Many generated sessions and a portfolio reader over them, for the portfolio's benchmark
(``bench/run.py --only portfolio``) and its query-count test.

Each session is the benchmark generator's (:func:`.bench.generate`) at a small size — by
default 40 projects reviewed by 5 experts — with its review results published, so that the
portfolio shows every session's comparable scores. Everything in them is invented.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from ..auth.models import User
from ..extensions import db
from ..portfolio.models import PortfolioReader
from ..sessions.models import ReviewState, StrategicSession
from .bench import BenchSession, BenchSizes, generate
from .bench_words import BENCH_PASSWORD, BENCH_PASSWORD_HASH, EMAIL_DOMAIN

PORTFOLIO_SIZES = BenchSizes(
    projects=40, experts=5, organisations=20, participants=30, revisions=1, stages=3
)


@dataclass
class BenchPortfolio:
    """The generated sessions and the account that reads them as its portfolio."""

    sessions: list[BenchSession]
    reader_email: str
    password: str = BENCH_PASSWORD


def generate_portfolio(
    count: int = 30, sizes: BenchSizes = PORTFOLIO_SIZES, *, prefix: str = "portfolio"
) -> BenchPortfolio:
    """``count`` generated sessions (slugs ``<prefix>-01`` …) with published results, and a
    reader granted all of them; flushes, the caller commits."""
    sessions = [
        generate(sizes, seed=number, slug=f"{prefix}-{number:02d}")
        for number in range(1, count + 1)
    ]
    ids = [s.session_id for s in sessions]
    db.session.execute(
        sa.update(StrategicSession)
        .where(StrategicSession.id.in_(ids))
        .values(review_state=ReviewState.PUBLISHED)
    )
    email = f"{prefix}-reader@{EMAIL_DOMAIN}"
    user = User(email=email, name="Читатель портфеля", password_hash=BENCH_PASSWORD_HASH)
    db.session.add(user)
    db.session.flush()
    reader = PortfolioReader(user_id=user.id)
    reader.sessions = list(
        db.session.scalars(sa.select(StrategicSession).where(StrategicSession.id.in_(ids)))
    )
    db.session.add(reader)
    db.session.flush()
    return BenchPortfolio(sessions, email)
