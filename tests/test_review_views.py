"""The review's pages as their users see them: facilitator set-up, expert scoring, results."""

import random
import re

import pytest
import sqlalchemy as sa

from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.review import services
from sessiontrack.review.models import Conflict, Criterion, Scorecard, ScorecardState
from sessiontrack.sessions.models import ReviewState

from . import factories
from .review_world import make_review


@pytest.fixture
def review(db):
    r = make_review()
    db.session.commit()
    return r


def _url(review, path=""):
    return f"/s/{review.session.slug}/review{path}"


def _assign(db, review, expert_index=0, project_index=0):
    _user, expert = review.experts[expert_index]
    card = services.assign(
        review.session, expert, review.projects[project_index], review.facilitator
    )
    db.session.commit()
    return card


# ----------------------------------------------------------------------------------------------
# Criteria
# ----------------------------------------------------------------------------------------------


def test_an_empty_criteria_page_offers_the_standard_criteria(db, client, auth):
    s = factories.make_session()
    facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
    db.session.commit()
    auth.login(facilitator)
    page = client.get(f"/s/{s.slug}/review/criteria").get_data(as_text=True)
    assert "Критериев пока нет" in page and "Добавить стандартные критерии" in page
    response = client.post(f"/s/{s.slug}/review/criteria/defaults")
    assert response.status_code == 302
    page = client.get(f"/s/{s.slug}/review/criteria").get_data(as_text=True)
    assert "Добавлено стандартных критериев: 6." in page
    assert "Социально-экономический эффект для города" in page
    assert "Сложение усилий нескольких организаций" in page


