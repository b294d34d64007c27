"""The benchmark: how fast sessiontrack answers at forum scale, and with how many SQL queries.

Builds the generated session (``flask bench-data``: 200 projects, 30 experts, 6 criteria, 36,000
scores by default) in a fresh database — a temporary SQLite file, or the PostgreSQL database
given with ``--database-url`` (its schema is dropped and rebuilt) — then measures each page and
export in-process through Flask's test client: after a warm-up, ``--runs`` requests each, the
median, minimum and maximum time and the number of SQL statements a request runs.

    .venv/bin/python bench/run.py                                    # SQLite, default sizes
    .venv/bin/python bench/run.py --database-url postgresql://postgres@127.0.0.1/st_bench
    .venv/bin/python bench/run.py --json out.json --compare before.json --only ranking,csv
    .venv/bin/python bench/run.py --only portfolio  # 30 sessions × 40 projects, bench/portfolio.py

A page whose route the application does not have is reported as "n/a (no route)".
"""

import argparse
import json
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask import Flask, url_for

from bench.floor import floor_app
from bench.fresh import ROOT, database_label, fresh_database, make_app
from bench.memory import MemoryFigure, measure_peak
from bench.portfolio import measure_portfolio
from sessiontrack.extensions import db
from sessiontrack.people.models import Participant
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review.models import Criterion, Score, Scorecard, ScorecardState
from sessiontrack.review.queries import session_criteria
from sessiontrack.review.services.totals import refresh_scorecard
from sessiontrack.sampledata.bench import BenchSizes
from sessiontrack.sessions.models import ReviewState, SessionState, StrategicSession
from tests.queries import QueryCounter


@dataclass
class Context:
    """The objects the measured URLs name, found in the generated session."""

    slug: str
    facilitator_email: str
    expert_email: str
    password: str
    session_id: int
    project_id: int
    expert_id: int
    scorecard_id: int
    criteria: list[dict] = field(default_factory=list)

    def url_values(self) -> dict:
        return {
            "slug": self.slug,
            "project_id": self.project_id,
            "expert_id": self.expert_id,
            "scorecard_id": self.scorecard_id,
        }


@dataclass
class Measure:
    """One page or export: ``endpoint`` requested by ``user``; ``also`` lists the other routes
    a multi-step ``perform`` needs. Measured only when the application has all of them."""

    key: str
    title: str
    endpoint: str
    user: str = "facilitator"
    method: str = "GET"
    url_args: dict = field(default_factory=dict)
    data: Callable[[Flask, Context], dict] | None = None
    prepare: Callable[[Flask, Context], None] | None = None
    before_each: Callable[[Flask, Context], None] | None = None
    perform: Callable | None = None
    also: tuple[str, ...] = ()
    ok: tuple[int, ...] = (200,)
    # The target: median milliseconds and at most this many queries (None: no limit).
    target_ms: float | None = None
    target_queries: int | None = None


@dataclass
class Result:
    key: str
    title: str
    endpoint: str | None
    median_ms: float | None = None
    min_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    kilobytes: float | None = None
    error: str | None = None
    target_ms: float | None = None
    target_queries: int | None = None

    @property
    def meets_target(self) -> bool | None:
        if self.median_ms is None or self.target_ms is None:
            return None
        queries_ok = self.target_queries is None or self.queries <= self.target_queries
        return self.median_ms < self.target_ms and queries_ok


def _reopen_scorecard(app: Flask, context: Context) -> None:
    """Make the expert's scorecard a draft again, so that it can be saved."""
    with app.app_context():
        db.session.execute(
            sa.update(Scorecard)
            .where(Scorecard.id == context.scorecard_id)
            .values(state=ScorecardState.DRAFT, submitted_at=None)
        )
        db.session.commit()


def _scorecard_form(app: Flask, context: Context) -> dict:
    """A draft save: a score for every criterion, a comment, the scorecard's current version.

    The scores differ from the saved ones (they follow the version), so every save writes.
    """
    with app.app_context():
        version = db.session.scalar(
            sa.select(Scorecard.version_id).where(Scorecard.id == context.scorecard_id)
        )
    data = {
        f"criterion_{c['id']}": str((c["position"] * 3 + version) % 11) for c in context.criteria
    }
    data.update(comment=f"Замер скорости: черновик {version}.", version=str(version))
    return data


