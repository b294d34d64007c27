"""Load test: 40 simulated users against gunicorn on the loopback interface, bounded in time.

Builds the generated session in a fresh database (SQLite by default, PostgreSQL with
``--database-url``), starts gunicorn on a free 127.0.0.1 port as in production (``--workers``
processes of ``--threads`` threads each), and runs one thread per simulated user, each with its
own login and cookies: experts opening and saving scorecards, group members editing their
projects, facilitators refreshing the ranking. Like people, each pauses between two requests
(``--think``, a pause of 0 to twice that, 2 s on average; ``--think 0``: back to back), and
they arrive over the first such pause rather than all in the same instant. It stops by itself
after ``--seconds`` or ``--max-requests``, stops the server, and reports requests per second,
the median and 95th-percentile latency, and the errors (a 5xx, an unexpected status, a network
failure), with the verdict against the issue's target (p95 ≤ 300 ms, no error) on the database
it ran on. A refused save (409 conflict, 422 invalid) is counted apart: it is a correct answer.

    .venv/bin/python bench/load.py                      # SQLite, 40 users, 30 s
    .venv/bin/python bench/load.py --database-url postgresql://postgres@127.0.0.1/st_bench

What a user does is a short list of steps per kind (:class:`Expert`, :class:`Member`,
:class:`Facilitator`); a step whose route the application lacks is left out and listed.
"""

import argparse
import html
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask import Flask, url_for

from bench.fresh import database_label, fresh_database, make_app
from bench.servers import gunicorn_server, server_environment
from bench.webclient import WebClient
from sessiontrack import gunicorn_conf
from sessiontrack.auth.models import User
from sessiontrack.extensions import db
from sessiontrack.people.models import GROUP_ROLES, Participant
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review.models import Criterion, Scorecard, ScorecardState
from sessiontrack.sampledata.bench import BenchSizes

MAX_SECONDS = 600
REFUSED = (409, 422)
# gunicorn as the README runs it (sessiontrack/gunicorn_conf.py).
WORKERS = gunicorn_conf.workers
THREADS = gunicorn_conf.threads
# The target, on each database: the 95th percentile of every request, and no error.
TARGET_P95_MS = 300


@dataclass
class Step:
    """One request of a simulated user."""

    name: str
    method: str
    url: str
    data: dict | None = None
    ok: tuple[int, ...] = (200,)


class Routes:
    """URLs by endpoint name, from the application's URL map; ``None`` for a missing route."""

    def __init__(self, app: Flask):
        self.app = app
        self.endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
        self.missing: set[str] = set()

    def url(self, endpoint: str, **values) -> str | None:
        if endpoint not in self.endpoints:
            self.missing.add(endpoint)
            return None
        with self.app.test_request_context():
            return url_for(endpoint, **values)


@dataclass
class World:
    """What the simulated users work on, read from the generated session."""

    slug: str
    password: str
    facilitator: str
    experts: dict[str, int]  # e-mail → expert participant id
    members: dict[str, list[int]]  # e-mail → draft project ids of the member's group
    project_ids: list[int]
    open_scorecards: dict[int, list[tuple[int, int]]]  # expert id → [(scorecard, project)]
    criteria: list[int] = field(default_factory=list)


class SimulatedUser:
    """A user of one kind; :meth:`steps` yields what they do in one round, forever."""

    kind = "user"

    def __init__(self, email: str, world: World, routes: Routes, rng: random.Random):
        self.email, self.world, self.routes, self.rng = email, world, routes, rng

    def get(self, name: str, endpoint: str, **values) -> Step | None:
        url = self.routes.url(endpoint, slug=self.world.slug, **values)
        return url and Step(name, "GET", url)

    def form(self, name: str, endpoint: str, change, **values) -> "FormPost | None":
        url = self.routes.url(endpoint, slug=self.world.slug, **values)
        return url and FormPost(name, url, change)

    def steps(self):
        raise NotImplementedError


