"""What the public catalogue shows beyond the passport, as the facilitator sets it for the
session: the aggregate score and rank (only with the results published, never individual
scores), resources and money, key stages, the implementation progress, investors' interest."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.catalogue import settings
from sessiontrack.catalogue.showcase import public_score
from sessiontrack.core.errors import Conflict
from sessiontrack.core.models import utcnow
from sessiontrack.exports.session_json import dumps, export_session, import_session, loads
from sessiontrack.extensions import db
from sessiontrack.people.models import ExpertKind
from sessiontrack.projects.models import (
    IndicatorActual,
    ProgressReport,
    ProjectState,
    SecuredFunding,
)
from sessiontrack.review import aggregation
from sessiontrack.sessions.models import ReviewState

from . import factories

DEFAULTS = {"score": False, "money": True, "stages": True, "progress": True, "interest": False}


@pytest.fixture
def catalogue(session):
    """A published catalogue of two recommended projects scored by two experts on one 0–10
    criterion: the park 7 and 5 (totals 70 and 50, mean 60), the tram 9 and 8 (mean 85)."""
    session.review_state = ReviewState.PUBLISHED
    session.catalogue_published_at = utcnow()
    group = factories.make_group(factories.make_direction(session, title="Ecology"))
    park = factories.make_project(
        session, group, complete=True, title="Green park", state=ProjectState.RECOMMENDED
    )
    tram = factories.make_project(
        session, group, complete=True, title="Tram line", state=ProjectState.RECOMMENDED
    )
    criterion = factories.make_criterion(session)
    for name, park_score, tram_score in (("Expert-Anna-Quux", 7, 9), ("Expert-Boris", 5, 8)):
        _, expert = factories.make_expert(session, name=name)
        factories.make_scorecard(park, expert, {criterion: park_score}, submitted=True)
        factories.make_scorecard(tram, expert, {criterion: tram_score}, submitted=True)
    db.session.commit()
    return {"park": park, "tram": tram}


def _page(client, session, project) -> str:
    response = client.get(f"/c/{session.slug}/p/{project.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _set(session, **shown) -> None:
    settings.change_parts(session, shown, settings.parts_token(session))
    db.session.commit()


# -- the setting ------------------------------------------------------------------------------


def test_a_new_session_shows_the_defaults(session):
    assert settings.shown_parts(session) == DEFAULTS


def test_changing_the_setting_is_audited_and_sending_it_twice_changes_it_once(session):
    seen = settings.parts_token(session)
    changes = settings.change_parts(session, {"score": True, "money": False}, seen)
    db.session.commit()
    assert changes == {
        "catalogue_shows_score": [False, True],
        "catalogue_shows_money": [True, False],
    }
    # The same form again (a double click): the same choice, nothing more to change.
    assert settings.change_parts(session, {"score": True, "money": False}, seen) == {}
    db.session.commit()
    assert settings.shown_parts(session) == {**DEFAULTS, "score": True, "money": False}
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.session_id == session.id)
    ).all()
    assert [e.changes for e in entries if "catalogue_shows_score" in (e.changes or {})] == [changes]


def test_a_choice_made_on_a_stale_form_is_refused(session):
    stale = settings.parts_token(session)
    _set(session, interest=True)
    with pytest.raises(Conflict):
        settings.change_parts(session, {"score": True}, stale)
    db.session.rollback()
    assert settings.shown_parts(session) == {**DEFAULTS, "interest": True}


def test_the_facilitator_sets_it_on_the_manage_page(client, session, facilitator):
    page = client.get(f"/s/{session.slug}/catalogue").get_data(as_text=True)
    for label in ("Итоговая оценка и место", "Ход реализации", "Интерес инвесторов"):
        checkbox = re.search(rf'<input[^>]*id="(\w+)"[^>]*>\s*<label[^>]*>{label}</label>', page)
        assert checkbox, label  # every checkbox has its label
    seen = re.search(r'name="seen"[^>]*value="(\d+)"', page).group(1)
    form = {"seen": seen, "score": "y", "money": "y", "stages": "y", "progress": "y"}
    response = client.post(f"/s/{session.slug}/catalogue/parts", data=form)
    assert response.status_code == 303
    again = client.post(f"/s/{session.slug}/catalogue/parts", data=form)
    assert again.status_code == 303  # a double submit: the same effect
    db.session.expire_all()
    assert settings.shown_parts(session) == {**DEFAULTS, "score": True}
    stale = client.post(f"/s/{session.slug}/catalogue/parts", data={**form, "score": ""})
    assert stale.status_code == 409
    assert "кто-то другой изменил" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert session.catalogue_shows_score


def test_the_setting_goes_through_the_session_json(app, db, session):
    _set(session, score=True, stages=False, interest=True)
    document = loads(dumps(export_session(session)))
    assert document["session"]["catalogue_shows"] == {
        **DEFAULTS,
        "score": True,
        "stages": False,
        "interest": True,
    }
    copy = import_session(document, slug="copy-with-setting").strategic_session
    assert settings.shown_parts(copy) == settings.shown_parts(session)
    assert copy.catalogue_published_at is None
    del document["session"]["catalogue_shows"]  # a file of an older version
    older = import_session(document, slug="copy-without-setting").strategic_session
    assert settings.shown_parts(older) == DEFAULTS


# -- the aggregate score ----------------------------------------------------------------------


def test_the_score_and_rank_are_shown_when_allowed(client, session, catalogue):
    _set(session, score=True)
    results = aggregation.results_for(session, method=aggregation.session_method(session))
    park = results.project(catalogue["park"].id)
    assert (round(park.mean, 1), park.rank) == (60.0, 2)
    page = _page(client, session, catalogue["park"])
    assert 'data-testid="public-score"' in page
    assert "Итоговая оценка" in page and "60,0" in page
    assert "место 2 из 2 в сессии" in page
    # Never the individual totals, experts or anything of their scorecards.
    for private in ("70,0", "50,0", "Expert-Anna-Quux", "Expert-Boris"):
        assert private not in page


def test_no_score_when_the_setting_is_off(client, session, catalogue):
    page = _page(client, session, catalogue["park"])
    assert 'data-testid="public-score"' not in page
    assert "60,0" not in page


def test_no_score_while_the_results_are_unpublished(session, catalogue):
    _set(session, score=True)
    assert public_score(session, catalogue["park"]) is not None
    session.review_state = ReviewState.CLOSED
    assert public_score(session, catalogue["park"]) is None


# -- the other parts --------------------------------------------------------------------------


def test_money_and_stages_can_be_hidden(client, session, catalogue):
    page = _page(client, session, catalogue["park"])
    assert "12,5" in page and "Design documents" in page
    _set(session, money=False, stages=False)
    page = _page(client, session, catalogue["park"])
    assert "12,5" not in page and "Design documents" not in page
    assert "Green park" in client.get(f"/c/{session.slug}/").get_data(as_text=True)
    assert "12,5" not in client.get(f"/c/{session.slug}/").get_data(as_text=True)


def test_the_interest_count_only_when_allowed(client, session, catalogue):
    _, investor = factories.make_expert(session, name="Investor-Name", kind=ExpertKind.INVESTOR)
    factories.make_interest(investor, catalogue["park"], note="Investor-Terms-Note")
    db.session.commit()
    assert 'data-testid="interest-count"' not in _page(client, session, catalogue["park"])
    _set(session, interest=True)
    page = _page(client, session, catalogue["park"])
    assert re.search(r'data-testid="interest-count">[^<]*<strong>1</strong>', page)
    assert "Investor-Name" not in page and "Investor-Terms-Note" not in page


def _progress(project, today: date) -> None:
    """Progress recorded on the park: its stage started, an indicator's value, money secured
    twice (a document reference and a report that stay internal)."""
    stage = project.stages[0]  # planned 1 Jan – 30 Jun 2019
    stage.starts_on, stage.ends_on = today - timedelta(days=60), today - timedelta(days=1)
    stage.actual_start = today - timedelta(days=50)
    db.session.add(IndicatorActual(indicator_id=project.indicators[0].id, year=2020, value=40))
    source = factories.funding_source()
    for day, amount in ((date(2019, 5, 1), "3.5"), (date(2019, 9, 1), "2")):
        db.session.add(
            SecuredFunding(
                project_id=project.id,
                funding_source_id=source.id,
                secured_on=day,
                amount=Decimal(amount),
                document="Internal-Agreement-No-77",
            )
        )
    db.session.add(
        ProgressReport(
            project_id=project.id, period="Q3", reported_on=today, text="Internal-Report-Text"
        )
    )
    db.session.commit()


def test_progress_appears_once_recorded(client, session, catalogue):
    assert 'data-testid="public-progress"' not in _page(client, session, catalogue["park"])
    _progress(catalogue["park"], date.today())
    page = _page(client, session, catalogue["park"])
    progress = page[page.index('data-testid="public-progress"') :]
    assert "Ход реализации" in progress
    assert "Просрочен" in progress  # its planned end passed yesterday, it has not ended
    indicator = re.search(r"<tbody><tr><td>2020</td>(.*?)</tr>", progress, re.S).group(1)
    assert re.findall(r">([^<]+)</td>", indicator) == ["40"]
    assert "Jobs</span>, pcs · цель 100 (2021)" in progress
    totals = re.findall(r'<td class="text-end">([^<]+)</td></tr>', progress)
    assert totals[-2:] == ["3,5", "5,5"]  # secured in all, after each step
    secured = re.search(r'data-testid="secured-money">(.*?)</dl>', page, re.S).group(1)
    assert re.findall(r"<dd[^>]*>([^<]+)</dd>", secured) == ["12,5", "5,5", "7"]
    # One funding gap on the page, the current one: the passport's secured part and gap (of
    # its resource rows) give way to the money secured after the forum.
    assert page.count("Дефицит финансирования, млн руб.") == 1
    for private in ("Internal-Agreement-No-77", "Internal-Report-Text"):
        assert private not in page
    # The stages are shown once: planned against actual in the progress, not in the passport.
    assert "Design documents" not in page


def test_progress_hidden_when_the_setting_is_off(client, session, catalogue):
    _progress(catalogue["park"], date.today())
    _set(session, progress=False)
    page = _page(client, session, catalogue["park"])
    assert 'data-testid="public-progress"' not in page
    assert "Design documents" in page  # the planned stages of the passport again
