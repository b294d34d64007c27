"""Query counts that do not grow: an N+1 cannot come back unnoticed.

Every list page, the ranking and every export runs exactly as many SQL statements for a session
of 50 projects as for one of 10, and for 10 experts as for 3. The sessions come from the
benchmark generator (every expert has scored every project), so each page shows real data.

:data:`EXPECTED` is the list of pages this holds for. Each is tested when the application has
its route; :func:`test_every_expected_page_exists` fails when one is missing, except those still
in :data:`PENDING` (features not merged yet) — and fails too when a pending one has arrived, so
that :data:`PENDING` ends empty and the check covers everything.
"""

import re
from dataclasses import dataclass, field, replace

import pytest
import sqlalchemy as sa
from flask import url_for

from sessiontrack import create_app
from sessiontrack.extensions import db
from sessiontrack.people.models import Participant
from sessiontrack.projects.models import Project
from sessiontrack.reference.data import load_reference_data
from sessiontrack.review.models import Scorecard
from sessiontrack.sampledata.bench import BENCH_PASSWORD, BenchSizes, generate
from sessiontrack.sessions.models import Direction, ReviewState, StrategicSession, WorkingGroup

from .conftest import base_config, empty_tables
from .queries import QueryCounter

SMALL = BenchSizes(projects=10, experts=3, organisations=20, participants=40)
MORE_PROJECTS = replace(SMALL, projects=50, organisations=40, participants=120)
MORE_EXPERTS = replace(SMALL, experts=10)


def _forum_book(client, url: str, ids: dict):
    """The forum book is a job (run within the request under TESTING); then its download."""
    started = client.post(url, data={"document": "pdf:book"})
    job = re.search(r"/jobs/(\d+)", started.headers.get("Location", ""))
    assert started.status_code == 302 and job, f"the job did not start: {started.status_code}"
    with client.application.test_request_context():
        download = url_for("exports.job_download", slug=ids["slug"], job_id=int(job.group(1)))
    return client.get(download)


@dataclass(frozen=True)
class Page:
    """A page of the session requested as ``user``; ids in its URL are the session's first
    project, direction, group, expert and that expert's first scorecard."""

    endpoint: str
    user: str = "facilitator"
    args: dict = field(default_factory=dict)
    published: bool = False
    perform: object = None
    # Statements not counted: the job's progress, written as often as time, not rows, says.
    ignore: str | None = None


EXPECTED = {
    "home": Page("home.index"),
    # Facilitation (issue 3)
    "session overview": Page("sessions.overview"),
    "participants": Page("people.participants"),
    "organisations": Page("people.organisations"),
    "agenda": Page("agenda.index"),
    "audit log": Page("audit.index"),
    "directions": Page("sessions.directions"),
    "working group": Page("sessions.group"),
    # Projects (issue 4)
    "projects": Page("projects.index", args={"per_page": "all"}),
    "projects (expert)": Page("projects.index", user="expert", args={"per_page": "all"}),
    "projects (member)": Page("projects.index", user="member", args={"per_page": "all"}),
    "project page": Page("projects.show"),
    "resources": Page("projects.resources"),
    "funding sources": Page("projects.sources"),
    "alignment": Page("projects.alignment"),
    "wrap-up": Page("projects.wrapup"),
    # Review (issue 5)
    "review progress": Page("review.overview"),
    "assignments": Page("review.assignments"),
    "expert's projects": Page("review.my_projects", user="expert"),
    "scorecard": Page("review.scorecard", user="expert"),
    "ranking": Page("review.results", args={"interim": "1"}),
    "ranking (z-scores)": Page("review.results", args={"interim": "1", "method": "zscore"}),
    "ranking (published, member)": Page("review.results", user="member", published=True),
    "project review": Page("review.feedback"),
    "paper sheet": Page("review.paper_sheet"),
    # Exports (issue 6)
    "export page": Page("exports.index"),
    "workbook": Page("exports.workbook"),
    "JSON": Page("exports.session_json"),
    "forum book": Page(
        "exports.start_job", perform=_forum_book, published=True, ignore=r"UPDATE export_job\b"
    ),
    **{
        f"CSV {name}": Page("exports.table", args={"name": name})
        for name in ("projects", "resources", "stages", "indicators", "scores", "results")
    },
    "CSV ranking": Page("exports.table", args={"name": "ranking"}),
}

# Endpoints of features still on their branches: none since every feature is on main.
PENDING: set[str] = set()


