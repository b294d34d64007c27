"""Concurrency and faults under gunicorn, on the SQLite file and on PostgreSQL (issue 8).

The app runs as in production: gunicorn with several worker processes on 127.0.0.1, CSRF on,
every user logged in through the login form in a browser stand-in of their own
(:mod:`bench.webclient`). A crowd of users loads their forms first, then threads released by
one barrier send their saves at the same moment. Afterwards the rows are counted:

- 30 experts submit their scorecards and 8 group members save 8 different projects, while
  two more members save one same project: every scorecard is submitted with exactly the scores
  sent, every project saved exactly once, the pair gets one success and one 409 (nothing lost),
  and nobody gets a server error;
- one gunicorn worker is killed (SIGKILL) in the middle of the load: every save that got a
  success has its rows, none is half-written, the server keeps serving;
- the database goes away in the middle of requests (PostgreSQL: the app's connections are
  terminated while their transactions wait; SQLite: another process holds the write lock past
  the busy timeout): clean error pages, no partial write, and the app recovers.

Everything is bounded: a barrier and a join with timeouts, a request timeout, a fixed count of
requests, and the server is stopped on the way out whatever happens. Each test prints its
figures (requests sent, errors, rows lost) — run with ``-s`` to see them.
"""

import http.client
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from bench.load import form_fields
from bench.servers import gunicorn_server, server_environment
from bench.webclient import WebClient
from sessiontrack.audit.models import AuditEntry
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review.models import Scorecard, ScorecardState
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories

pytestmark = pytest.mark.slow

WORKERS = 4
EXPERTS = 30
MEMBERS = 8
CRITERIA = 6
REQUEST_TIMEOUT = 30
WAIT_TIMEOUT = 90  # the barrier, the joins, the waits for the server: nothing hangs
APPLICATION_NAME = "sessiontrack-under-test"
CLEAN_ERROR = "Ничего не сохранено"


# ----------------------------------------------------------------------------------------------
# The crowd: who does what, built in the test database before the server starts
# ----------------------------------------------------------------------------------------------


@dataclass
class Crowd:
    slug: str
    criteria: list[int]
    # e-mail → the expert's scorecard ids
    experts: dict[str, list[int]] = field(default_factory=dict)
    # (e-mail, project id): one member per project, then the pair on one project
    members: list[tuple[str, int]] = field(default_factory=list)
    pair: list[tuple[str, int]] = field(default_factory=list)


def build_crowd(db, *, experts=EXPERTS, scorecards_each=1, members=MEMBERS, pair=True) -> Crowd:
    strategic_session = factories.make_session(
        title="Сессия под нагрузкой", state=SessionState.REVIEW, review_state=ReviewState.OPEN
    )
    group = factories.make_group(factories.make_direction(strategic_session))
    criteria = [
        factories.make_criterion(strategic_session, weight=float(n % 3 + 1), position=n)
        for n in range(CRITERIA)
    ]
    reviewed = [
        factories.make_project(strategic_session, group, complete=True, state=ProjectState.ACCEPTED)
        for _ in range(5)
    ]
    crowd = Crowd(slug=strategic_session.slug, criteria=[c.id for c in criteria])
    for n in range(experts):
        user, participant = factories.make_expert(strategic_session)
        crowd.experts[user.email] = [
            factories.make_scorecard(reviewed[(n + k) % len(reviewed)], participant).id
            for k in range(scorecards_each)
        ]
    for _ in range(members):
        user = factories.make_member(strategic_session, ParticipantRole.MEMBER, group)
        crowd.members.append((user.email, factories.make_project(strategic_session, group).id))
    if pair:
        shared = factories.make_project(strategic_session, group).id
        for _ in range(2):
            user = factories.make_member(strategic_session, ParticipantRole.MEMBER, group)
            crowd.pair.append((user.email, shared))
    db.session.commit()
    return crowd


def scores_for(scorecard_id: int, criteria: list[int]) -> dict[int, int]:
    """The scores an expert sends for a scorecard (0–10, different from card to card)."""
    return {criterion: (scorecard_id * 7 + n * 3) % 11 for n, criterion in enumerate(criteria)}


