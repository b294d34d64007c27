"""The benchmark's floor page (bench/floor.py) ranks the generated session as the application
does: the same projects, the same mean scores — so the ratio bench/run.py prints compares two
pages that show the same thing."""

import re

import pytest

from bench.floor import floor_app
from bench.fresh import fresh_database, make_app
from sessiontrack.extensions import db
from sessiontrack.review.aggregation import compute_results
from sessiontrack.sampledata.bench import BenchSizes
from sessiontrack.sessions.models import StrategicSession


@pytest.fixture(scope="module")
def generated():
    # The benchmark's app factory points SESSIONTRACK_INSTANCE_PATH at its own folder: put it back.
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SESSIONTRACK_INSTANCE_PATH", "")
        fresh = fresh_database(None, BenchSizes(projects=12, experts=5, participants=40))
        yield fresh
        fresh.cleanup()


def test_the_floor_page_shows_the_application_s_mean_score_of_every_project(generated):
    page = floor_app(generated.uri.removeprefix("sqlite:///")).test_client().get("/")
    assert page.status_code == 200
    cells = re.findall(r"<td>(\d+)</td><td>([^<]+)</td>\s*<td>([\d.]+)</td>", page.text)
    floor_means = {title: float(mean) for _rank, title, mean in cells}

    app = make_app(generated.uri, generated.workdir)
    with app.app_context():
        strategic_session = db.session.scalar(db.select(StrategicSession).filter_by(slug="bench"))
        results = compute_results(strategic_session)
        expected = {p.title: round(p.mean, 1) for p in results.projects if p.mean is not None}
        db.engine.dispose()
    assert expected, "the generated session has scored projects"
    assert floor_means == pytest.approx(expected, abs=0.051)
    ranks = [int(rank) for rank, _title, _mean in cells]
    assert ranks == list(range(1, len(cells) + 1))
