"""Query counts that do not grow: an N+1 cannot come back unnoticed.

Every list page, the ranking and every export runs exactly as many SQL statements for a session
of 50 projects as for one of 10, and for 10 experts as for 3. The sessions come from the
benchmark generator (every expert has scored every project), so each page shows real data.

:data:`EXPECTED` is the list of pages this holds for. Each is tested when the application has
its route; :func:`test_every_expected_page_exists` fails when one is missing, except those still
in :data:`PENDING` (features not merged yet) — and fails too when a pending one has arrived, so
that :data:`PENDING` ends empty and the check covers everything.
"""

from dataclasses import dataclass, field, replace

import pytest
from flask import url_for

from sessiontrack import create_app
from sessiontrack.benchdata import BENCH_PASSWORD, BenchSizes, generate

SMALL = BenchSizes(projects=10, experts=3, organisations=20, participants=40)
MORE_PROJECTS = replace(SMALL, projects=50, organisations=40, participants=120)
MORE_EXPERTS = replace(SMALL, experts=10)


@dataclass(frozen=True)
class Page:
    """A GET endpoint of the session, requested as ``user`` with ``args`` besides the slug."""

    endpoint: str
    user: str = "facilitator"
    args: dict = field(default_factory=dict)


EXPECTED = {
    "home": Page("core.home"),
    "session overview": Page("sessions.overview"),
    "participants": Page("people.participants"),
    "organisations": Page("people.organisations"),
    "agenda": Page("agenda.index"),
    "projects": Page("projects.index"),
    "projects (expert)": Page("projects.index", user="expert"),
    "projects (member)": Page("projects.index", user="member"),
}

# Endpoints of features still on their branches; emptied as they reach main.
PENDING: set[str] = set()


def _endpoints() -> set[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "collect"})
    return {rule.endpoint for rule in app.url_map.iter_rules()}


ENDPOINTS = _endpoints()
PRESENT = {name: page for name, page in EXPECTED.items() if page.endpoint in ENDPOINTS}


def test_every_expected_page_exists():
    missing = {page.endpoint for page in EXPECTED.values()} - ENDPOINTS
    assert missing <= PENDING, f"expected pages without a route: {sorted(missing - PENDING)}"
    arrived = PENDING & ENDPOINTS
    assert not arrived, f"remove from PENDING, they exist now: {sorted(arrived)}"


def _count_for(app, count_queries, sizes: BenchSizes, slug: str, page: Page) -> int:
    """The statements one request for ``page`` runs in a generated session of ``sizes``."""
    bench = generate(sizes, seed=1, slug=slug)
    from sessiontrack.extensions import db

    db.session.commit()
    email = {
        "facilitator": bench.facilitator_email,
        "expert": bench.expert_emails[0],
        "member": bench.member_emails[-1],
    }[page.user]
    client = app.test_client()
    login = client.post("/auth/login", data={"email": email, "password": BENCH_PASSWORD})
    assert login.status_code == 302
    with app.test_request_context():
        url = url_for(page.endpoint, slug=slug, **page.args)
    client.get(url)  # warm-up: whatever is loaded once per process is not counted
    with count_queries() as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return counter.count


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_query_count_does_not_grow_with_projects_or_experts(app, db, count_queries, name):
    page = PRESENT[name]
    small = _count_for(app, count_queries, SMALL, "small", page)
    more_projects = _count_for(app, count_queries, MORE_PROJECTS, "more-projects", page)
    more_experts = _count_for(app, count_queries, MORE_EXPERTS, "more-experts", page)
    assert (more_projects, more_experts) == (small, small), (
        f"{page.endpoint}: {small} queries for 10 projects × 3 experts, "
        f"{more_projects} for 50 projects, {more_experts} for 10 experts"
    )