def _endpoints() -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "collect"})
    return {rule.endpoint: rule.arguments for rule in app.url_map.iter_rules()}


ENDPOINTS = _endpoints()
PRESENT = {name: page for name, page in EXPECTED.items() if page.endpoint in ENDPOINTS}


def test_every_expected_page_exists():
    missing = {page.endpoint for page in EXPECTED.values()} - set(ENDPOINTS)
    assert missing <= PENDING, f"expected pages without a route: {sorted(missing - PENDING)}"
    arrived = PENDING & set(ENDPOINTS)
    assert not arrived, f"remove from PENDING, they exist now: {sorted(arrived)}"


def _ids(bench) -> dict:
    """The objects a page's URL may name: the first of each in the generated session."""
    sid = bench.session_id
    expert_id = db.session.scalar(
        sa.select(Participant.id).where(
            Participant.session_id == sid, Participant.email == bench.expert_emails[0]
        )
    )
    first = sa.func.min
    return {
        "slug": bench.slug,
        "project_id": db.session.scalar(sa.select(first(Project.id)).filter_by(session_id=sid)),
        "direction_id": db.session.scalar(sa.select(first(Direction.id)).filter_by(session_id=sid)),
        "group_id": db.session.scalar(sa.select(first(WorkingGroup.id)).filter_by(session_id=sid)),
        "expert_id": expert_id,
        "scorecard_id": db.session.scalar(
            sa.select(first(Scorecard.id)).filter_by(expert_id=expert_id)
        ),
    }


@dataclass
class Generated:
    """A generated session: the accounts that log in and the ids its URLs name."""

    emails: dict
    ids: dict


SIZES = {"small": SMALL, "more-projects": MORE_PROJECTS, "more-experts": MORE_EXPERTS}


@pytest.fixture(scope="module")
def generated(backend):
    """The app with the three sessions of each comparison, unpublished and published, made
    once for every page of this module (the pages only read, but for the forum book's job)."""
    _name, uri = backend
    application = create_app(base_config(uri))
    empty_tables(application)
    sessions = {}
    with application.app_context():
        load_reference_data()
        for published in (False, True):
            for name, sizes in SIZES.items():
                slug = f"{name}-published" if published else name
                bench = generate(sizes, seed=1, slug=slug)
                if published:
                    db.session.execute(
                        sa.update(StrategicSession)
                        .where(StrategicSession.id == bench.session_id)
                        .values(review_state=ReviewState.PUBLISHED)
                    )
                emails = {
                    "facilitator": bench.facilitator_email,
                    "expert": bench.expert_emails[0],
                    "member": bench.member_emails[-1],
                }
                sessions[(name, published)] = Generated(emails, _ids(bench))
        db.session.commit()
        engine = db.engine
    yield application, engine, sessions
    empty_tables(application)
    with application.app_context():
        db.engine.dispose()


def _count_for(generated, size: str, page: Page) -> int:
    """The statements one request for ``page`` runs in the generated session ``size``."""
    app, engine, sessions = generated
    session = sessions[(size, page.published)]
    client = app.test_client()
    login = client.post(
        "/auth/login", data={"email": session.emails[page.user], "password": BENCH_PASSWORD}
    )
    assert login.status_code == 302
    values = {k: v for k, v in session.ids.items() if k in ENDPOINTS[page.endpoint]}
    with app.test_request_context():
        url = url_for(page.endpoint, **values, **page.args)

    def request():
        response = page.perform(client, url, session.ids) if page.perform else client.get(url)
        response.get_data()
        return response

    request()  # warm-up: whatever is loaded once per process is not counted
    with QueryCounter(engine) as counter:
        response = request()
    statements = counter.statements
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    if page.ignore:
        return sum(1 for sql in statements if not re.match(page.ignore, sql.strip()))
    return len(statements)


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_query_count_does_not_grow_with_projects_or_experts(generated, name):
    page = PRESENT[name]
    small, more_projects, more_experts = (
        _count_for(generated, size, page) for size in ("small", "more-projects", "more-experts")
    )
    assert (more_projects, more_experts) == (small, small), (
        f"{page.endpoint}: {small} queries for {SMALL.projects} projects × {SMALL.experts} "
        f"experts, {more_projects} for {MORE_PROJECTS.projects} projects, {more_experts} for "
        f"{MORE_EXPERTS.experts} experts"
    )
