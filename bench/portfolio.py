"""The portfolio's figures for bench/run.py: 30 generated sessions × 40 projects (the bench
generator's, results published) and one reader over them; the portfolio page and its workbook
timed in-process, median of ``runs`` requests after a warm-up, with their SQL statements.

    .venv/bin/python bench/run.py --only portfolio
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fresh import database_label, make_app
from sessiontrack.config import normalise_database_url
from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.sampledata.bench_portfolio import PORTFOLIO_SIZES, generate_portfolio
from tests.queries import QueryCounter

PORTFOLIO_TARGET_MS = 300
PAGES = (("portfolio page", "/portfolio/"), ("portfolio XLSX", "/portfolio/portfolio.xlsx"))


def measure_portfolio(
    database_url: str | None, *, sessions: int = 30, runs: int = 10, warmup: int = 1
) -> str:
    """Generate the sessions in a fresh database, time the pages, and return the report."""
    workdir = tempfile.mkdtemp(prefix="sessiontrack-portfolio-")
    uri = (
        normalise_database_url(database_url)
        if database_url
        else f"sqlite:///{workdir}/portfolio.sqlite3"
    )
    app = make_app(uri, workdir)
    rebuild_schema(app)
    with app.app_context():
        started = time.perf_counter()
        portfolio = generate_portfolio(sessions)
        db.session.commit()
        seconds = time.perf_counter() - started
        counter = QueryCounter(db.engine).start()
    client = app.test_client()
    client.post(
        "/auth/login", data={"email": portfolio.reader_email, "password": portfolio.password}
    )
    lines = [
        f"Portfolio on {database_label(uri)}: {sessions} sessions × {PORTFOLIO_SIZES.projects} "
        f"projects × {PORTFOLIO_SIZES.experts} experts, generated in {seconds:.1f} s; "
        f"{runs} runs after {warmup} warm-up",
        f"{'measure':<24}{'median ms':>10}{'min':>8}{'max':>8}{'queries':>9}  target",
    ]
    for title, url in PAGES:
        times, queries = [], []
        for run in range(warmup + runs):
            counter.reset()
            began = time.perf_counter()
            response = client.get(url)
            response.get_data()
            elapsed = (time.perf_counter() - began) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if run >= warmup:
                times.append(elapsed)
                queries.append(counter.count)
        median = statistics.median(times)
        verdict = "ok" if median < PORTFOLIO_TARGET_MS else "MISS"
        lines.append(
            f"{title:<24}{median:>10.0f}{min(times):>8.0f}{max(times):>8.0f}{max(queries):>9}"
            f"  < {PORTFOLIO_TARGET_MS} ms {verdict if url.endswith('/') else ''}"
        )
    counter.stop()
    with app.app_context():
        db.engine.dispose()
    return "\n".join(line.rstrip() for line in lines)