def _change_a_score(app: Flask, context: Context) -> None:
    """An expert's score changes (through the ORM, as every save does): the next view of the
    ranking cannot be served from what was computed before."""
    with app.app_context():
        score = db.session.scalar(
            sa.select(Score).where(Score.scorecard_id == context.scorecard_id).limit(1)
        )
        score.value = score.scale_min if score.value != score.scale_min else score.scale_max
        card = score.scorecard
        refresh_scorecard(card, session_criteria(card.project.strategic_session))
        db.session.commit()


def _book_of_every_project(app: Flask, context: Context) -> None:
    """The forum book at forum time: every project recommended, the results published."""
    with app.app_context():
        db.session.execute(
            sa.update(Project)
            .where(Project.session_id == context.session_id)
            .values(state=ProjectState.RECOMMENDED)
        )
        db.session.execute(
            sa.update(StrategicSession)
            .where(StrategicSession.id == context.session_id)
            .values(review_state=ReviewState.PUBLISHED, state=SessionState.FORUM)
        )
        db.session.commit()


def _forum_book(client, app: Flask, context: Context):
    """Start the forum-book job (built within the request here: no task queue broker) and
    download the file."""
    started = client.post(
        build_url(app, "exports.start_job", context, {}), data={"document": "pdf:book"}
    )
    job = re.search(r"/jobs/(\d+)", started.headers.get("Location", ""))
    if started.status_code != 302 or job is None:
        return started
    started.close()
    return client.get(
        build_url(app, "exports.job_download", context, {"job_id": int(job.group(1))})
    )


MEASURES = [
    Measure("home", "home page", "home.index"),
    Measure("projects", "project list, page 1", "projects.index", target_ms=150, target_queries=11),
    Measure("project", "one project page", "projects.show", target_ms=30),
    # One page is both the ranking and the results dashboard; measured with both methods.
    Measure(
        "ranking",
        "ranking (raw means)",
        "review.results",
        url_args={"interim": "1"},
        target_ms=50,
        target_queries=10,
    ),
    Measure(
        "results",
        "results (z-scores)",
        "review.results",
        url_args={"interim": "1", "method": "zscore"},
        target_ms=50,
        target_queries=10,
    ),
    # The same page at its dearest, for information: the first view after a score was saved,
    # which cannot be served from what was kept and computes the results afresh.
    Measure(
        "ranking-new",
        "ranking after a save",
        "review.results",
        url_args={"interim": "1"},
        before_each=_change_a_score,
    ),
    Measure(
        "results-new",
        "z-scores after a save",
        "review.results",
        url_args={"interim": "1", "method": "zscore"},
        before_each=_change_a_score,
    ),
    Measure("progress", "review progress", "review.overview"),
    Measure(
        "my",
        "expert's list, page 1",
        "review.my_projects",
        user="expert",
        target_ms=150,
        target_queries=13,
    ),
    Measure("scorecard", "expert's scorecard page", "review.scorecard", user="expert"),
    Measure(
        "save",
        "save a scorecard",
        "review.scorecard",
        user="expert",
        method="POST",
        data=_scorecard_form,
        prepare=_reopen_scorecard,
        ok=(302, 303),
        target_ms=30,
    ),
    Measure(
        "autosave",
        "autosave a scorecard",
        "review.save_draft",
        user="expert",
        method="POST",
        data=_scorecard_form,
        prepare=_reopen_scorecard,
        target_ms=30,
    ),
    Measure("xlsx", "XLSX workbook", "exports.workbook", target_ms=5000),
    Measure("csv", "raw-scores CSV", "exports.table", url_args={"name": "scores"}, target_ms=1000),
    Measure("json", "JSON export", "exports.session_json", target_ms=3000),
    Measure(
        "pdf",
        "forum book PDF",
        "exports.start_job",
        also=("exports.job_download",),
        prepare=_book_of_every_project,
        perform=_forum_book,
        target_ms=30000,
    ),
]


