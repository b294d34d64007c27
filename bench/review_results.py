"""Time the review's results for a large panel: 200 projects × 30 experts × 6 criteria.

    /work/venv/bin/python bench/review_results.py [DATABASE_URL]

Builds the panel in a fresh SQLite file (or the given database, which it empties), then prints
the median time of :func:`compute_results` for each method and the number of queries.
"""

import os
import random
import statistics
import sys
import tempfile
import time

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sessiontrack import create_app
from sessiontrack.extensions import db
from sessiontrack.people.models import ExpertKind, Participant, ParticipantRole
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review.aggregation import compute_results
from sessiontrack.review.models import Criterion, Score, Scorecard, ScorecardState
from sessiontrack.sessions.models import Direction, StrategicSession
from tests.queries import QueryCounter

PROJECTS, EXPERTS, CRITERIA, RUNS = 200, 30, 6, 30


def build(rnd: random.Random) -> StrategicSession:
    s = StrategicSession(slug="bench", title="Bench")
    db.session.add(s)
    db.session.flush()
    directions = [Direction(session_id=s.id, title=f"D{i}", position=i) for i in range(4)]
    db.session.add_all(directions)
    criteria = [
        Criterion(session_id=s.id, title=f"C{i}", weight=1 + i % 3, position=i)
        for i in range(CRITERIA)
    ]
    experts = [
        Participant(
            session_id=s.id,
            full_name=f"Expert {i}",
            role=ParticipantRole.EXPERT,
            expert_kind=ExpertKind.INVESTOR if i % 5 == 0 else ExpertKind.EXPERT,
        )
        for i in range(EXPERTS)
    ]
    db.session.add_all(criteria + experts)
    db.session.flush()
    projects = [
        Project(
            session_id=s.id,
            direction_id=directions[i % 4].id,
            title=f"Project {i:03d}",
            state=ProjectState.ACCEPTED,
        )
        for i in range(PROJECTS)
    ]
    db.session.add_all(projects)
    db.session.flush()
    cards = [
        {"project_id": p.id, "expert_id": e.id, "state": ScorecardState.SUBMITTED}
        for p in projects
        for e in experts
    ]
    db.session.execute(sa.insert(Scorecard), cards)
    ids = db.session.scalars(sa.select(Scorecard.id)).all()
    db.session.execute(
        sa.insert(Score),
        [
            {
                "scorecard_id": card_id,
                "criterion_id": c.id,
                "scale_min": 0,
                "scale_max": 10,
                "value": rnd.randint(0, 10),
            }
            for card_id in ids
            for c in criteria
        ],
    )
    db.session.commit()
    return s


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else None
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        from flask_migrate import upgrade

        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        s = build(random.Random(2018))
        queries = QueryCounter(db.engine).start()
        for method in ("raw", "zscore"):
            timings = []
            for _ in range(RUNS):
                queries.reset()
                start = time.perf_counter()
                compute_results(s, method=method)
                timings.append(time.perf_counter() - start)
            print(
                f"{method:>6}: median {statistics.median(timings) * 1000:.1f} ms, "
                f"{queries.count} queries ({PROJECTS} projects × {EXPERTS} experts × {CRITERIA} "
                f"criteria, {db.engine.dialect.name})"
            )


if __name__ == "__main__":
    main()
