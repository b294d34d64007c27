"""The public catalogue: published by the facilitator, read without login, showing only the
projects recommended for the forum and nothing private; its QR codes and posters."""

import io
import re
from html import unescape

import pytest
import segno
import sqlalchemy as sa
from pypdf import PdfReader

from sessiontrack.audit.models import AuditEntry
from sessiontrack.catalogue.qr import qr_code
from sessiontrack.core.models import utcnow
from sessiontrack.extensions import db
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState

from . import factories

PRIVATE = (
    "Petrova-Contact-Person",
    "Chief-Of-Secrets",
    "secret.contact@example.org",
    "+7-999-000-11-22",
    "Facilitator-Remark-Xyzzy",
    "Expert-Name-Quux",
    "Scorecard-Comment-Plugh",
)


@pytest.fixture
def catalogue(session):
    """The session with its results published, two directions, two recommended projects, one
    not recommended and one only accepted; private strings planted everywhere."""
    session.review_state = ReviewState.PUBLISHED
    first = factories.make_group(factories.make_direction(session, title="Ecology"))
    second = factories.make_group(factories.make_direction(session, title="Transport"))
    factories.make_participant(
        session,
        full_name="Petrova-Contact-Person",
        email="secret.contact@example.org",
        phone="+7-999-000-11-22",
    )
    park = factories.make_project(
        session,
        first,
        complete=True,
        title="Green park",
        goal="Trees along the river",
        state=ProjectState.RECOMMENDED,
        responsible_person="Petrova-Contact-Person",
        responsible_position="Chief-Of-Secrets",
        remarks="Facilitator-Remark-Xyzzy",
    )
    tram = factories.make_project(
        session, second, complete=True, title="Tram line", state=ProjectState.RECOMMENDED
    )
    rejected = factories.make_project(
        session, second, complete=True, title="Rejected bridge", state=ProjectState.NOT_RECOMMENDED
    )
    accepted = factories.make_project(
        session, second, complete=True, title="Undecided road", state=ProjectState.ACCEPTED
    )
    _, expert = factories.make_expert(session, name="Expert-Name-Quux")
    criterion = factories.make_criterion(session)
    factories.make_scorecard(
        park, expert, {criterion: 7}, submitted=True, comment="Scorecard-Comment-Plugh"
    )
    db.session.commit()
    return {"park": park, "tram": tram, "rejected": rejected, "accepted": accepted}


def _publish(session):
    db.session.get(type(session), session.id).catalogue_published_at = utcnow()
    db.session.commit()


def test_nothing_is_public_until_published(client, session, catalogue):
    assert client.get(f"/c/{session.slug}/").status_code == 404
    assert client.get(f"/c/{session.slug}/p/{catalogue['park'].id}").status_code == 404


def test_the_facilitator_publishes_and_unpublishes(app, client, session, catalogue, facilitator):
    anonymous = app.test_client()
    page = client.get(f"/s/{session.slug}/catalogue")
    assert page.status_code == 200
    assert "data-confirm" not in page.get_data(as_text=True)
    client.post(f"/s/{session.slug}/catalogue/publish")
    db.session.expire_all()
    assert session.catalogue_published_at is not None
    page = client.get(f"/s/{session.slug}/catalogue").get_data(as_text=True)
    assert "data-confirm" in page  # unpublishing asks first
    assert anonymous.get(f"/c/{session.slug}/").status_code == 200
    client.post(f"/s/{session.slug}/catalogue/unpublish")
    db.session.expire_all()
    assert session.catalogue_published_at is None
    assert anonymous.get(f"/c/{session.slug}/").status_code == 404
    changes = [
        entry.changes
        for entry in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
        if "catalogue_published_at" in (entry.changes or {})
    ]
    assert len(changes) == 2  # published, then unpublished
    assert changes[1]["catalogue_published_at"][1] is None


def test_publishing_waits_for_the_review_results(client, session, catalogue, facilitator):
    session.review_state = ReviewState.CLOSED
    db.session.commit()
    response = client.post(f"/s/{session.slug}/catalogue/publish", follow_redirects=True)
    assert "Сначала опубликуйте результаты экспертизы" in response.get_data(as_text=True)
    db.session.expire_all()
    assert session.catalogue_published_at is None