# ----------------------------------------------------------------------------------------------
# The browsers: each loads its forms, waits at the barrier, then posts
# ----------------------------------------------------------------------------------------------


@dataclass
class Save:
    """One POST: what it targets and sends, and what came back (status None: no answer)."""

    kind: str  # "scorecard" or "project"
    target: int
    url: str
    data: dict
    email: str
    status: int | None = None
    body: str = ""
    error: str = ""


class Tally:
    """Saves as they come back, from every thread."""

    def __init__(self):
        self.saves: list[Save] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self.answered = 0
        self.before_the_barrier = 0  # log-in pages, log-ins and form pages

    def prepared(self, requests: int) -> None:
        with self._lock:
            self.before_the_barrier += requests

    def add(self, save: Save) -> None:
        with self._lock:
            self.saves.append(save)
            self.answered += 1

    def problem(self, text: str) -> None:
        with self._lock:
            self.problems.append(text)

    def statuses(self) -> Counter:
        return Counter(save.status for save in self.saves)

    def server_errors(self) -> list[Save]:
        return [s for s in self.saves if s.status is not None and s.status >= 500]

    def unanswered(self) -> list[Save]:
        return [s for s in self.saves if s.status is None]


def prepare_scorecards(client: WebClient, crowd: Crowd, email: str, ids=None) -> list[Save]:
    saves = []
    for scorecard_id in ids or crowd.experts[email]:
        url = f"/s/{crowd.slug}/review/scorecards/{scorecard_id}"
        page = client.get(url)
        assert page.status == 200, f"{email} opens {url}: {page.status}"
        data = form_fields(page.body, action=url)
        for criterion, value in scores_for(scorecard_id, crowd.criteria).items():
            data[f"criterion_{criterion}"] = [str(value)]
        data["comment"] = [f"Оценка {scorecard_id}: проект зрелый."]
        data["action"] = ["submit"]
        saves.append(Save("scorecard", scorecard_id, url, data, email))
    return saves


def prepare_project(client: WebClient, crowd: Crowd, email: str, project_id: int) -> Save:
    url = f"/s/{crowd.slug}/projects/{project_id}/edit"
    page = client.get(url)
    assert page.status == 200, f"{email} opens {url}: {page.status}"
    data = form_fields(page.body, action=url)
    assert "version" in data and "csrf_token" in data
    data["goal"] = [f"Цель, сохранённая {email}"]
    data.pop("submit_passport", None)
    return Save("project", project_id, url, data, email)


def send(client: WebClient, save: Save, tally: Tally) -> None:
    try:
        reply = client.request("POST", save.url, save.data)
    # The connection was lost (a killed worker): no answer. A worker killed mid-reply may also
    # leave a short or missing status line or body (http.client's own errors, not OSError).
    except (OSError, http.client.HTTPException) as error:
        save.error = f"{type(error).__name__}: {error}"
    else:
        save.status, save.body = reply.status, reply.body
    tally.add(save)


