"""The demo's third town and its portfolio reader."""

import sqlalchemy as sa

from sessiontrack.projects.models import Project
from sessiontrack.sampledata import completed, town_east
from sessiontrack.sampledata.marks import DEMO_PASSWORD
from sessiontrack.sampledata.portfolio_demo import READER_EMAIL, load_portfolio_reader
from sessiontrack.sessions.models import ReviewState, SessionState, StrategicSession


def test_the_second_fictional_town_reaches_the_forum_and_reads_in_the_portfolio(
    db, client, auth, fast_password_hashing
):
    completed.load_completed_demo(town_east)
    logins = load_portfolio_reader([town_east.SLUG])
    db.session.commit()
    east = db.session.scalar(sa.select(StrategicSession).filter_by(slug=town_east.SLUG))
    assert "вымышленный город" in east.title and east.is_demo
    assert (east.state, east.review_state) == (SessionState.FORUM, ReviewState.PUBLISHED)
    assert db.session.scalar(sa.select(sa.func.count()).where(Project.session_id == east.id)) == 3
    assert logins == [("Portfolio reader", READER_EMAIL, DEMO_PASSWORD)]
    auth.login(READER_EMAIL, DEMO_PASSWORD)
    page = client.get("/portfolio/", query_string={"sort": "percentile", "order": "desc"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # The industrial park scored highest of its session: percentile 100, listed first.
    assert text.index("Промышленный парк") < text.index("Туристический маршрут")
    assert ">100,0<" in text