class Expert(SimulatedUser):
    """Reads the projects, opens a scorecard and saves it as a draft with new scores."""

    kind = "expert"

    def steps(self):
        world = self.world
        expert_id = world.experts[self.email]
        yield self.get("project list", "projects.index")
        if scorecards := world.open_scorecards.get(expert_id):
            scorecard_id, project_id = self.rng.choice(scorecards)
            yield self.get("project page", "projects.show", project_id=project_id)
            yield self.form(
                "scorecard", "review.scorecard", self._scores, scorecard_id=scorecard_id
            )
        else:
            yield self.get(
                "project page", "projects.show", project_id=self.rng.choice(world.project_ids)
            )

    def _scores(self, data: dict) -> dict:
        for criterion in self.world.criteria:
            data[f"criterion_{criterion}"] = [str(self.rng.randint(0, 10))]
        data["comment"] = ["Нагрузочный тест: черновик."]
        return data


class Member(SimulatedUser):
    """Reads the project list and edits one of the group's draft projects."""

    kind = "member"

    def steps(self):
        yield self.get("project list", "projects.index")
        drafts = self.world.members.get(self.email) or self.world.project_ids
        project_id = self.rng.choice(drafts)
        yield self.get("project page", "projects.show", project_id=project_id)
        yield self.form("passport", "projects.edit", self._goal, project_id=project_id)

    @staticmethod
    def _goal(data: dict) -> dict:
        data["goal"] = [f"Цель уточнена при нагрузочном тесте {time.time():.3f}"]
        return data


@dataclass
class FormPost:
    """Open a form page, change some fields, send the form (two requests, two samples).

    The fields come from the page as a browser would send them (hidden version, CSRF token,
    every row of a passport), so the save is the one a person makes.
    """

    name: str
    form_url: str
    change: Callable[[dict], dict]


class Facilitator(SimulatedUser):
    """Refreshes the ranking (the results page, interim figures while experts score)."""

    kind = "facilitator"

    def steps(self):
        yield self.get("ranking", "review.results", interim="1")
        yield self.get("session page", "sessions.overview")