def test_a_refused_criterion_says_why_next_to_the_field(review, client, auth, db):
    auth.login(review.facilitator)
    response = client.post(
        _url(review, "/criteria/new"),
        data={
            "title": "Новый",
            "counted": "y",
            "weight": "0",
            "scale_min": "5",
            "scale_max": "5",
            "position": "4",
            "levels-0-level": "7",
            "levels-0-description": "Вне шкалы",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="weight-error"[^>]*>\s*У учитываемого критерия вес', page)
    assert re.search(r'id="scale_max-error"[^>]*>\s*Верхняя граница', page)
    assert "Этот уровень вне шкалы" in page
    assert db.session.scalar(sa.select(Criterion).filter_by(title="Новый")) is None


def test_a_criterion_with_described_levels(review, client, auth, db):
    auth.login(review.facilitator)
    response = client.post(
        _url(review, "/criteria/new"),
        data={
            "title": "Экология",
            "weight": "1.5",
            "counted": "y",
            "scale_min": "1",
            "scale_max": "3",
            "position": "4",
            "levels-0-level": "3",
            "levels-0-description": "Улучшает среду",
            "levels-1-level": "1",
            "levels-1-description": "Вредит среде",
        },
    )
    assert response.status_code == 302
    criterion = db.session.scalar(sa.select(Criterion).filter_by(title="Экология"))
    assert criterion.level_descriptions == {"1": "Вредит среде", "3": "Улучшает среду"}
    assert criterion.weight == 1.5
    page = client.get(_url(review, f"/criteria/{criterion.id}")).get_data(as_text=True)
    assert 'value="Вредит среде"' in page


def test_locked_criteria_are_refused_with_a_reason(review, client, auth, db):
    review.session.criteria_locked = True
    db.session.commit()
    auth.login(review.facilitator)
    criterion = review.criteria[0]
    response = client.post(_url(review, f"/criteria/{criterion.id}/delete"), follow_redirects=True)
    assert "Критерии заблокированы" in response.get_data(as_text=True)
    assert db.session.get(Criterion, criterion.id) is not None


# ----------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------


def _form(review, card, values, **extra):
    data = {f"criterion_{c.id}": str(v) for c, v in values.items()}
    data.setdefault("version", str(card.version_id))
    data.update(extra)
    return data


def test_an_expert_scores_saves_a_draft_and_submits(review, client, auth, db):
    card = _assign(db, review, 0, 0)
    following = _assign(db, review, 0, 1)
    user, _expert = review.experts[0]
    effect, feasibility, _reported = review.criteria
    auth.login(user)
    page = client.get(_url(review, f"/scorecards/{card.id}")).get_data(as_text=True)
    assert "Эффект для всего города" in page  # the level descriptions are in view
    assert "hx-post" in page and "js/review.js" in page

    response = client.post(
        _url(review, f"/scorecards/{card.id}"),
        data=_form(review, card, {effect: 7}, comment="Сильная команда", action="save"),
    )
    assert response.status_code == 302
    page = client.get(_url(review, f"/scorecards/{card.id}")).get_data(as_text=True)
    assert f'<input checked class="btn-check" id="criterion_{effect.id}-7"' in page
    assert "Сильная команда" in page

    db.session.refresh(card)
    response = client.post(
        _url(review, f"/scorecards/{card.id}"),
        data=_form(review, card, {effect: 7}, comment="Сильная команда", action="submit"),
    )
    assert response.status_code == 422
    assert "Не оценены: Реализуемость" in response.get_data(as_text=True)

    db.session.refresh(card)
    response = client.post(
        _url(review, f"/scorecards/{card.id}"),
        data=_form(review, card, {effect: 7, feasibility: 4}, comment="Итог", action="submit"),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/scorecards/{following.id}")
    db.session.refresh(card)
    assert card.state == ScorecardState.SUBMITTED and card.comment == "Итог"
    page = client.get(_url(review, f"/scorecards/{card.id}")).get_data(as_text=True)
    assert "hx-post" not in page and "Подан" in page


def test_autosave_answers_with_the_new_version_and_refuses_a_stale_one(review, client, auth, db):
    card = _assign(db, review)
    user, _expert = review.experts[0]
    effect = review.criteria[0]
    auth.login(user)
    old = card.version_id
    response = client.post(
        _url(review, f"/scorecards/{card.id}/draft"), data=_form(review, card, {effect: 3})
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Черновик сохранён" in body
    assert f'id="version" value="{old + 1}" hx-swap-oob="true"' in body
    stale = client.post(
        _url(review, f"/scorecards/{card.id}/draft"),
        data=_form(review, card, {effect: 9}, version=str(old)),
    )
    assert stale.status_code == 409
    assert "изменён в другом окне" in stale.get_data(as_text=True)
    db.session.refresh(card)
    assert [s.value for s in card.scores] == [3]
    invalid = client.post(
        _url(review, f"/scorecards/{card.id}/draft"),
        data=_form(review, card, {effect: 42}, version=str(old + 1)),
    )
    assert invalid.status_code == 422


def test_nobody_else_opens_or_writes_an_experts_scorecard(review, client, auth, db):
    card = _assign(db, review)
    other, _ = review.experts[1]
    auth.login(other)
    assert client.get(_url(review, f"/scorecards/{card.id}")).status_code == 403
    data = _form(review, card, {review.criteria[0]: 1})
    assert client.post(_url(review, f"/scorecards/{card.id}/draft"), data=data).status_code == 403
    auth.logout()
    auth.login(review.facilitator)
    assert client.get(_url(review, f"/scorecards/{card.id}")).status_code == 200
    assert client.post(_url(review, f"/scorecards/{card.id}"), data=data).status_code == 403


def test_a_conflicted_expert_cannot_open_the_scorecard(review, client, auth, db):
    card = _assign(db, review)
    user, expert = review.experts[0]
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 2})
    factories.make_conflict(expert, review.projects[0])
    db.session.commit()
    auth.login(user)
    assert client.get(_url(review, f"/scorecards/{card.id}")).status_code == 403


def test_an_expert_moved_to_the_lead_organisation_finds_the_scorecard_closed(
    review, client, auth, db
):
    """The facilitator changes the expert's organisation after assignment (issue 12, point
    9): the conflict is detected at once; the scorecard neither opens nor saves, and says why."""
    card = _assign(db, review)
    user, expert = review.experts[0]
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 2})
    lead = factories.make_organisation(review.session, name="ГХК")
    review.projects[0].lead_organisation_id = lead.id
    db.session.commit()
    auth.login(review.facilitator)
    response = client.post(
        f"/s/{review.session.slug}/people/{expert.id}/edit",
        data={
            "full_name": expert.full_name,
            "organisation_id": lead.id,
            "email": expert.email,
            "role": "expert",
            "expert_kind": "expert",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Conflict.expert_id)) == expert.id
    auth.logout()
    auth.login(user)
    opened = client.get(_url(review, f"/scorecards/{card.id}"))
    assert opened.status_code == 403
    assert "У вас конфликт интересов с этим проектом" in opened.get_data(as_text=True)
    data = {f"criterion_{review.criteria[0].id}": "9", "version": str(card.version_id)}
    saved = client.post(_url(review, f"/scorecards/{card.id}"), data=data)
    assert saved.status_code == 403
    assert "оценочный лист закрыт для вас" in saved.get_data(as_text=True)
    db.session.refresh(card)
    assert [s.value for s in card.scores] == [2] and card.state == ScorecardState.DRAFT


