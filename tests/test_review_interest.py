"""Investors' structured interest: the form, the amount range, the stage, one row per pair."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.core.errors import DomainError
from sessiontrack.core.models import utcnow
from sessiontrack.exports import session_json
from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ExpertKind
from sessiontrack.projects.models import Project, ProjectState, Stage
from sessiontrack.review import queries, services
from sessiontrack.review.models import InvestorInterest, ParticipationForm
from sessiontrack.review.services import InterestTerms
from sessiontrack.sessions.models import ReviewState, StrategicSession

from . import factories
from .review_world import make_review
from .test_exports_json import _demo_session, _refused


def _stage(db, project, title="Стройка") -> Stage:
    stage = Stage(project_id=project.id, title=title)
    db.session.add(stage)
    db.session.flush()
    return stage


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(InvestorInterest))


def test_an_investor_marks_structured_interest_and_changes_it(db):
    review = make_review()
    user, investor = review.experts[-1]
    project = review.projects[0]
    stage = _stage(db, project)
    terms = InterestTerms(
        form=ParticipationForm.LOAN,
        amount_from=Decimal("10"),
        amount_to=Decimal("25.5"),
        stage_id=stage.id,
        note="Готов обсудить",
    )
    interest = services.mark_interest(review.session, investor, project, terms, user)
    assert (interest.form, interest.amount_from, interest.amount_to, interest.stage_id) == (
        ParticipationForm.LOAN,
        Decimal("10.00"),
        Decimal("25.50"),
        stage.id,
    )
    # The same terms sent twice: one row, nothing changes.
    again = services.mark_interest(review.session, investor, project, terms, user)
    assert again.id == interest.id and _count(db) == 1
    changed = InterestTerms(form=ParticipationForm.GRANT, amount_to=Decimal(5))
    services.mark_interest(review.session, investor, project, changed, user)
    db.session.refresh(interest)
    assert (interest.form, interest.amount_from, interest.amount_to, interest.stage_id) == (
        ParticipationForm.GRANT,
        None,
        Decimal("5.00"),
        None,
    )
    assert _count(db) == 1


def test_a_note_alone_still_marks_a_partnership(db):
    review = make_review()
    user, investor = review.experts[-1]
    interest = services.mark_interest(review.session, investor, review.projects[0], "Да", user)
    assert interest.form == ParticipationForm.PARTNERSHIP
    assert interest.amount_from is None and interest.note == "Да"


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (InterestTerms(amount_from=Decimal(-1)), "amount_from"),
        (InterestTerms(amount_to=Decimal(10) ** 16), "amount_to"),
        (InterestTerms(amount_from=Decimal(20), amount_to=Decimal(10)), "amount_to"),
    ],
)
def test_amounts_out_of_bounds_or_reversed_are_refused(db, terms, field):
    review = make_review()
    user, investor = review.experts[-1]
    with pytest.raises(DomainError) as refused:
        services.mark_interest(review.session, investor, review.projects[0], terms, user)
    assert refused.value.field == field
    assert _count(db) == 0


def test_the_stage_must_be_the_projects(db):
    review = make_review()
    user, investor = review.experts[-1]
    other_stage = _stage(db, review.projects[1])
    with pytest.raises(DomainError) as refused:
        services.mark_interest(
            review.session,
            investor,
            review.projects[0],
            InterestTerms(stage_id=other_stage.id),
            user,
        )
    assert refused.value.field == "stage_id"
    assert _count(db) == 0


def test_the_database_refuses_a_reversed_range(db):
    review = make_review()
    user, investor = review.experts[-1]
    interest = services.mark_interest(review.session, investor, review.projects[0], "", user)
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.update(InvestorInterest)
            .where(InvestorInterest.id == interest.id)
            .values(amount_from=Decimal(9), amount_to=Decimal(1))
        )


# ----------------------------------------------------------------------------------------------
# From the public page of the catalogue
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def public(session):
    """A published catalogue with one recommended project (with a stage), an investor and an
    expert who is not one."""
    session.review_state = ReviewState.PUBLISHED
    session.catalogue_published_at = utcnow()
    group = factories.make_group(factories.make_direction(session, title="Ecology"))
    park = factories.make_project(
        session, group, complete=True, title="Green park", state=ProjectState.RECOMMENDED
    )
    investor_user, investor = factories.make_expert(session, kind=ExpertKind.INVESTOR)
    expert_user, _ = factories.make_expert(session)
    _db.session.commit()
    return {
        "park": park,
        "stage": park.stages[0],
        "investor_user": investor_user,
        "investor": investor,
        "expert_user": expert_user,
        "url": f"/c/{session.slug}/p/{park.id}",
    }


def test_anonymous_visitors_are_asked_to_sign_in(client, public):
    page = client.get(public["url"]).get_data(as_text=True)
    assert f'href="/auth/login?next={public["url"]}"' in page
    assert 'name="amount_from"' not in page
    assert client.post(public["url"] + "/interest").status_code == 302  # to the login


def test_an_expert_who_is_no_investor_gets_no_form(client, auth, public):
    auth.login(public["expert_user"])
    page = client.get(public["url"]).get_data(as_text=True)
    assert 'name="amount_from"' not in page
    response = client.post(public["url"] + "/interest", data={"form": "loan"})
    assert response.status_code == 403


def test_an_investor_marks_changes_and_withdraws_interest_on_the_public_page(client, auth, public):
    auth.login(public["investor_user"])
    page = client.get(public["url"]).get_data(as_text=True)
    assert 'name="amount_from"' in page and "Design" in page  # the project's stage offered
    # The forms of participation are offered in the reader's language (Russian by default).
    assert re.search(r'value="co_financing"[^>]*>\s*Софинансирование\s*<', page)
    data = {
        "form": "co_financing",
        "amount_from": "10,5",
        "amount_to": "20",
        "stage_id": str(public["stage"].id),
        "note": "На форуме",
    }
    response = client.post(public["url"] + "/interest", data=data)
    assert response.status_code == 303
    client.post(public["url"] + "/interest", data=data)  # sent twice: still one row
    rows = _db.session.scalars(sa.select(InvestorInterest)).all()
    assert len(rows) == 1
    assert (rows[0].form, rows[0].amount_from, rows[0].amount_to, rows[0].stage_id) == (
        ParticipationForm.CO_FINANCING,
        Decimal("10.50"),
        Decimal("20.00"),
        public["stage"].id,
    )
    reversed_range = dict(data, amount_from="30")
    response = client.post(public["url"] + "/interest", data=reversed_range)
    assert response.status_code == 422
    page = client.get(public["url"]).get_data(as_text=True)
    assert 'data-testid="interest-terms"' in page
    response = client.post(public["url"] + "/interest/withdraw", data={})
    assert response.status_code == 303
    assert _count(_db) == 0


def test_the_public_page_refuses_a_stage_of_another_project(client, auth, public, session):
    group = factories.make_group(factories.make_direction(session, title="Roads"))
    other = factories.make_project(session, group, complete=True, state=ProjectState.RECOMMENDED)
    _db.session.commit()
    auth.login(public["investor_user"])
    response = client.post(
        public["url"] + "/interest", data={"form": "loan", "stage_id": str(other.stages[0].id)}
    )
    assert response.status_code == 422
    assert _count(_db) == 0


# ----------------------------------------------------------------------------------------------
# The facilitator's investors' report
# ----------------------------------------------------------------------------------------------


def test_the_investors_report_totals_per_project_and_per_investor(db, client, auth):
    review = make_review(n_experts=3)
    first_user, first = review.experts[-1]
    second_user, second = factories.make_expert(review.session, kind=ExpertKind.INVESTOR)
    park, tram = review.projects[0], review.projects[1]
    terms = [
        (first, first_user, park, ParticipationForm.LOAN, "10", "20"),
        (second, second_user, park, ParticipationForm.GRANT, "5", None),
        (first, first_user, tram, ParticipationForm.LOAN, None, "7.5"),
    ]
    for investor, user, project, form, low, high in terms:
        services.mark_interest(
            review.session,
            investor,
            project,
            InterestTerms(
                form=form,
                amount_from=Decimal(low) if low else None,
                amount_to=Decimal(high) if high else None,
            ),
            user,
        )
    _db.session.commit()
    projects, investors = queries.investors_report(review.session)
    lines = {line.project.id: line for line in projects}
    assert len(lines[park.id].interests) == 2
    # The second investor gives 5 and more: the park's upper total is open, not 20.
    assert (lines[park.id].amount_from, lines[park.id].amount_to) == (Decimal(15), None)
    assert lines[park.id].forms == [ParticipationForm.LOAN, ParticipationForm.GRANT]
    assert (lines[tram.id].amount_from, lines[tram.id].amount_to) == (Decimal(0), Decimal("7.5"))
    by_investor = {line.investor.id: line for line in investors}
    assert [i.project_id for i in by_investor[first.id].interests] == sorted(
        [park.id, tram.id], key=lambda pid: _db.session.get(type(park), pid).title
    )
    assert by_investor[first.id].amount_to == Decimal("27.5")
    auth.login(review.facilitator)
    page = client.get(f"/s/{review.session.slug}/review/investors").get_data(as_text=True)
    assert 'data-testid="by-project"' in page and second.full_name in page


# ----------------------------------------------------------------------------------------------
# The JSON round trip
# ----------------------------------------------------------------------------------------------


def _with_terms(db) -> StrategicSession:
    """The demo session of the JSON tests, its investor's interest given full terms."""
    s = _demo_session(db)
    interest = db.session.scalar(
        sa.select(InvestorInterest).join(InvestorInterest.project).filter_by(session_id=s.id)
    )
    stage = Stage(project_id=interest.project_id, title="Вторая очередь")
    db.session.add(stage)
    db.session.flush()
    interest.form = ParticipationForm.CO_FINANCING
    interest.amount_from, interest.amount_to = Decimal("1.5"), Decimal(3)
    interest.stage_id = stage.id
    db.session.commit()
    return s


