"""The portfolio: who reads it, what it shows, its comparable scores and its files."""

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from sessiontrack.audit.models import AuditEntry
from sessiontrack.portfolio.figures import load_portfolio, session_scores
from sessiontrack.portfolio.models import PortfolioReader
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review.aggregation import RAW, ZSCORE, compute_results
from sessiontrack.review.aggregation.bulk import rank_sessions

from . import factories
from .portfolio_support import observer_of, portfolio_reader, reviewed_session, secured


@pytest.fixture
def towns(db):
    """Two towns' reviewed sessions and a third no reader is granted."""
    north, north_projects = reviewed_session("Northtown", place="Northtown")
    south, south_projects = reviewed_session("Southtown", means=(90, 30))
    other, _other_projects = reviewed_session("Elsewhere")
    secured(north_projects[0], "7.5")
    db.session.commit()
    return north, south, other, north_projects, south_projects


def test_a_reader_sees_the_projects_of_their_sessions_with_money_and_scores(
    towns, client, auth, db
):
    north, south, _other, _np, _sp = towns
    reader = portfolio_reader(north, south)
    db.session.commit()
    auth.login(reader)
    page = client.get("/portfolio/").get_data(as_text=True)
    assert "Northtown project 1" in page and "Southtown project 2" in page
    assert "Elsewhere" not in page and "draft" not in page
    # Five projects of 12.5 requested each, plus 7.5 secured: need 70, secured 7.5, gap 62.5.
    assert ">5<" in page and "70" in page and "7,5" in page and "62,5" in page
    assert "rank percentile" in page.lower() or "процентиль" in page.lower()


def test_scores_are_percentiles_and_z_scores_within_each_session(towns, db):
    north, south, *_ = towns
    results = compute_results(north, method=RAW).projects
    scores = session_scores(results)
    by_title = {r.title: scores[r.project_id] for r in results}
    assert [by_title[f"Northtown project {i}"].percentile for i in (1, 2, 3)] == [100, 50, 0]
    assert by_title["Northtown project 2"].zscore == pytest.approx(0)
    assert by_title["Northtown project 1"].zscore == pytest.approx(1.2247449)
    # Southtown's 30 is last of its two: percentile 0, whatever the other sessions' means.
    south_scores = session_scores(compute_results(south, method=RAW).projects)
    assert sorted(s.percentile for s in south_scores.values()) == [0, 100]


@pytest.mark.parametrize("normalise", [False, True])
def test_the_bulk_ranking_is_each_sessions_own(towns, db, normalise):
    north, south, *_ = towns
    extra_expert = factories.make_expert(north)[1]
    criterion = factories.make_criterion(north, weight=2.0, scale_min=1, scale_max=5)
    for project, value in zip(towns[3], (2, 5, 4), strict=True):
        factories.make_scorecard(project, extra_expert, {criterion: value}, submitted=True)
    north.normalise_scores = normalise
    db.session.commit()
    bulk = rank_sessions([north, south])
    for strategic_session in (north, south):
        method = ZSCORE if strategic_session.normalise_scores else RAW
        one = compute_results(strategic_session, method=method).projects
        assert [(r.project_id, r.rank) for r in bulk[strategic_session.id]] == [
            (r.project_id, r.rank) for r in one
        ]
        assert [r.mean for r in bulk[strategic_session.id]] == pytest.approx([r.mean for r in one])


def test_scores_wait_for_the_sessions_published_results(db):
    strategic_session, _projects = reviewed_session("Unpublished", published=False)
    reader = portfolio_reader(strategic_session)
    db.session.commit()
    portfolio = load_portfolio(reader)
    assert len(portfolio.projects) == 3
    assert all(p.score is None for p in portfolio.projects)