def test_the_experts_home_shows_progress_and_the_next_project(review, client, auth, db):
    first = _assign(db, review, 0, 0)
    second = _assign(db, review, 0, 1)
    user, _ = review.experts[0]
    services.save_scorecard(review.session, first, user, values={review.criteria[0].id: 5})
    db.session.commit()
    auth.login(user)
    page = client.get(_url(review, "/my")).get_data(as_text=True)
    assert "оценено критериев: 1 из 2" in page
    assert "Следующий неоценённый проект" in page
    assert f"/scorecards/{first.id}" in page and f"/scorecards/{second.id}" in page
    assert "Срок" not in page or review.session.review_deadline


def test_declaring_a_conflict_over_http(review, client, auth, db):
    card_id = _assign(db, review).id
    user, expert = review.experts[0]
    auth.login(user)
    response = client.post(
        _url(review, "/conflicts"),
        data={"project_id": review.projects[0].id, "reason": "Работаю в ведущей организации"},
        follow_redirects=True,
    )
    assert "Конфликт интересов зарегистрирован" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Scorecard).filter_by(id=card_id)) is None
    conflict = db.session.scalar(sa.select(Conflict))
    assert (conflict.expert_id, conflict.reason) == (expert.id, "Работаю в ведущей организации")
    empty = client.post(_url(review, "/conflicts"), data={"project_id": review.projects[1].id})
    assert empty.status_code == 422


