"""The portfolio answers in a fixed number of queries, whatever the number of its sessions."""

import pytest
import sqlalchemy as sa

from sessiontrack.extensions import db
from sessiontrack.sampledata.bench import BenchSizes
from sessiontrack.sampledata.bench_portfolio import generate_portfolio
from sessiontrack.sessions.models import StrategicSession

from . import factories
from .portfolio_support import portfolio_reader
from .queries import QueryCounter

SMALL = BenchSizes(projects=6, experts=2, organisations=12, participants=20, revisions=1)


@pytest.fixture
def readers(app, auth):
    """A reader of two generated sessions and one of five."""
    five = generate_portfolio(5, SMALL)
    two = db.session.scalars(
        sa.select(StrategicSession).where(
            StrategicSession.slug.in_([s.slug for s in five.sessions[:2]])
        )
    ).all()
    reader_of_two = portfolio_reader(*two)
    db.session.commit()
    return {2: (reader_of_two.email, factories.PASSWORD), 5: (five.reader_email, five.password)}


def _queries(app, email: str, password: str, url: str) -> int:
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": password}).status_code
    client.get(url).get_data()  # warm-up: what is loaded once per process is not counted
    with QueryCounter(db.engine) as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("url", ["/portfolio/", "/portfolio/portfolio.xlsx"])
def test_the_portfolio_runs_as_many_queries_for_five_sessions_as_for_two(app, readers, url):
    two, five = (_queries(app, *readers[n], url) for n in (2, 5))
    assert two == five, f"{two} queries for two sessions, {five} for five"
    assert two <= 15
