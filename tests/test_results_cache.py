"""The results are kept between reloads and never outlive the data they were computed from.

The facilitator reloads the ranking all day; between two scorecards it cannot change, so it is
computed once per data revision (sessiontrack/core/revision.py). These tests change the data
every way a user can — a score through the expert's own form, a write by another app process on
the same database, a state change, a rolled-back attempt — and read the ranking after each.
"""

import re

import pytest
import sqlalchemy as sa

from sessiontrack import create_app
from sessiontrack.audit.services import record
from sessiontrack.core import revision
from sessiontrack.core.models import DataRevision
from sessiontrack.extensions import db as _db
from sessiontrack.review import aggregation, services
from sessiontrack.review.models import Score, Scorecard
from sessiontrack.review.queries import session_criteria
from sessiontrack.review.services.totals import refresh_scorecard
from sessiontrack.sessions.models import ReviewState, StrategicSession

from . import factories
from .conftest import AuthActions, base_config
from .queries import QueryCounter
from .review_world import make_review


@pytest.fixture
def scored(db):
    """Two projects scored by two experts: «Проект 001» first (mean 100), «Проект 002» second
    (mean 50)."""
    review = make_review(n_projects=2, n_experts=2, review_state=ReviewState.OPEN)
    a, b, _r = review.criteria
    (_, e1), (_, e2) = review.experts
    p1, p2 = review.projects
    factories.make_scorecard(p1, e1, {a: 10, b: 5}, submitted=True)
    factories.make_scorecard(p1, e2, {a: 10, b: 5}, submitted=True)
    factories.make_scorecard(p2, e1, {a: 5, b: 3}, submitted=True)
    factories.make_scorecard(p2, e2, {a: 5, b: 3}, submitted=True)
    db.session.commit()
    return review


def _ranking(client, review) -> list[tuple[str, str]]:
    """(rank, project title) of each row of the results table, in order."""
    page = client.get(f"/s/{review.session.slug}/review/results?interim=1").get_data(as_text=True)
    return re.findall(r'<tr>\s*<td>(\d+|—)</td>.*?<a href="[^"]+">([^<]+)</a>', page, re.S)


def _token(db) -> str | None:
    db.session.rollback()
    return db.session.scalar(sa.select(DataRevision.token))


def _card(review, project_index: int, expert_index: int) -> Scorecard:
    return _db.session.scalar(
        sa.select(Scorecard).filter_by(
            project_id=review.projects[project_index].id,
            expert_id=review.experts[expert_index][1].id,
        )
    )


def _score(card: Scorecard, criterion) -> Score:
    return next(score for score in card.scores if score.criterion_id == criterion.id)


def test_a_reload_is_served_from_what_was_computed(scored, client, auth, db):
    auth.login(scored.facilitator)
    with QueryCounter(db.engine) as counter:
        first = _ranking(client, scored)
        computed = counter.statements[:]
        counter.reset()
        assert _ranking(client, scored) == first == [("1", "Проект 001"), ("2", "Проект 002")]
    statements = counter.statements
    # The first view reads the scorecards; the reload only asks whether anything was written since.
    assert any("FROM scorecard" in sql for sql in computed)
    assert not any("FROM scorecard" in sql for sql in statements)
    # criteria, projects, experts, conflicts, scorecards, the criterion means of the page's rows
    assert len(statements) == len(computed) - 6