def run_crowd(base_url: str, crowd: Crowd, tally: Tally, *, ready=None, on_the_go=None) -> None:
    """Log everyone in and load their forms, then send every save at once (a barrier).

    ``ready()`` runs once everyone waits at the barrier, ``on_the_go(tally)`` while the saves
    are on their way (this is where the tests make their faults).
    """
    jobs = [(email, None) for email in crowd.experts] + crowd.members + crowd.pair
    barrier = threading.Barrier(len(jobs) + 1, timeout=WAIT_TIMEOUT)

    def browser(email: str, project_id: int | None) -> None:
        try:
            client = WebClient(base_url, timeout=REQUEST_TIMEOUT)
            login = client.login(email, factories.PASSWORD)
            assert login.status == 302, f"{email} logs in: {login.status}"
            if project_id is None:
                saves = prepare_scorecards(client, crowd, email)
            else:
                saves = [prepare_project(client, crowd, email, project_id)]
        except BaseException as error:
            tally.problem(f"{email} could not prepare: {error!r}")
            barrier.abort()
            return
        tally.prepared(2 + len(saves))  # the log-in page and form, then each form page
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        try:
            for save in saves:
                send(client, save, tally)
        except BaseException as error:  # reported, not lost with the thread
            tally.problem(f"{email} could not send: {error!r}")

    threads = [threading.Thread(target=browser, args=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT_TIMEOUT
    while barrier.n_waiting < len(jobs) and not barrier.broken and time.monotonic() < deadline:
        time.sleep(0.01)
    if ready is not None and not barrier.broken:
        ready()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        pass
    else:
        if on_the_go is not None:
            on_the_go(tally)
    deadline = time.monotonic() + WAIT_TIMEOUT
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "some browsers did not finish"
    assert not tally.problems, tally.problems


# ----------------------------------------------------------------------------------------------
# Counting the rows afterwards
# ----------------------------------------------------------------------------------------------


def scorecard_rows(db, ids) -> dict[int, tuple[ScorecardState, dict[int, int]]]:
    db.session.expire_all()
    cards = db.session.scalars(sa.select(Scorecard).where(Scorecard.id.in_(ids))).all()
    return {
        card.id: (card.state, {score.criterion_id: score.value for score in card.scores})
        for card in cards
    }


def lost_scorecards(db, crowd: Crowd, saves: list[Save], *, may_have_happened=()) -> list[str]:
    """Scorecards whose submission got a success but whose rows are not all there, and any
    scorecard half-written (some scores, or submitted without all of them)."""
    rows = scorecard_rows(db, [s.target for s in saves])
    lost = []
    for save in saves:
        state, scores = rows[save.target]
        expected = scores_for(save.target, crowd.criteria)
        complete = state == ScorecardState.SUBMITTED and scores == expected
        untouched = state == ScorecardState.DRAFT and not scores
        if save.status == 302 and not complete:
            lost.append(f"scorecard {save.target}: answered 302, rows {state} {scores}")
        elif save.status != 302 and not (untouched or (complete and save in may_have_happened)):
            lost.append(f"scorecard {save.target}: answered {save.status}, rows {state} {scores}")
    return lost


def figures(name: str, backend: str, tally: Tally, lost: list[str], outage=False, **extra) -> str:
    """One line of figures; in an outage the 5xx answers are the clean error pages."""
    statuses = ", ".join(f"{status or 'no answer'}: {n}" for status, n in tally.statuses().items())
    more = "".join(f", {key.replace('_', ' ')} {value}" for key, value in extra.items())
    errors = "clean error pages" if outage else "server errors"
    line = (
        f"[{name} on {backend}] requests sent {tally.before_the_barrier + len(tally.saves)} "
        f"({tally.before_the_barrier} to log in and load forms, then {len(tally.saves)} saves "
        f"from the barrier: {statuses}), {errors} {len(tally.server_errors())}, "
        f"rows lost {len(lost)}{more}"
    )
    print(line)
    return line


# ----------------------------------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------------------------------


def server_env(uri: str, tmp_path, **settings) -> dict:
    if uri.startswith("postgresql"):
        # The app's own connections carry a name, so that the fault test can end them.
        uri += ("&" if "?" in uri else "?") + f"application_name={APPLICATION_NAME}"
    return server_environment(
        uri,
        "secret-of-the-concurrency-test",
        str(tmp_path / "instance"),
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
        # Forty people log in from one address within a second: the room's proxy, in effect.
        LOGIN_LIMIT_PER_ADDRESS="1000 per minute",
        **settings,
    )


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory):
    """One gunicorn per database for the crowd and the killed worker (the tests' data is
    made afresh in the database for each test; the server keeps nothing)."""
    _name, uri = backend
    env = server_env(uri, tmp_path_factory.mktemp("gunicorn"))
    with gunicorn_server(env, workers=WORKERS, preload=True) as running:
        yield running


def test_a_crowd_saving_at_once_loses_nothing(app, db, backend, server):
    name, _uri = backend
    crowd = build_crowd(db)
    tally = Tally()
    log_start = len(server.log())
    run_crowd(server.base_url, crowd, tally)
    log = server.log()[log_start:]

    scorecard_saves = [s for s in tally.saves if s.kind == "scorecard"]
    lost = lost_scorecards(db, crowd, scorecard_saves)
    db.session.expire_all()
    projects = {p.id: p for p in db.session.scalars(sa.select(Project))}
    for save in [s for s in tally.saves if s.kind == "project"]:
        project = projects[save.target]
        if save.target != (crowd.pair[0][1] if crowd.pair else None):
            if save.status != 302 or project.goal != save.data["goal"][0]:
                lost.append(f"project {save.target}: {save.status}, goal {project.goal!r}")
            if project.version_id != 2:
                lost.append(f"project {save.target} saved {project.version_id - 1} times")
    # Each save is in the audit log exactly once: one "update" per project (the pair's too),
    # one "scorecard_submitted" per scorecard.
    logged = Counter(
        db.session.execute(
            sa.select(AuditEntry.action, AuditEntry.object_id).where(
                AuditEntry.action.in_(["update", "scorecard_submitted"])
            )
        ).all()
    )
    expected_log = Counter(
        {("scorecard_submitted", s.target): 1 for s in scorecard_saves}
        | {("update", s.target): 1 for s in tally.saves if s.kind == "project"}
    )
    if logged != expected_log:
        lost.append(f"audit log: {sorted((logged - expected_log) + (expected_log - logged))}")
    pair = [s for s in tally.saves if s.kind == "project" and s.target == crowd.pair[0][1]]
    winner = [s for s in pair if s.status == 302]
    figures("crowd", name, tally, lost, pair=sorted(s.status for s in pair))

    assert len(tally.saves) == EXPERTS + MEMBERS + 2
    assert not tally.server_errors() and not tally.unanswered(), log[-3000:]
    assert "database is locked" not in log
    assert sorted(s.status for s in pair) == [302, 409], [s.body[:300] for s in pair]
    refused = next(s for s in pair if s.status == 409)
    assert "Пока вы редактировали проект, его сохранил кто-то другой" in refused.body
    shared = projects[crowd.pair[0][1]]
    assert shared.goal == winner[0].data["goal"][0] and shared.version_id == 2
    assert not lost, lost
    assert len(projects) == 5 + MEMBERS + 1  # no project written twice


def test_a_killed_worker_loses_no_committed_save(app, db, backend, server):
    name, _uri = backend
    crowd = build_crowd(db, scorecards_each=3, members=0, pair=False)
    total = EXPERTS * 3
    tally = Tally()
    killed = []

    def kill_a_worker_midway(tally: Tally) -> None:
        deadline = time.monotonic() + WAIT_TIMEOUT
        while tally.answered < total // 4 and time.monotonic() < deadline:
            time.sleep(0.005)
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        killed.append((victim, tally.answered))

    log_start = len(server.log())
    run_crowd(server.base_url, crowd, tally, on_the_go=kill_a_worker_midway)
    # The master replaces the worker; the server goes on serving, and whoever lost their
    # answer saves again.
    deadline = time.monotonic() + WAIT_TIMEOUT
    while len(server.worker_pids()) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.1)
    replaced = killed[0][0] not in server.worker_pids()
    retried = Tally()
    retry_status = []
    rows = scorecard_rows(db, [s.target for s in tally.unanswered()])
    for save in tally.unanswered():
        client = WebClient(server.base_url, timeout=REQUEST_TIMEOUT)
        client.login(save.email, factories.PASSWORD)
        if rows[save.target][0] == ScorecardState.DRAFT:
            (again,) = prepare_scorecards(client, crowd, save.email, [save.target])
            send(client, again, retried)
            retry_status.append(again.status)
    after = WebClient(server.base_url).get("/auth/login").status
    log = server.log()[log_start:]

    lost = lost_scorecards(db, crowd, tally.saves, may_have_happened=tally.unanswered())
    figures(
        "killed worker",
        name,
        tally,
        lost,
        killed_after=killed[0][1],
        no_answer=len(tally.unanswered()),
        retried=retry_status,
    )
    assert len(tally.saves) == total
    assert not tally.server_errors(), log[-3000:]
    # The killed worker was busy: at most the requests it held got no answer.
    assert len(tally.unanswered()) <= 1, [s.error for s in tally.unanswered()]
    assert not lost, lost
    assert replaced and after == 200
    assert all(status == 302 for status in retry_status), retry_status
    final = scorecard_rows(db, [s.target for s in tally.saves])
    assert all(state == ScorecardState.SUBMITTED for state, _scores in final.values())