def _copied_interest(db, slug: str) -> InvestorInterest:
    return db.session.scalar(
        sa.select(InvestorInterest)
        .join(InvestorInterest.project)
        .join(StrategicSession, StrategicSession.id == Project.session_id)
        .where(StrategicSession.slug == slug)
    )


def test_the_terms_make_the_json_round_trip(app, db):
    document = session_json.export_session(_with_terms(db))
    row = document["investor_interest"][0]
    assert (row["form"], row["amount_from"], row["amount_to"]) == ("co_financing", "1.50", "3.00")
    session_json.import_session(session_json.loads(session_json.dumps(document)), slug="copy")
    db.session.commit()
    copied = _copied_interest(db, "copy")
    assert (copied.form, copied.amount_from, copied.amount_to) == (
        ParticipationForm.CO_FINANCING,
        Decimal("1.50"),
        Decimal("3.00"),
    )
    assert copied.stage.title == "Вторая очередь" and copied.stage.project_id == copied.project_id


def test_an_older_file_without_the_terms_still_loads(app, db):
    document = session_json.export_session(_with_terms(db))
    for key in ("form", "amount_from", "amount_to", "stage"):
        del document["investor_interest"][0][key]
    session_json.import_session(session_json.loads(session_json.dumps(document)), slug="older")
    db.session.commit()
    copied = _copied_interest(db, "older")
    assert copied.form == ParticipationForm.PARTNERSHIP and copied.amount_from is None
    assert copied.stage_id is None


def test_reversed_ranges_and_unknown_stages_are_refused(app, db):
    document = session_json.export_session(_with_terms(db))
    document["investor_interest"][0]["amount_from"] = "9"
    document["investor_interest"][0]["stage"] = 99
    refused = _refused(db, document, slug="bad")
    assert any("investor_interest[0]" in error for error in refused.errors)
    assert len(refused.errors) == 2