def test_investors_mark_interest_seen_by_the_facilitator(review, client, auth, db):
    investor_user, investor = review.experts[-1]
    auth.login(investor_user)
    response = client.post(
        _url(review, "/interest"),
        data={"project_id": review.projects[2].id, "note": "Готов софинансировать"},
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(review.facilitator)
    page = client.get(_url(review, "/")).get_data(as_text=True)
    assert "Готов софинансировать" in page and investor.full_name in page


# ----------------------------------------------------------------------------------------------
# Assignment
# ----------------------------------------------------------------------------------------------


def test_assignment_over_http(review, client, auth, db):
    auth.login(review.facilitator)
    response = client.post(
        _url(review, "/assignments/balanced"),
        data={"per_project": "2", "max_load": "3"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Добавлено назначений: 8." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scorecard)) == 8
    refused = client.post(_url(review, "/assignments/balanced"), data={"per_project": "0"})
    assert refused.status_code == 422
    manual = client.post(
        _url(review, "/assignments/add"),
        data={"expert_id": review.experts[0][1].id, "project_id": review.projects[0].id},
        follow_redirects=True,
    )
    assert manual.status_code == 200


def test_a_facilitator_reopens_a_submitted_scorecard(review, client, auth, db):
    card = _assign(db, review)
    user, _ = review.experts[0]
    a, b, _r = review.criteria
    services.save_scorecard(review.session, card, user, values={a.id: 1, b.id: 1})
    services.submit_scorecard(review.session, card, user)
    db.session.commit()
    auth.login(review.facilitator)
    response = client.post(
        _url(review, f"/scorecards/{card.id}/reopen"), data={"comment": "Проверьте оценку"}
    )
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.state == ScorecardState.DRAFT


# ----------------------------------------------------------------------------------------------
# Phases and results
# ----------------------------------------------------------------------------------------------


def _score_everything(db, review, rnd=None):
    """Every expert scores every project (submitted), with random scores."""
    rnd = rnd or random.Random(5)
    a, b, r = review.criteria
    for _user, expert in review.experts:
        for project in review.projects:
            factories.make_scorecard(
                project,
                expert,
                {a: rnd.randint(0, 10), b: rnd.randint(1, 5), r: rnd.randint(0, 10)},
                submitted=True,
                comment=f"Мнение эксперта {expert.id} о проекте {project.title}",
            )
    db.session.commit()


def test_the_facilitator_sees_interim_results_only_on_request(review, client, auth, db):
    _score_everything(db, review)
    auth.login(review.facilitator)
    page = client.get(_url(review, "/results")).get_data(as_text=True)
    assert "Промежуточные итоги скрыты" in page and "Проект 001" not in page
    page = client.get(_url(review, "/results?interim=1")).get_data(as_text=True)
    assert "Промежуточные итоги: экспертиза ещё открыта" in page
    assert "Проект 001" in page and "<svg" in page
    services.close_review(review.session, review.facilitator)
    db.session.commit()
    page = client.get(_url(review, "/results")).get_data(as_text=True)
    assert "Промежуточные итоги" not in page and "Проект 001" in page


def test_the_results_name_method_ties_and_flags(db, client, auth):
    review = make_review(n_projects=2, n_experts=2, review_state=ReviewState.CLOSED)
    a, b, _r = review.criteria
    (_, e1), (_, e2) = review.experts
    p1, p2 = review.projects
    factories.make_scorecard(p1, e1, {a: 10, b: 5}, submitted=True)  # 100
    factories.make_scorecard(p1, e2, {a: 0, b: 1}, submitted=True)  # 0: experts disagree
    factories.make_scorecard(p2, e1, {a: 5, b: 3}, submitted=True)  # 50
    factories.make_scorecard(p2, e2, {a: 5, b: 3}, submitted=True)  # 50: a tie with p1
    db.session.commit()
    auth.login(review.facilitator)
    page = client.get(_url(review, "/results")).get_data(as_text=True)
    assert "Исходные баллы: среднее итоговых оценок экспертов" in page
    assert "делят место (1, 2, 2, 4)" in page
    assert "Эксперты расходятся в оценках" in page
    ranks = re.findall(r"<tr>\s*<td>(\d+)</td>", page)
    assert ranks == ["1", "1"]
    page = client.get(_url(review, "/results?method=zscore")).get_data(as_text=True)
    assert "Нормализация по каждому эксперту" in page
    page = client.get(_url(review, "/results?kind=investor")).get_data(as_text=True)
    assert page.count("Мало оценок") >= 2
    client.post("/language", data={"language": "en"})
    page = client.get(_url(review, "/results")).get_data(as_text=True)
    assert "Raw scores: the mean of the scorecard totals" in page
    assert "Experts disagree" in page and "Search and filters" in page


def test_results_reach_everyone_once_published(review, client, auth, db):
    _score_everything(db, review)
    observer = factories.make_member(review.session, ParticipantRole.OBSERVER)
    member = factories.make_member(review.session, ParticipantRole.MEMBER, review.group)
    db.session.commit()
    users = [observer, member, review.experts[0][0]]
    for user in users:
        auth.login(user)
        assert client.get(_url(review, "/results")).status_code == 403
        feedback = client.get(_url(review, f"/projects/{review.projects[0].id}"))
        assert feedback.status_code == 403
        auth.logout()
    services.close_review(review.session, review.facilitator)
    services.publish_results(review.session, review.facilitator)
    db.session.commit()
    for user in users:
        auth.login(user)
        page = client.get(_url(review, "/results")).get_data(as_text=True)
        assert "Проект 001" in page and "Проекты 1–4 из 4" in page
        assert "Рекомендовать" not in page  # the decision is the facilitator's
        feedback = client.get(_url(review, f"/projects/{review.projects[0].id}"))
        body = feedback.get_data(as_text=True)
        second = review.experts[1][1]
        assert f"Мнение эксперта {second.id} о проекте Проект 001" in body
        # Comments reach the group without the experts' names.
        assert second.full_name not in body and "Эксперт 2 ·" in body
        auth.logout()


def test_the_facilitator_marks_projects_for_the_forum(review, client, auth, db):
    _score_everything(db, review)
    services.close_review(review.session, review.facilitator)
    db.session.commit()
    auth.login(review.facilitator)
    project = review.projects[0]
    response = client.post(
        _url(review, f"/results/{project.id}/decision"),
        data={"recommended": "yes", "next": _url(review, "/results?method=zscore")},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/results?method=zscore")
    db.session.refresh(project)
    assert project.state == ProjectState.RECOMMENDED
    page = client.get(_url(review, "/results")).get_data(as_text=True)
    assert "Рекомендован на форум" in page


def test_phase_buttons_over_http(db, client, auth):
    review = make_review(review_state=ReviewState.NOT_OPENED)
    db.session.commit()
    auth.login(review.facilitator)
    page = client.get(_url(review, "/")).get_data(as_text=True)
    assert "Открыть экспертизу" in page
    client.post(_url(review, "/open"))
    client.post(_url(review, "/close"))
    response = client.post(_url(review, "/publish"), follow_redirects=True)
    assert "Итоги опубликованы для всех участников сессии." in response.get_data(as_text=True)
    refused = client.post(_url(review, "/open"), follow_redirects=True)
    assert "Сейчас экспертизу открыть нельзя." in refused.get_data(as_text=True)


def test_settings_are_saved_and_the_deadline_shown_to_experts(review, client, auth, db):
    card = _assign(db, review)
    auth.login(review.facilitator)
    response = client.post(
        _url(review, "/settings"),
        data={
            "review_deadline": "2018-11-22T18:00",
            "review_min_scorecards": "3",
            "disagreement_stdev": "10",
            "disagreement_range": "25",
            "normalise_scores": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(review.session)
    assert review.session.review_min_scorecards == 3 and review.session.normalise_scores
    assert review.session.review_deadline is not None
    bad = client.post(_url(review, "/settings"), data={"review_min_scorecards": "0"})
    assert bad.status_code == 422
    auth.logout()
    auth.login(review.experts[0][0])
    page = client.get(_url(review, f"/scorecards/{card.id}")).get_data(as_text=True)
    assert "22 ноября 2018, 18:00" in page


# ----------------------------------------------------------------------------------------------
# Query counts
# ----------------------------------------------------------------------------------------------


def _count_page(client, count_queries, url) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def _sized_review(db, n_projects, n_experts):
    review = make_review(n_projects=n_projects, n_experts=n_experts)
    _score_everything(db, review)
    return review


@pytest.mark.parametrize(
    "path",
    ["/results?interim=1", "/results?interim=1&method=zscore&kind=expert", "/assignments", "/"],
)
def test_facilitator_pages_run_a_fixed_number_of_queries(db, app, count_queries, path):
    counts = []
    for n_projects, n_experts in ((10, 3), (50, 3), (10, 10)):
        review = _sized_review(db, n_projects, n_experts)
        client = app.test_client()
        client.post(
            "/auth/login",
            data={"email": review.facilitator.email, "password": factories.PASSWORD},
        )
        counts.append(_count_page(client, count_queries, _url(review, path)))
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 15


def test_expert_pages_run_a_fixed_number_of_queries(db, app, count_queries):
    counts = []
    for n_projects, n_experts in ((10, 3), (50, 3), (10, 10)):
        review = make_review(n_projects=n_projects, n_experts=n_experts)
        user, expert = review.experts[0]
        for project in review.projects:
            factories.make_scorecard(project, expert, {review.criteria[0]: 5})
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
        counts.append(_count_page(client, count_queries, _url(review, "/my")))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_scorecard_says_its_place_and_leads_to_the_next_draft_wrapping_round(
    review, client, auth, db
):
    cards = [_assign(db, review, 0, i) for i in range(4)]  # Проект 001 … 004, in list order
    user, _expert = review.experts[0]
    a, b, _r = review.criteria
    services.save_scorecard(review.session, cards[3], user, values={a.id: 5, b.id: 3})
    services.submit_scorecard(review.session, cards[3], user)
    db.session.commit()
    auth.login(user)
    page = client.get(_url(review, f"/scorecards/{cards[2].id}")).get_data(as_text=True)
    assert "Проект 3 из 4" in page
    # After the third comes the fourth, submitted already: the next draft is the first.
    assert f'href="/s/{review.session.slug}/review/scorecards/{cards[0].id}"' in page
    data = _form(review, cards[1], {a: 7, b: 2}, action="submit")
    sent = client.post(_url(review, f"/scorecards/{cards[1].id}"), data=data)
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/scorecards/{cards[2].id}")
