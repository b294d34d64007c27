"""Adopting the package as the forum's decision: as shown or not at all, once, replaced,
withdrawn; marked on the results and the project list; in the JSON and the exports."""

import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from sessiontrack.audit.models import AuditEntry
from sessiontrack.exports import data, pdf, results, session_json, tables
from sessiontrack.exports.session_json import ImportRefused
from sessiontrack.review import adoption
from sessiontrack.review import package as packages
from sessiontrack.review.models import AdoptedPackage, AdoptedProject, ForumFund
from sessiontrack.sessions.models import StrategicSession

from .test_review_package import forum  # noqa: F401  (the fixture)


def _limit(db, s, source, amount="10"):
    db.session.execute(sa.delete(ForumFund).where(ForumFund.session_id == s.id))
    db.session.add(
        ForumFund(session_id=s.id, funding_source_id=source.id, year=2027, amount=Decimal(amount))
    )
    db.session.commit()


def _shown(client, s):
    page = client.get(f"/s/{s.slug}/review/package?build=1").get_data(as_text=True)
    return page.split('name="fingerprint" value="')[1].split('"')[0]


def _adopted_titles(db, s):
    package = adoption.adopted_package(s)
    return [row.project.title for row in package.projects] if package else None


def test_the_facilitator_adopts_the_package_shown_once(forum, client, auth, db):  # noqa: F811
    s, facilitator, source, _direction = forum
    _limit(db, s, source)
    auth.login(facilitator)
    fingerprint = _shown(client, s)
    url = f"/s/{s.slug}/review/package/adopt"
    assert client.post(url, data={"fingerprint": fingerprint}).status_code == 303
    assert _adopted_titles(db, s) == ["Beta", "Gamma"]
    again = client.post(url, data={"fingerprint": fingerprint}, follow_redirects=True)
    assert "Этот пакет уже принят" in again.get_data(as_text=True)
    assert db.session.query(AdoptedPackage).count() == 1
    assert db.session.query(AdoptedProject).count() == 2
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_type == "adopted_package")
    ).all()
    assert [e.action for e in entries] == ["package_adopted"]
    assert entries[0].changes["projects"] == [None, ["Beta", "Gamma"]]
    page = client.get(f"/s/{s.slug}/review/package").get_data(as_text=True)
    adopted = page.split('id="adopted-package"')[1].split("</section>")[0]
    assert "2 проектов в пакете форума" in adopted or "пакете форума" in adopted
    assert "Beta" in adopted and "Gamma" in adopted and "Alpha" not in adopted


def test_a_changed_proposal_is_refused_with_409(forum, client, auth, db):  # noqa: F811
    s, facilitator, source, _direction = forum
    _limit(db, s, source)
    auth.login(facilitator)
    fingerprint = _shown(client, s)
    _limit(db, s, source, "20")  # the funds grew since the page was shown
    response = client.post(f"/s/{s.slug}/review/package/adopt", data={"fingerprint": fingerprint})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Пакет не принят" in page and 'id="adopt-refusal"' in page
    assert adoption.adopted_package(s) is None
    # The page shows the new proposal, with its own fingerprint, to adopt after checking it.
    fresh = page.split('name="fingerprint" value="')[1].split('"')[0]
    assert fresh != fingerprint
    assert fresh == adoption.fingerprint(packages.build(s))


def test_readopting_replaces_and_withdrawing_removes(forum, client, auth, db):  # noqa: F811
    s, facilitator, source, _direction = forum
    _limit(db, s, source)
    auth.login(facilitator)
    client.post(f"/s/{s.slug}/review/package/adopt", data={"fingerprint": _shown(client, s)})
    _limit(db, s, source, "6")
    page = client.get(f"/s/{s.slug}/review/package?build=1").get_data(as_text=True)
    assert "Заменить принятый пакет" in page
    client.post(f"/s/{s.slug}/review/package/adopt", data={"fingerprint": _shown(client, s)})
    assert _adopted_titles(db, s) == ["Alpha"]
    assert db.session.query(AdoptedPackage).count() == 1
    response = client.post(f"/s/{s.slug}/review/package/withdraw")
    assert response.status_code == 303
    assert adoption.adopted_package(s) is None
    assert db.session.query(AdoptedProject).count() == 0
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.object_type == "adopted_package")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["package_adopted", "package_replaced", "package_withdrawn"]


def _adopt(db, forum):  # noqa: F811
    s, facilitator, source, _direction = forum
    _limit(db, s, source)
    adoption.adopt(s, facilitator, adoption.fingerprint(packages.build(s)))
    db.session.commit()
    return s, facilitator


def _row_of(page, title):
    return next(row for row in page.split("<tr") if f">{title}<" in row)


def test_results_and_the_project_list_mark_the_package(forum, client, auth, db):  # noqa: F811
    s, facilitator = _adopt(db, forum)
    auth.login(facilitator)
    for url in (f"/s/{s.slug}/review/results?interim=1", f"/s/{s.slug}/projects/"):
        page = client.get(url).get_data(as_text=True)
        assert "В пакете форума" in _row_of(page, "Beta")
        assert "В пакете форума" in _row_of(page, "Gamma")
        assert "В пакете форума" not in _row_of(page, "Alpha")


def test_the_ranking_sheet_and_the_forum_book_say_which_projects_are_in(forum, db):  # noqa: F811
    s, _facilitator = _adopt(db, forum)
    table = tables.SessionTables(data.whole_session(s)).build("ranking")
    column = [c.title for c in table.columns].index("В пакете форума")
    marked = {row[2]: row[column] for row in table.rows}
    assert marked == {"Alpha": None, "Beta": "да", "Gamma": "да"}
    ranking = results.for_session(s, {row[1] for row in table.rows})
    reader = PdfReader(io.BytesIO(pdf.forum_book_pdf(s, [], None, ranking)))
    text = re.sub(r"\s+", " ", reader.pages[-1].extract_text())
    assert "В пакете форума" in text
    assert text.count(" да") == 2


def test_the_adopted_package_goes_through_the_json_round_trip(forum, db):  # noqa: F811
    s, _facilitator = _adopt(db, forum)
    first = session_json.export_session(s)
    keys = {p["key"]: p["title"] for p in first["projects"]}
    assert [keys[k] for k in first["adopted_package"]["projects"]] == ["Beta", "Gamma"]
    session_json.import_session(session_json.loads(session_json.dumps(first)), slug="copy")
    db.session.commit()
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    assert _adopted_titles(db, copied) == ["Beta", "Gamma"]
    assert session_json.export_session(copied)["adopted_package"] == first["adopted_package"]
    del first["adopted_package"]
    session_json.import_session(first, slug="older")
    db.session.commit()
    older = db.session.scalar(sa.select(StrategicSession).filter_by(slug="older"))
    assert adoption.adopted_package(older) is None


def test_a_bad_adopted_package_is_refused_where_it_is(forum, db):  # noqa: F811
    s, _facilitator = _adopt(db, forum)
    document = session_json.export_session(s)
    document["adopted_package"]["projects"] += ["project-99", document["projects"][0]["key"]]
    document["adopted_package"]["projects"].append(document["projects"][0]["key"])
    with pytest.raises(ImportRefused) as refused:
        session_json.import_session(document, slug="bad")
    joined = "\n".join(refused.value.errors)
    assert "adopted_package.projects[2]" in joined
    assert "adopted_package.projects[4]" in joined