def test_hidden_decisions_hide_the_catalogue(client, session, catalogue):
    _publish(session)
    session.review_state = ReviewState.CLOSED
    db.session.commit()
    assert client.get(f"/c/{session.slug}/").status_code == 404
    assert client.get(f"/c/{session.slug}/p/{catalogue['park'].id}").status_code == 404


def test_the_catalogue_lists_the_recommended_projects_per_direction(client, session, catalogue):
    _publish(session)
    page = client.get(f"/c/{session.slug}/").get_data(as_text=True)
    assert page.index("Ecology") < page.index("Green park") < page.index("Transport")
    assert page.index("Transport") < page.index("Tram line")
    assert "Rejected bridge" not in page
    assert "Undecided road" not in page
    for private in PRIVATE:
        assert private not in page


def test_search(client, session, catalogue):
    _publish(session)
    page = client.get(f"/c/{session.slug}/?q=RIVER").get_data(as_text=True)
    assert "Green park" in page
    assert "Tram line" not in page
    long_query = "x" * 5000
    response = client.get(f"/c/{session.slug}/", query_string={"q": long_query})
    assert response.status_code == 200
    shown = re.search(r'name="q" value="(x*)"', response.get_data(as_text=True)).group(1)
    assert len(shown) == 100
    nul = client.get(f"/c/{session.slug}/", query_string={"q": "\x00riv\x01er"})
    assert nul.status_code == 200
    assert "Green park" in nul.get_data(as_text=True)


def test_the_public_page_shows_no_private_field(client, session, catalogue):
    _publish(session)
    response = client.get(f"/c/{session.slug}/p/{catalogue['park'].id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Green park" in page
    assert "Design documents" in page  # a stage
    assert "12,5" in page or "12.5" in page  # the need, from Money
    for private in PRIVATE:
        assert private not in page


@pytest.mark.parametrize("which", ["rejected", "accepted"])
def test_a_project_not_recommended_is_not_found(client, session, catalogue, which):
    _publish(session)
    assert client.get(f"/c/{session.slug}/p/{catalogue[which].id}").status_code == 404


def test_a_project_of_another_session_is_not_found(client, session, catalogue):
    _publish(session)
    other = factories.make_session(review_state=ReviewState.PUBLISHED)
    group = factories.make_group(factories.make_direction(other))
    foreign = factories.make_project(other, group, state=ProjectState.RECOMMENDED)
    db.session.commit()
    assert client.get(f"/c/{session.slug}/p/{foreign.id}").status_code == 404


def _svg_path(page: str) -> str:
    return re.search(r'<svg [^>]*class="qr-code".*?</svg>', page, re.S).group(0)


def test_the_project_page_shows_the_qr_of_its_address(client, session, catalogue):
    _publish(session)
    url = f"http://localhost/c/{session.slug}/p/{catalogue['park'].id}"
    page = client.get(url).get_data(as_text=True)
    svg = _svg_path(page)
    assert 'role="img"' in svg
    assert url in unescape(re.search(r"<title>(.*?)</title>", svg).group(1))
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=4, lineclass=None)
    assert re.search(r' d="([^"]+)"', svg).group(1) == re.search(r' d="([^"]+)"', expected).group(1)


def test_the_catalogue_shows_its_own_qr(client, session, catalogue):
    _publish(session)
    url = f"http://localhost/c/{session.slug}/"
    svg = _svg_path(client.get(url).get_data(as_text=True))
    expected = qr_code(url).svg_inline(lineclass=None, scale=4)
    assert re.search(r' d="([^"]+)"', svg).group(1) in expected


def test_the_posters_have_a_page_per_recommended_project(client, session, catalogue, facilitator):
    response = client.get(f"/s/{session.slug}/catalogue/posters.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Green park" in text and "Tram line" in text
    assert "Rejected bridge" not in text


def test_the_cards_put_four_projects_on_a_page(client, session, catalogue, facilitator):
    group = factories.make_group(factories.make_direction(session, title="Culture"))
    for n in range(3):
        factories.make_project(
            session,
            group,
            title=f"Museum {n} " + "very long title " * 8,
            state=ProjectState.RECOMMENDED,
        )
    db.session.commit()
    response = client.get(f"/s/{session.slug}/catalogue/posters.pdf?per_page=4")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2  # five projects, four to a page
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Green park" in text and "Museum 2" in text