def find_context(app: Flask, bench) -> Context:
    """The project in the middle of the list, the first expert and their scorecard for it."""
    with app.app_context():
        project_ids = db.session.scalars(
            sa.select(Project.id).filter_by(session_id=bench.session_id).order_by(Project.id)
        ).all()
        project_id = project_ids[len(project_ids) // 2]
        expert_id = db.session.scalar(
            sa.select(Participant.id).where(
                Participant.session_id == bench.session_id,
                Participant.email == bench.expert_emails[0],
            )
        )
        scorecard_id = db.session.scalar(
            sa.select(Scorecard.id).filter_by(project_id=project_id, expert_id=expert_id)
        )
        criteria = [
            {"id": c.id, "position": c.position}
            for c in db.session.scalars(
                sa.select(Criterion)
                .filter_by(session_id=bench.session_id)
                .order_by(Criterion.position)
            )
        ]
    return Context(
        slug=bench.slug,
        facilitator_email=bench.facilitator_email,
        expert_email=bench.expert_emails[0],
        password=bench.password,
        session_id=bench.session_id,
        project_id=project_id,
        expert_id=expert_id,
        scorecard_id=scorecard_id,
        criteria=criteria,
    )


def logged_in_client(app: Flask, email: str, password: str):
    client = app.test_client()
    with app.test_request_context():
        login_url = url_for("auth.login")
    response = client.post(login_url, data={"email": email, "password": password})
    if response.status_code != 302:
        raise SystemExit(f"cannot log in as {email}: HTTP {response.status_code}")
    return client


def build_url(app: Flask, endpoint: str, context: Context, extra: dict) -> str:
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    values = {name: value for name, value in context.url_values().items() if name in rule.arguments}
    values.update(extra)
    with app.test_request_context():
        return url_for(endpoint, **values)


def profile_one(app, measure, context, clients, lines: int = 40) -> str:
    """One request of ``measure`` under cProfile: the functions that took the most time."""
    import cProfile
    import io
    import pstats

    if measure.prepare:
        measure.prepare(app, context)
    url = build_url(app, measure.endpoint, context, measure.url_args)
    client = clients[measure.user]
    for _warmup in range(2):
        _request(app, measure, context, client, url).close()
    if measure.before_each:
        measure.before_each(app, context)
    profiler = cProfile.Profile()
    profiler.enable()
    response = _request(app, measure, context, client, url)
    profiler.disable()
    response.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def _request(app, measure, context, client, url):
    data = measure.data(app, context) if measure.data else None
    if measure.perform:
        response = measure.perform(client, app, context)
    else:
        response = client.open(url, method=measure.method, data=data)
    response.get_data()
    return response


def measure_one(app, measure, context, clients, counter, runs, warmup) -> Result:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    endpoint = measure.endpoint
    result = Result(
        measure.key,
        measure.title,
        endpoint,
        target_ms=measure.target_ms,
        target_queries=measure.target_queries,
    )
    if not {endpoint, *measure.also} <= endpoints:
        result.error = "n/a (no route)"
        return result
    if measure.prepare:
        measure.prepare(app, context)
    url = build_url(app, endpoint, context, measure.url_args)
    client = clients[measure.user]
    times, queries, size = [], [], 0
    for run in range(warmup + runs):
        if measure.before_each:
            measure.before_each(app, context)
        data = measure.data(app, context) if measure.data else None
        counter.reset()
        started = time.perf_counter()
        if measure.perform:
            response = measure.perform(client, app, context)
        else:
            response = client.open(url, method=measure.method, data=data)
        body = response.get_data()
        elapsed = time.perf_counter() - started
        response.close()
        if response.status_code not in measure.ok:
            result.error = f"HTTP {response.status_code}"
            return result
        if run >= warmup:
            times.append(elapsed * 1000)
            queries.append(counter.count)
            size = len(body)
    result.median_ms = statistics.median(times)
    result.min_ms, result.max_ms = min(times), max(times)
    result.queries = max(queries)
    result.kilobytes = size / 1024
    return result


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _floor(app, fresh, context, clients, runs: int, warmup: int) -> dict | None:
    """The hand-written floor page (bench/floor.py) on the same SQLite file, or ``None`` on
    PostgreSQL (the floor is SQLite's standard library only).

    Measured side by side with the rankings computed afresh (:data:`FLOOR_COMPARED`): each
    round requests the floor, then each ranking after its save, so that both meet the same
    machine (a shared machine's speed drifts between two loops run one after the other)."""
    if fresh.backend != "sqlite":
        return None
    print("  floor page, side by side with the rankings after a save…", file=sys.stderr)
    floor = floor_app(fresh.uri.removeprefix("sqlite:///"), "bench").test_client()
    compared = [m for m in MEASURES if m.key in FLOOR_COMPARED]
    urls = {m.key: build_url(app, m.endpoint, context, m.url_args) for m in compared}
    times: dict[str, list[float]] = {"floor": [], **{m.key: [] for m in compared}}
    size = 0
    for round_ in range(warmup + max(runs, 15)):
        started = time.perf_counter()
        response = floor.get("/")
        elapsed = (time.perf_counter() - started) * 1000
        size = len(response.data)
        if round_ >= warmup:
            times["floor"].append(elapsed)
        for measure in compared:
            measure.before_each(app, context)
            started = time.perf_counter()
            clients[measure.user].get(urls[measure.key]).close()
            if round_ >= warmup:
                times[measure.key].append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(times["floor"]),
        "min_ms": min(times["floor"]),
        "max_ms": max(times["floor"]),
        "bytes": size,
        "rounds": len(times["floor"]),
        "side_by_side": {key: statistics.median(values) for key, values in times.items()},
    }