class SqliteOutage:
    """Another process holds SQLite's write lock longer than the app's busy timeout."""

    settings = {"SQLITE_BUSY_TIMEOUT_MS": 400}

    def __init__(self, uri: str):
        self.path = uri.removeprefix("sqlite:///")
        self.connection = None

    def begin(self) -> None:
        self.connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")

    def during(self, tally: Tally, expected: int) -> int:
        wait_for(lambda: tally.answered >= expected)
        return 0

    def end(self) -> None:
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.connection = None


class PostgresOutage:
    """The app's connections are terminated (``pg_terminate_backend``) in the middle of their
    transactions: each request has written its scores and waits to write its audit entry
    (the test holds a lock on that table) when its connection goes away."""

    settings: dict = {}

    def __init__(self, uri: str):
        self.engine = sa.create_engine(uri, poolclass=sa.pool.NullPool)
        self.locker = None

    def begin(self) -> None:
        self.locker = self.engine.connect()
        self.locker.execute(sa.text("LOCK TABLE audit_entry IN EXCLUSIVE MODE"))

    def during(self, tally: Tally, expected: int) -> int:
        terminated = 0
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:

            def end_the_waiting() -> bool:
                nonlocal terminated
                terminated += len(
                    watcher.execute(
                        sa.text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE application_name = :name AND wait_event_type = 'Lock'"
                            " AND datname = current_database()"
                        ),
                        {"name": APPLICATION_NAME},
                    ).all()
                )
                return tally.answered >= expected

            wait_for(end_the_waiting)
        return terminated

    def end(self) -> None:
        if self.locker is not None:
            self.locker.rollback()
            self.locker.close()
            self.locker = None
        self.engine.dispose()