def test_a_scorecard_resubmitted_through_the_experts_form_shows_at_the_next_reload(
    app, scored, client, auth, db
):
    auth.login(scored.facilitator)
    assert _ranking(client, scored) == [("1", "Проект 001"), ("2", "Проект 002")]
    card = _card(scored, 0, 0)
    services.reopen_scorecard(scored.session, card, scored.facilitator)
    db.session.commit()
    effect, feasibility, _reported = scored.criteria
    expert = app.test_client()
    AuthActions(expert).login(scored.experts[0][0])
    response = expert.post(
        f"/s/{scored.session.slug}/review/scorecards/{card.id}",
        data={
            f"criterion_{effect.id}": "0",
            f"criterion_{feasibility.id}": "1",
            "version": str(card.version_id),
            "comment": "Пересмотрел",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    # «Проект 001»: (0 + 100) / 2 = 50, as «Проект 002»: a shared first place, by title.
    assert _ranking(client, scored) == [("1", "Проект 001"), ("1", "Проект 002")]


def test_a_write_by_another_app_process_shows_at_the_next_reload(backend, scored, client, auth, db):
    auth.login(scored.facilitator)
    assert _ranking(client, scored)[0] == ("1", "Проект 001")
    _name, uri = backend
    # Read what the other process needs first: this session must not run inside its context.
    card_id = _card(scored, 0, 0).id
    effect_id, feasibility_id = scored.criteria[0].id, scored.criteria[1].id
    other = create_app(base_config(uri))  # a second worker on the same database
    with other.app_context():
        scores = _db.session.scalars(sa.select(Score).filter_by(scorecard_id=card_id))
        for score in scores:
            score.value = {effect_id: 0, feasibility_id: 1}.get(score.criterion_id, score.value)
        card = _db.session.get(Scorecard, card_id)
        refresh_scorecard(card, session_criteria(card.project.strategic_session))
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    assert _ranking(client, scored) == [("1", "Проект 001"), ("1", "Проект 002")]


def test_only_a_committed_write_of_data_changes_the_revision(scored, client, auth, db):
    assert _token(db)  # the fixture's own writes set one
    auth.login(scored.facilitator)
    before = _token(db)
    _ranking(client, scored)
    assert _token(db) == before  # reading changes nothing
    record("export", scored.session, user=scored.facilitator, summary="XLSX")
    db.session.commit()
    assert _token(db) == before  # an audit entry records, it is not data
    scored.projects[0].title = "Проект 000"
    db.session.flush()
    db.session.rollback()
    assert _token(db) == before  # a rolled-back write leaves no trace
    scored.projects[0].title = "Проект 000"
    db.session.commit()
    assert _token(db) != before
    assert _ranking(client, scored)[0] == ("1", "Проект 000")
    latest = _token(db)
    db.session.execute(sa.update(Scorecard).values(comment="через запрос"))
    db.session.commit()
    assert _token(db) != latest  # an UPDATE through the session counts too


def test_an_uncommitted_write_is_seen_by_its_own_transaction_and_never_kept(app, scored, db):
    with app.test_request_context():
        kept = aggregation.results_for(scored.session)
        assert [p.title for p in kept.ranked] == ["Проект 001", "Проект 002"]
        card = _card(scored, 0, 0)
        _score(card, scored.criteria[0]).value = 0
        _score(card, scored.criteria[1]).value = 1
        refresh_scorecard(card, scored.criteria)  # as a save does
        db.session.flush()
        assert revision.current_token() is None
        mine = aggregation.results_for(scored.session)
        assert mine.project(scored.projects[0].id).mean == 50
        db.session.rollback()
        again = aggregation.results_for(scored.session)
        assert again.project(scored.projects[0].id).mean == 100
        assert again is kept


def test_each_row_prints_every_figure_of_its_project(scored, client, auth, db):
    """The row as the template places it: rank, figures, criterion means, state, decisions."""
    auth.login(scored.facilitator)
    page = client.get(f"/s/{scored.session.slug}/review/results?interim=1").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", page, re.S)
    first = re.sub(r"\s+", " ", rows[0])
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first)
    assert cells[0:2] == ["1", "1"]  # rank overall and within the direction
    assert "Проект 001" in cells[2]
    # Scorecards, mean, median, deviation, minimum, maximum.
    assert cells[3] == "2" and "<strong>100,0</strong>" in cells[4]
    assert cells[5:9] == ["100,0", "0,0", "100,0", "100,0"]
    assert '<svg class="review-strip"' in cells[9]
    assert "Мало оценок" not in cells[10]  # two scorecards: the session's minimum
    # Criterion means on their own scales: Эффект 10, Реализуемость 5, the reported one unscored.
    assert cells[11:14] == ["10,0", "5,0", "—"]
    assert "Рекомендовать" in cells[14] and "Не рекомендовать" in cells[14]


def test_the_kept_rows_print_figures_in_each_pages_language(scored, client, auth):
    """The rows kept with a result are formatted per language: the Russian page reads «5,0»
    with a decimal comma, the English one "5.0", whichever asked first."""
    auth.login(scored.facilitator)
    url = f"/s/{scored.session.slug}/review/results?interim=1"

    def first_row():
        page = client.get(url).get_data(as_text=True)
        row = re.sub(r"\s+", " ", re.findall(r"<tr>\s*<td>.*?</tr>", page, re.S)[0])
        return re.findall(r"<td[^>]*>(.*?)</td>", row)

    assert first_row()[11:13] == ["10,0", "5,0"]
    client.post("/language", data={"language": "en"})
    assert first_row()[11:13] == ["10.0", "5.0"]
    assert "<strong>100.0</strong>" in first_row()[4]
    client.post("/language", data={"language": "ru"})
    assert first_row()[11:13] == ["10,0", "5,0"]


def test_a_write_abandoned_by_closing_the_session_is_forgotten(app, scored, db):
    """A request's session closed with a flushed, uncommitted write (an error page, say):
    nothing was written, so what is kept stays good and the next reader may use it."""
    before = _token(db)
    scored.projects[0].title = "Брошенная правка"
    db.session.flush()
    assert revision.current_token() is None
    db.session.close()
    assert revision.current_token() == before
    assert db.session.get(type(scored.projects[0]), scored.projects[0].id).title == "Проект 001"


def test_thresholds_read_before_a_settings_change_are_never_served_after_it(
    backend, app, scored, db
):
    """A request that loaded the session row just before the facilitator changed the flags'
    thresholds computes with the old ones; that result is not served to the next request."""
    stale = db.session.get(StrategicSession, scored.session.id)
    assert stale.disagreement_stdev == 15.0
    _name, uri = backend
    other = create_app(base_config(uri))  # the facilitator's settings save, in another worker
    with other.app_context():
        _db.session.execute(
            sa.update(StrategicSession)
            .where(StrategicSession.id == scored.session.id)
            .values(disagreement_stdev=99.0)
        )
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    with app.test_request_context():
        assert aggregation.results_for(stale).thresholds.disagreement_stdev == 15.0
        db.session.expire_all()
        fresh = db.session.get(StrategicSession, scored.session.id)
        assert aggregation.results_for(fresh).thresholds.disagreement_stdev == 99.0


def test_a_savepoint_leaves_the_token_to_the_outer_commit(scored, db):
    before = _token(db)
    with db.session.begin_nested():
        scored.projects[0].title = "Внутри точки сохранения"
    assert db.session.scalar(sa.select(DataRevision.token)) == before
    db.session.commit()
    assert _token(db) != before


def test_a_textual_statement_through_the_session_counts_as_a_write(scored, db):
    before = _token(db)
    db.session.execute(sa.text("UPDATE project SET short_title = 'Текстом'"))
    db.session.commit()
    assert _token(db) != before