def test_the_list_filters_sorts_and_pages(towns, client, auth, db):
    _north, south, *_ = towns
    reader = portfolio_reader(all_sessions=True)
    db.session.commit()
    auth.login(reader)
    page = client.get(
        "/portfolio/", query_string={"session": south.slug, "sort": "percentile", "order": "desc"}
    ).get_data(as_text=True)
    assert page.index("Southtown project 1") < page.index("Southtown project 2")
    assert "Northtown project" not in page
    found = client.get("/portfolio/", query_string={"q": "NORTHTOWN PROJECT 3"})
    assert "Northtown project 3" in found.get_data(as_text=True)
    assert "Northtown project 1" not in found.get_data(as_text=True)
    # A bad value filters nothing and is no error.
    assert client.get("/portfolio/", query_string={"state": "nope", "page": "x"}).status_code == 200


def test_the_files_hold_the_list_safely(towns, client, auth, db):
    north, *_rest, north_projects, _sp = towns
    north_projects[0].title = '=HYPERLINK("http://x")'
    reader = portfolio_reader(north)
    db.session.commit()
    auth.login(reader)
    response = client.get("/portfolio/portfolio.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 4
    assert any(row[2].startswith("'=HYPERLINK") for row in rows[1:])
    workbook = load_workbook(io.BytesIO(client.get("/portfolio/portfolio.xlsx").data))
    assert len(workbook.sheetnames) == 3
    titles = [row[2] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in titles


def test_the_reader_reads_the_granted_sessions_projects_and_changes_nothing(
    towns, client, auth, db
):
    north, south, other, north_projects, _sp = towns
    reader = portfolio_reader(north)
    db.session.commit()
    auth.login(reader)
    accepted = north_projects[0]
    assert client.get(f"/s/{north.slug}/projects/{accepted.id}").status_code == 200
    assert "Northtown project 2" in client.get(f"/s/{north.slug}/projects/").get_data(as_text=True)
    draft = db.session.scalar(sa.select(Project).filter_by(title="Northtown draft"))
    assert client.get(f"/s/{north.slug}/projects/{draft.id}").status_code == 403
    assert client.get(f"/s/{south.slug}/projects/{south.id}").status_code in (403, 404)
    assert client.get(f"/s/{other.slug}/").status_code == 403
    refused = client.post(f"/s/{north.slug}/projects/{accepted.id}/withdraw", data={})
    assert refused.status_code == 403
    assert db.session.get(Project, accepted.id).state == ProjectState.ACCEPTED


def test_an_observer_without_the_grant_reads_no_unpublished_project(towns, client, auth, db):
    north, *_rest, north_projects, _sp = towns
    observer = observer_of(north)
    db.session.commit()
    auth.login(observer)
    assert client.get(f"/s/{north.slug}/projects/{north_projects[0].id}").status_code == 403
    assert client.get("/portfolio/").status_code == 403


def test_the_admin_grants_changes_and_revokes_the_portfolio(towns, client, auth, db):
    north, south, *_ = towns
    admin = factories.make_user(is_admin=True)
    person = factories.make_user(name="Regional Office")
    db.session.commit()
    auth.login(admin)
    form = client.get("/admin/portfolio")
    assert form.status_code == 200
    refused = client.post("/admin/portfolio", data={"email": person.email})
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PortfolioReader)) == 0
    granted = client.post(
        "/admin/portfolio", data={"email": person.email, "sessions": [north.id, south.id]}
    )
    assert granted.status_code == 302
    reader = db.session.scalar(sa.select(PortfolioReader).filter_by(user_id=person.id))
    assert {s.id for s in reader.sessions} == {north.id, south.id}
    # Granting again replaces the sessions: one grant per account.
    client.post("/admin/portfolio", data={"email": person.email, "all_sessions": "y"})
    db.session.expire_all()
    reader = db.session.scalar(sa.select(PortfolioReader).filter_by(user_id=person.id))
    assert reader.all_sessions and reader.sessions == []
    assert "Regional Office" in client.get("/admin/portfolio").get_data(as_text=True)
    client.post(f"/admin/portfolio/{reader.id}/revoke")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PortfolioReader)) == 0
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_id == person.id)
    ).all()
    assert actions.count("grant_portfolio") == 2 and "revoke_portfolio" in actions
    unknown = client.post(
        "/admin/portfolio", data={"email": "nobody@example.org", "all_sessions": "y"}
    )
    assert unknown.status_code == 422