KINDS = {"expert": Expert, "member": Member, "facilitator": Facilitator}
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
OPTION = re.compile(r"<option\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def form_fields(page: str, action: str | None = None) -> dict:
    """The values a browser would send with the form posting to ``action`` (or, without one,
    the form with the most fields): inputs, text areas, the selected options, checked boxes."""
    forms = []
    for attributes, body in FORM.findall(page):
        target = dict(ATTRIBUTE.findall(attributes)).get("action", "")
        forms.append((target, _fields(body)))
    if not forms:
        return {}
    matching = [fields for target, fields in forms if action and html.unescape(target) == action]
    return matching[0] if matching else max((f for _t, f in forms), key=len)


def _fields(form: str) -> dict:
    data: dict[str, list[str]] = defaultdict(list)
    for attributes in INPUT.findall(form):
        attrs = _attributes(attributes)
        if "name" not in attrs or attrs.get("type") in ("submit", "button", "file", "reset"):
            continue
        if attrs.get("type") in ("checkbox", "radio") and not _flag("checked", attributes):
            continue
        default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
        data[attrs["name"]].append(attrs.get("value", default))
    for attributes, text in TEXTAREA.findall(form):
        if name := _attributes(attributes).get("name"):
            # A browser drops the newline that follows the opening tag.
            data[name].append(html.unescape(text.removeprefix("\r\n").removeprefix("\n")))
    for attributes, options in SELECT.findall(form):
        name = _attributes(attributes).get("name")
        if not name:
            continue
        tags = OPTION.findall(options)
        chosen = [tag for tag in tags if _flag("selected", tag)]
        if not chosen and tags and not _flag("multiple", attributes):
            chosen = tags[:1]
        data[name].extend(_attributes(tag).get("value", "") for tag in chosen)
    return dict(data)


def _attributes(text: str) -> dict:
    return {key.lower(): html.unescape(value) for key, value in ATTRIBUTE.findall(text)}


def _flag(name: str, attributes: str) -> bool:
    """A boolean attribute (``selected``, ``checked``) outside any quoted value."""
    return re.search(rf"(?:^|\s){name}(?:\s|=|$)", ATTRIBUTE.sub("", attributes)) is not None


@dataclass
class Sample:
    kind: str
    name: str
    status: int | None
    seconds: float
    outcome: str  # ok, refused, error


class Budget:
    """The shared stop condition: a deadline and a maximum number of requests."""

    def __init__(self, seconds: float, max_requests: int):
        self.deadline = time.monotonic() + seconds
        self.left = max_requests
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def run_user(user: SimulatedUser, base_url: str, budget: Budget, think: float, samples: list):
    if think:  # people arrive one after the other, not all in the same instant
        time.sleep(user.rng.uniform(0, 2 * think))
    client = WebClient(base_url, timeout=30)
    reply = client.login(user.email, user.world.password)
    samples.append(Sample(user.kind, "login", reply.status, reply.seconds, _outcome(reply, (302,))))
    while True:
        for step in user.steps():
            if step is None:
                continue
            if not budget.take():
                return
            samples.extend(_send(client, user.kind, step))
            if think:
                time.sleep(user.rng.uniform(0, 2 * think))


def _send(client: WebClient, kind: str, step) -> list[Sample]:
    try:
        if isinstance(step, FormPost):
            page = client.get(step.form_url)
            samples = [
                Sample(kind, f"{step.name} page", page.status, page.seconds, _outcome(page, (200,)))
            ]
            data = step.change(form_fields(page.body, action=step.form_url))
            reply = client.request("POST", step.form_url, data)
            return [
                *samples,
                Sample(
                    kind,
                    f"save {step.name}",
                    reply.status,
                    reply.seconds,
                    _outcome(reply, (200, 302, 303)),
                ),
            ]
        reply = client.request(step.method, step.url, step.data)
    except OSError as error:
        return [Sample(kind, step.name, None, 0.0, f"error: {type(error).__name__}")]
    return [Sample(kind, step.name, reply.status, reply.seconds, _outcome(reply, step.ok))]


def _outcome(reply, ok) -> str:
    if reply.status in ok:
        return "ok"
    if reply.status in REFUSED:
        return "refused"
    return f"error: HTTP {reply.status}"


def read_world(app: Flask, bench, open_projects: int) -> World:
    """Open the first ``open_projects`` projects' scorecards again for the experts to save."""
    with app.app_context():
        sid = bench.session_id
        experts = dict(
            db.session.execute(
                sa.select(Participant.email, Participant.id).where(
                    Participant.session_id == sid, Participant.email.in_(bench.expert_emails)
                )
            ).all()
        )
        project_ids = db.session.scalars(
            sa.select(Project.id)
            .where(Project.session_id == sid, Project.state != ProjectState.DRAFT)
            .order_by(Project.id)
        ).all()
        reopened = project_ids[:open_projects]
        db.session.execute(
            sa.update(Scorecard)
            .where(Scorecard.project_id.in_(reopened))
            .values(state=ScorecardState.DRAFT, submitted_at=None)
        )
        open_scorecards = defaultdict(list)
        for scorecard_id, expert_id, project_id in db.session.execute(
            sa.select(Scorecard.id, Scorecard.expert_id, Scorecard.project_id).where(
                Scorecard.project_id.in_(reopened)
            )
        ):
            open_scorecards[expert_id].append((scorecard_id, project_id))
        drafts = defaultdict(list)
        for group_id, project_id in db.session.execute(
            sa.select(Project.working_group_id, Project.id).where(
                Project.session_id == sid, Project.state == ProjectState.DRAFT
            )
        ):
            drafts[group_id].append(project_id)
        members = {
            email: drafts.get(group_id, [])
            for email, group_id in db.session.execute(
                sa.select(User.email, Participant.working_group_id)
                .join(Participant, Participant.user_id == User.id)
                .where(
                    Participant.session_id == sid,
                    Participant.role.in_(GROUP_ROLES),
                    Participant.working_group_id.is_not(None),
                )
            )
        }
        criteria = db.session.scalars(
            sa.select(Criterion.id).filter_by(session_id=sid).order_by(Criterion.position)
        ).all()
        db.session.commit()
    return World(
        slug=bench.slug,
        password=bench.password,
        facilitator=bench.facilitator_email,
        experts=experts,
        members=members,
        project_ids=list(project_ids),
        open_scorecards=dict(open_scorecards),
        criteria=list(criteria),
    )


def make_users(world: World, routes: Routes, counts: dict[str, int], seed: int) -> list:
    """The simulated users; accounts are shared round-robin when there are more users."""
    accounts = {
        "expert": list(world.experts),
        "member": list(world.members),
        "facilitator": [world.facilitator],
    }
    users = []
    for kind, count in counts.items():
        for number in range(count):
            email = accounts[kind][number % len(accounts[kind])]
            users.append(
                KINDS[kind](email, world, routes, random.Random(f"{seed}-{kind}-{number}"))
            )
    return users


def report(samples: list[Sample], seconds: float) -> dict:
    def summary(rows):
        times = sorted(s.seconds * 1000 for s in rows if s.status is not None)
        return {
            "requests": len(rows),
            "median_ms": statistics.median(times) if times else None,
            "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None,
            "errors": sum(1 for s in rows if s.outcome.startswith("error")),
            "refused": sum(1 for s in rows if s.outcome == "refused"),
        }

    by_step = defaultdict(list)
    for sample in samples:
        by_step[(sample.kind, sample.name)].append(sample)
    return {
        "seconds": seconds,
        "overall": summary(samples) | {"per_second": len(samples) / seconds},
        "steps": {f"{kind}: {name}": summary(rows) for (kind, name), rows in by_step.items()},
        "error_kinds": dict(Counter(s.outcome for s in samples if s.outcome.startswith("error"))),
        "refused_statuses": dict(
            Counter(f"{s.name}: {s.status}" for s in samples if s.outcome == "refused")
        ),
    }


def format_report(result: dict, header: str) -> str:
    lines = [
        header,
        f"{'step':<34}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'errors':>8}{'refused':>9}",
    ]
    lines.append("-" * len(lines[-1]))

    def line(name, row):
        median = "-" if row["median_ms"] is None else f"{row['median_ms']:.0f}"
        p95 = "-" if row["p95_ms"] is None else f"{row['p95_ms']:.0f}"
        return (
            f"{name:<34}{row['requests']:>9}{median:>11}{p95:>9}{row['errors']:>8}"
            f"{row['refused']:>9}"
        )

    for name, row in sorted(result["steps"].items()):
        lines.append(line(name, row))
    lines.append("-" * len(lines[1]))
    overall = result["overall"]
    lines.append(line("all", overall))
    lines.append(
        f"{overall['per_second']:.1f} requests per second over {result['seconds']:.1f} s; "
        f"errors: {result['error_kinds'] or 'none'}"
    )
    if cpu := result.get("server_cpu_seconds"):
        cores = os.cpu_count() or 1
        per_request = 1000 * cpu / max(1, overall["requests"])
        lines.append(
            f"server CPU {cpu:.1f} s ({cpu / result['seconds'] / cores:.0%} of {cores} cores), "
            f"{per_request:.0f} ms per request"
        )
    if result["refused_statuses"]:
        lines.append(f"refused (a correct answer): {result['refused_statuses']}")
    if result.get("missing"):
        lines.append("not yet in the application (left out): " + ", ".join(result["missing"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its schema is rebuilt)")
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--experts", type=int, default=30)
    parser.add_argument("--users", type=int, default=40, help="simulated users")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"gunicorn worker processes ({WORKERS})"
    )
    parser.add_argument(
        "--threads", type=int, default=THREADS, help=f"threads per worker ({THREADS})"
    )
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean pause between requests, s (2; 0: none)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= MAX_SECONDS or args.users < 3 or args.max_requests < 1:
        parser.error(f"--seconds in (0, {MAX_SECONDS}], --users at least 3, --max-requests ≥ 1")

    facilitators = max(1, args.users // 10)
    members = max(1, args.users * 3 // 10)
    counts = {"expert": args.users - members - facilitators, "member": members}
    counts["facilitator"] = facilitators
    sizes = BenchSizes(projects=args.projects, experts=args.experts, drafts_per_group=3)
    print(f"Generating {sizes.projects} projects × {sizes.experts} experts…", file=sys.stderr)
    fresh = fresh_database(args.database_url, sizes, seed=args.seed)
    app = make_app(fresh.uri, fresh.workdir)
    try:
        world = read_world(app, fresh.bench, open_projects=20)
        routes = Routes(app)
        users = make_users(world, routes, counts, args.seed)
        env = server_environment(
            fresh.uri,
            "load-test-secret",
            str(Path(fresh.workdir) / "instance"),
            RATELIMIT_ENABLED="false",
        )
        with gunicorn_server(
            env, workers=args.workers, threads=args.threads, preload=True, start_timeout=120
        ) as server:
            base_url = server.base_url
            cpu_before = server_cpu_seconds(server)
            print(f"{len(users)} users against {base_url} for {args.seconds:g} s…", file=sys.stderr)
            samples: list[Sample] = []
            budget = Budget(args.seconds, args.max_requests)
            threads = [
                threading.Thread(
                    target=run_user, args=(user, base_url, budget, args.think, samples), daemon=True
                )
                for user in users
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 60)
            elapsed = time.monotonic() - started
            cpu = server_cpu_seconds(server) - cpu_before
        result = report(samples, elapsed)
        result["missing"] = sorted(routes.missing)
        result["users"] = counts
        result["database"] = database_label(fresh.uri)
        result["workers"] = args.workers
        result["threads"] = args.threads
        result["server_cpu_seconds"] = cpu
        result["think"] = args.think
    finally:
        with app.app_context():
            db.engine.dispose()
        fresh.cleanup()
    header = (
        f"load: {sum(counts.values())} users ({', '.join(f'{n} {k}s' for k, n in counts.items())})"
        f" against gunicorn with {args.workers} workers × {args.threads} threads on "
        f"{result['database']}, "
        f"{sizes.projects} projects × {sizes.experts} experts, think time {args.think:g} s"
    )
    result["meets"] = meets_target(result)
    print(format_report(result, header))
    print(verdict(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if result["meets"] else 1


def server_cpu_seconds(server) -> float:
    """CPU time the server's processes (master and workers) have used so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [server.process.pid, *server.worker_pids()]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker restarted meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def meets_target(result: dict) -> bool:
    """p95 of every request within the target, and no error."""
    overall = result["overall"]
    return (
        overall["p95_ms"] is not None
        and overall["p95_ms"] <= TARGET_P95_MS
        and overall["errors"] == 0
    )


def verdict(result: dict) -> str:
    """The summary line: the database, the 95th percentile and the errors against the target."""
    overall = result["overall"]
    p95 = "-" if overall["p95_ms"] is None else f"{overall['p95_ms']:.0f} ms"
    return (
        f"{result['database']}: p95 {p95}, errors {overall['errors']} "
        f"(target p95 ≤ {TARGET_P95_MS} ms, 0 errors): "
        + ("meets" if meets_target(result) else "MISSES")
    )


if __name__ == "__main__":
    sys.exit(main())
