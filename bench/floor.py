"""The floor: the fastest a ranking page over the same scores could reasonably be.

A minimal Flask application with the standard library's ``sqlite3`` and no ORM, no login, no
layout: one SQL statement groups the submitted scores by scorecard (each scorecard's weighted
total on the 0–100 scale and its criterion values) and then by project (mean and standard
deviation of the totals, the mean of each criterion), and a bare Jinja table renders rank,
mean, sd and the criterion means. ``bench/run.py`` measures it on the very SQLite file it
generated, in the same run, and prints the ranking's time as a multiple of this floor.

    .venv/bin/python bench/floor.py PATH.sqlite3 [--session-slug bench] [--runs 10]
"""

import argparse
import sqlite3
import statistics
import sys
import time

from flask import Flask, g, render_template_string

PAGE = """<!doctype html><title>ranking</title><table>
<tr><th>#</th><th>project</th><th>mean</th><th>sd</th>
{%- for c in criteria %}<th>{{ c[1] }}</th>{% endfor %}</tr>
{% for row in rows %}<tr><td>{{ loop.index }}</td><td>{{ row[1] }}</td>
<td>{{ "%.1f"|format(row[2]) }}</td><td>{{ "%.1f"|format(row[3]) }}</td>
{%- for value in row[4:] %}<td>{{ "%.2f"|format(value) if value is not none }}</td>{% endfor %}
</tr>{% endfor %}</table>"""


def floor_app(path: str, slug: str = "bench") -> Flask:
    """The floor page at ``/``: the ranking of session ``slug`` in the SQLite file ``path``."""
    app = Flask(__name__)

    def connection() -> sqlite3.Connection:
        if "db" not in g:
            g.db = sqlite3.connect(path)
        return g.db

    @app.teardown_appcontext
    def close(_error):
        if (db := g.pop("db", None)) is not None:
            db.close()

    @app.get("/")
    def ranking():
        db = connection()
        (session_id,) = db.execute(
            "SELECT id FROM strategic_session WHERE slug = ?", (slug,)
        ).fetchone()
        criteria = db.execute(
            "SELECT id, title, weight, scale_min, scale_max, counted FROM criterion "
            "WHERE session_id = ? ORDER BY position, id",
            (session_id,),
        ).fetchall()
        rows = db.execute(_ranking_sql(criteria), (session_id,)).fetchall()
        rows.sort(key=lambda row: -row[2])
        return render_template_string(PAGE, criteria=criteria, rows=rows)

    return app


def _ranking_sql(criteria) -> str:
    """One GROUP BY over the submitted scores, a row per project: each criterion's mean, the
    mean total worked out from them (weighted, on the 0–100 scale; equal to the mean of the
    scorecards' totals when every scorecard is complete, as in the generated session) and the
    standard deviation of the project's scores on the 0–100 scale — the issue's floor, simpler
    than the application's statistics on purpose."""
    counted = [(i, c) for i, c in enumerate(criteria) if c[5]]
    weights = sum(c[2] for _, c in counted) or 1
    means = ", ".join(
        f"AVG(s.value) FILTER (WHERE s.criterion_id = {c[0]}) AS c{i}"
        for i, c in enumerate(criteria)
    )
    total = " + ".join(
        f"{c[2]} * (AVG(s.value) FILTER (WHERE s.criterion_id = {c[0]}) - {c[3]}) * 1.0 "
        f"/ {c[4] - c[3]}"
        for _, c in counted
    )
    spread = criteria[0][4] - criteria[0][3] if criteria else 1
    # Only numbers read from the criterion table are formatted into the statement.
    return f"""
        SELECT p.id, p.title, ({total}) * 100.0 / {weights} AS mean,
               SQRT(MAX(AVG(s.value * s.value) - AVG(s.value) * AVG(s.value), 0))
                 * 100.0 / {spread} AS sd,
               {means}
        FROM score s
        JOIN scorecard sc ON sc.id = s.scorecard_id
        JOIN project p ON p.id = sc.project_id
        WHERE p.session_id = ? AND sc.state = 'submitted'
        GROUP BY p.id, p.title
    """  # noqa: S608


def measure_floor(path: str, slug: str = "bench", runs: int = 10, warmup: int = 1) -> dict:
    """The floor page's median, minimum and maximum time in milliseconds over ``runs``
    requests after ``warmup``, and its size in bytes."""
    client = floor_app(path, slug).test_client()
    for _ in range(warmup):
        client.get("/")
    times = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status  # noqa: S101 - a benchmark's check
        size = len(response.data)
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the SQLite file bench/run.py generated")
    parser.add_argument("--session-slug", default="bench")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    figures = measure_floor(args.path, args.session_slug, args.runs)
    print(
        f"floor page: median {figures['median_ms']:.1f} ms "
        f"(min {figures['min_ms']:.1f}, max {figures['max_ms']:.1f}), {figures['bytes']} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