# The measures compared with the floor: the ranking and z-scores computed afresh.
FLOOR_COMPARED = ("ranking-new", "results-new")


def format_floor(report: dict) -> list[str]:
    """The floor's line and each afresh ranking's time as a multiple of it, measured side by
    side in alternating rounds."""
    floor = report.get("floor")
    if not floor:
        return []
    beside = floor.get("side_by_side", {})
    lines = [
        f"floor (minimal Flask + sqlite3 page, one GROUP BY over the scores): median "
        f"{_figure(floor['median_ms'])} ms, {floor['bytes'] // 1024} KB; side by side in "
        f"{floor.get('rounds', 0)} alternating rounds:"
    ]
    titles = {m.key: m.title for m in MEASURES}
    for key in FLOOR_COMPARED:
        if beside.get(key):
            ratio = beside[key] / floor["median_ms"]
            lines.append(
                f"  {titles[key]}: {_figure(beside[key])} ms, {ratio:.2f}× the floor "
                "(target ≤ 1.00×)"
            )
    return lines


def _figure(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def format_table(report: dict, before: dict | None = None) -> str:
    """A fixed-width table; with ``before``, the ratio of medians and the change in queries."""
    previous = {row["key"]: row for row in (before or {}).get("results", [])}
    lines = [
        f"sessiontrack {report['commit']} on {report['database']}, "
        f"{report['sizes']['projects']} projects × {report['sizes']['experts']} experts × "
        f"{report['criteria']} criteria ({report['scores']} scores), generated in "
        f"{report['generation_seconds']:.1f} s; {report['runs']} runs after "
        f"{report['warmup']} warm-up; times in ms",
    ]
    header = (
        f"{'measure':<24}{'median':>9}{'min':>9}{'max':>9}{'queries':>9}{'KB':>9}"
        f"  {'target':<16}{'':<6}{'endpoint':<24}"
    )
    if before:
        header += f"{'vs before':>12}"
    lines += [header, "-" * len(header)]
    for row in report["results"]:
        target = ""
        if row["target_ms"]:
            target = f"< {row['target_ms']:g} ms"
            if row["target_queries"] is not None:
                target += f", ≤{row['target_queries']} q"
        if row["error"]:
            line = f"{row['title']:<24}{row['error']:<45}  {target:<16}{'':<6}"
            line += f"{row['endpoint'] or '':<24}"
        else:
            verdict = {True: "ok", False: "MISS", None: ""}[row["meets"]]
            line = (
                f"{row['title']:<24}{_figure(row['median_ms']):>9}{_figure(row['min_ms']):>9}"
                f"{_figure(row['max_ms']):>9}{row['queries']:>9}{_figure(row['kilobytes']):>9}"
                f"  {target:<16}{verdict:<6}{row['endpoint']:<24}"
            )
            old = previous.get(row["key"])
            if before and old and old.get("median_ms"):
                ratio = row["median_ms"] / old["median_ms"]
                line += f"{ratio:>7.2f}× {row['queries'] - old['queries']:+d}q"
        lines.append(line)
    lines += format_floor(report)
    return "\n".join(line.rstrip() for line in lines)


# The PostgreSQL target: each median within this multiple of SQLite's.
PG_FACTOR = 1.5


def format_markdown(sqlite: dict, postgresql: dict) -> str:
    """The README's table: two runs (SQLite, PostgreSQL) side by side, with the ratio."""
    other = {row["key"]: row for row in postgresql["results"]}
    lines = [
        "| measure | SQLite median (min–max) ms | queries | PostgreSQL median (min–max) ms "
        "| queries | PG ÷ SQLite | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in sqlite["results"]:
        pg = other.get(row["key"], {})
        if row.get("median_ms") is None or pg.get("median_ms") is None:
            continue
        target = f"< {row['target_ms']:g} ms" if row["target_ms"] else ""
        if row["target_queries"] is not None:
            target += f", ≤ {row['target_queries']} queries"
        if row["target_ms"]:
            within = pg["median_ms"] <= PG_FACTOR * row["median_ms"]
            target += " ✓" if row["meets"] and within else " ✗"
        lines.append(
            f"| {row['title']} | {_figure(row['median_ms'])} ({_figure(row['min_ms'])}–"
            f"{_figure(row['max_ms'])}) | {row['queries']} | {_figure(pg['median_ms'])} "
            f"({_figure(pg['min_ms'])}–{_figure(pg['max_ms'])}) | {pg['queries']} | "
            f"{pg['median_ms'] / row['median_ms']:.2f} | {target} |"
        )
    return "\n".join(lines)


# The portfolio's section (bench/portfolio.py): sessions of its own, in a database of its own.
PORTFOLIO = "portfolio"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its schema is rebuilt)")
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--experts", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--only",
        help="comma-separated keys: " + ",".join([*(m.key for m in MEASURES), PORTFOLIO]),
    )
    parser.add_argument(
        "--portfolio-sessions", type=int, default=30, help="sessions of the portfolio section"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--compare", metavar="PATH", help="a previous --json to compare with")
    parser.add_argument("--profile", metavar="KEY", help="profile one request of a measure")
    parser.add_argument(
        "--markdown",
        nargs=2,
        metavar=("SQLITE_JSON", "POSTGRESQL_JSON"),
        help="print two --json runs as the README's table, measuring nothing",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        sqlite, postgresql = (json.loads(Path(path).read_text()) for path in args.markdown)
        print(format_markdown(sqlite, postgresql))
        return 0
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup not negative")
    wanted = set(args.only.split(",")) if args.only else {m.key for m in MEASURES} | {PORTFOLIO}
    if unknown := wanted - {m.key for m in MEASURES} - {PORTFOLIO}:
        parser.error(f"unknown measures: {', '.join(sorted(unknown))}")
    portfolio = ""
    if PORTFOLIO in wanted:
        print("Generating the portfolio's sessions…", file=sys.stderr)
        portfolio = measure_portfolio(
            args.database_url,
            sessions=args.portfolio_sessions,
            runs=args.runs,
            warmup=args.warmup,
        )
        wanted.discard(PORTFOLIO)
        if not wanted:
            print(portfolio)
            return 0

    sizes = BenchSizes(projects=args.projects, experts=args.experts)
    print(f"Generating {sizes.projects} projects × {sizes.experts} experts…", file=sys.stderr)
    fresh = fresh_database(args.database_url, sizes, seed=args.seed)
    # No broker: background jobs (the forum book) are built within the request, and timed.
    app = make_app(fresh.uri, fresh.workdir, BROKER_URL=None)
    try:
        context = find_context(app, fresh.bench)
        with app.app_context():
            counter = QueryCounter(db.engine).start()
        clients = {
            "facilitator": logged_in_client(app, context.facilitator_email, context.password),
            "expert": logged_in_client(app, context.expert_email, context.password),
        }
        if args.profile:
            measure = next((m for m in MEASURES if m.key == args.profile), None)
            if measure is None:
                parser.error(f"unknown measure {args.profile}")
            print(profile_one(app, measure, context, clients))
            return 0
        results = []
        for measure in MEASURES:
            if measure.key not in wanted:
                continue
            print(f"  {measure.title}…", file=sys.stderr)
            results.append(
                measure_one(app, measure, context, clients, counter, args.runs, args.warmup)
            )
        report = {
            "commit": _git_commit(),
            "database": database_label(fresh.uri),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {_cpu_count()} CPUs",
            "sizes": asdict(sizes),
            "criteria": len(context.criteria),
            "scores": fresh.bench.counts.get("scores", 0),
            "generation_seconds": fresh.generation_seconds,
            "runs": args.runs,
            "warmup": args.warmup,
            "results": [asdict(r) | {"meets": r.meets_target} for r in results],
            "floor": _floor(app, fresh, context, clients, args.runs, args.warmup)
            if wanted & set(FLOOR_COMPARED)
            else None,
        }
        if "csv" in wanted:
            csv_url = build_url(app, "exports.table", context, {"name": "scores"})
            report["csv_memory"] = asdict(measure_peak(clients["facilitator"], csv_url))
    finally:
        with app.app_context():
            db.engine.dispose()
        fresh.cleanup()
    before = json.loads(Path(args.compare).read_text()) if args.compare else None
    print(format_table(report, before))
    if "csv_memory" in report:
        print(MemoryFigure.line(report["csv_memory"]))
    if portfolio:
        print(f"\n{portfolio}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