def wait_for(condition, timeout: float = WAIT_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not come true in time")
        time.sleep(0.02)


def test_the_database_going_away_mid_request_leaves_clean_pages_and_no_partial_write(
    app, db, backend, tmp_path
):
    name, uri = backend
    experts = 2 * WORKERS
    crowd = build_crowd(db, experts=experts, members=0, pair=False)
    outage = SqliteOutage(uri) if name == "sqlite" else PostgresOutage(uri)
    tally = Tally()
    terminated = []
    env = server_env(uri, tmp_path, **outage.settings)
    try:
        with gunicorn_server(env, workers=WORKERS, preload=True) as server:
            run_crowd(
                server.base_url,
                crowd,
                tally,
                ready=outage.begin,
                on_the_go=lambda tally: terminated.append(outage.during(tally, experts)),
            )
            outage.end()
            failed = [s for s in tally.saves if s.status != 302]
            lost = lost_scorecards(db, crowd, tally.saves)
            # The database is back: the app serves again, and everyone saves again.
            retried = Tally()
            for save in failed:
                client = WebClient(server.base_url, timeout=REQUEST_TIMEOUT)
                client.login(save.email, factories.PASSWORD)
                (again,) = prepare_scorecards(client, crowd, save.email, [save.target])
                send(client, again, retried)
    finally:
        outage.end()

    figures(
        "database gone",
        name,
        tally,
        lost,
        outage=True,
        connections_terminated=terminated[0] if terminated else 0,
        retried=dict(retried.statuses()),
    )
    assert len(tally.saves) == experts
    assert failed, "the outage hit no request"
    for save in failed:
        assert save.status == 500, (save.status, save.error)
        assert CLEAN_ERROR in save.body and "Traceback" not in save.body, save.body[:500]
    assert not lost, lost
    assert retried.statuses() == Counter({302: len(failed)})
    final = scorecard_rows(db, [s.target for s in tally.saves])
    assert all(state == ScorecardState.SUBMITTED for state, _scores in final.values())
