"""The review's workflow rules, without HTTP: criteria, phases, conflicts, assignment, scoring."""

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core import errors
from sessiontrack.core.errors import DomainError
from sessiontrack.people import services as people
from sessiontrack.people.models import ExpertKind
from sessiontrack.projects import services as project_services
from sessiontrack.projects.models import ProjectState
from sessiontrack.review import permissions, services
from sessiontrack.review.aggregation import compute_results
from sessiontrack.review.models import (
    Conflict,
    ConflictSource,
    Criterion,
    Scorecard,
    ScorecardState,
)
from sessiontrack.review.services import CriterionData
from sessiontrack.sessions.models import ReviewState

from . import factories
from .projects_support import group_world, passport
from .review_world import give_partner, make_review


def _actions(db, session) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.session_id == session.id)
            .order_by(AuditEntry.id)
        )
    )


def _assigned(db, review) -> set[tuple[int, int]]:
    rows = db.session.execute(sa.select(Scorecard.expert_id, Scorecard.project_id))
    return set(rows)


# ----------------------------------------------------------------------------------------------
# Criteria
# ----------------------------------------------------------------------------------------------


def test_the_standard_criteria_for_a_new_session(db):
    s = factories.make_session()
    added = services.add_default_criteria(s)
    assert [c.weight for c in added] == [3, 3, 2, 2, 2, 1]
    assert added[0].title == "Соответствие национальным проектам и Стратегии 2030"
    assert all((c.scale_min, c.scale_max, c.counted) == (0, 10, True) for c in added)
    assert set(added[0].level_descriptions) == {"0", "5", "10"}
    assert services.add_default_criteria(s) == []  # once only
    assert _actions(db, s) == ["criteria_defaults_added"]


def test_a_reported_criterion_weighs_nothing(db):
    review = make_review()
    data = CriterionData(title="Экологичность", weight=5, counted=False, scale_max=5)
    criterion = services.save_criterion(review.session, data, review.facilitator)
    assert (criterion.weight, criterion.counted) == (0, False)


def test_criterion_titles_are_unique_in_a_session(db):
    review = make_review()
    with pytest.raises(DomainError) as refused:
        services.save_criterion(review.session, CriterionData(title="эффект"), review.facilitator)
    assert refused.value.status == 422


def test_criteria_lock_with_the_first_score_and_reopen_is_logged(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 7})
    assert review.session.criteria_locked
    edit = CriterionData(title="Эффект", weight=3)
    with pytest.raises(DomainError, match="заблокированы"):
        services.save_criterion(review.session, edit, review.facilitator, review.criteria[0])
    with pytest.raises(DomainError, match="Закройте"):
        services.reopen_criteria(review.session, review.facilitator)
    services.close_review(review.session, review.facilitator)
    services.reopen_criteria(review.session, review.facilitator, "Уточняем веса")
    assert not review.session.criteria_locked
    # A new scale must still hold the 7 already given.
    narrow = CriterionData(title="Эффект", weight=3, scale_min=0, scale_max=5)
    with pytest.raises(DomainError, match="от 7 до 7"):
        services.save_criterion(review.session, narrow, review.facilitator, review.criteria[0])
    wide = CriterionData(title="Эффект", weight=3, scale_min=0, scale_max=20)
    services.save_criterion(review.session, wide, review.facilitator, review.criteria[0])
    db.session.flush()
    db.session.refresh(card)
    assert [(s.value, s.scale_max) for s in card.scores] == [(7, 20)]
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="criteria_reopened"))
    assert entry.comment == "Уточняем веса" and entry.changes == {"criteria_locked": [True, False]}
    assert "criterion_updated" in _actions(db, review.session)


# ----------------------------------------------------------------------------------------------
# Phases
# ----------------------------------------------------------------------------------------------


def test_review_phases_in_order(db):
    review = make_review(review_state=ReviewState.NOT_OPENED)
    with pytest.raises(DomainError):
        services.close_review(review.session, review.facilitator)
    with pytest.raises(DomainError):
        services.publish_results(review.session, review.facilitator)
    services.open_review(review.session, review.facilitator)
    with pytest.raises(DomainError):
        services.publish_results(review.session, review.facilitator)
    services.close_review(review.session, review.facilitator)
    services.publish_results(review.session, review.facilitator)
    assert review.session.review_state == ReviewState.PUBLISHED
    with pytest.raises(DomainError):
        services.open_review(review.session, review.facilitator)
    assert _actions(db, review.session) == ["review_opened", "review_closed", "results_published"]


def test_the_review_opens_only_with_a_counted_criterion(db):
    s = factories.make_session()
    facilitator = factories.make_member(s, factories.ParticipantRole.FACILITATOR)
    with pytest.raises(DomainError, match="критерий"):
        services.open_review(s, facilitator)


def test_only_the_facilitator_changes_the_phase(db):
    review = make_review(review_state=ReviewState.NOT_OPENED)
    with pytest.raises(DomainError) as refused:
        services.open_review(review.session, review.experts[0][0])
    assert refused.value.status == 403


# ----------------------------------------------------------------------------------------------
# Conflicts and assignment
# ----------------------------------------------------------------------------------------------


def test_conflicts_are_detected_from_lead_and_partner_organisations(db):
    review = make_review()
    leader = factories.make_organisation(review.session)
    partner = factories.make_organisation(review.session)
    review.projects[0].lead_organisation_id = leader.id
    give_partner(review.projects[1], partner)
    _, e1 = review.experts[0]
    _, e2 = review.experts[1]
    e1.organisation_id, e2.organisation_id = leader.id, partner.id
    db.session.flush()
    assert services.detected_conflict_pairs(review.session) == {
        (e1.id, review.projects[0].id),
        (e2.id, review.projects[1].id),
    }
    services.assign_all(review.session, review.facilitator)
    assigned = _assigned(db, review)
    assert (e1.id, review.projects[0].id) not in assigned
    assert (e2.id, review.projects[1].id) not in assigned
    assert len(assigned) == 3 * 4 - 2
    conflicts = db.session.scalars(sa.select(Conflict)).all()
    assert {c.source for c in conflicts} == {ConflictSource.DETECTED}
    assert services.assign_all(review.session, review.facilitator).created == 0


def test_a_detected_conflict_removes_an_unscored_assignment_only(db):
    review = make_review()
    organisation = factories.make_organisation(review.session)
    (u1, e1), (_u2, e2) = review.experts[:2]
    scored = services.assign(review.session, e1, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, scored, u1, values={review.criteria[0].id: 4})
    services.assign(review.session, e2, review.projects[0], review.facilitator)
    e1.organisation_id = e2.organisation_id = organisation.id
    review.projects[0].lead_organisation_id = organisation.id
    db.session.flush()
    assert services.detect_conflicts(review.session, review.facilitator) == 2
    assert _assigned(db, review) == {(e1.id, review.projects[0].id)}


def test_an_expert_declares_a_conflict_and_loses_the_assignment(db):
    review = make_review()
    user, expert = review.experts[0]
    project = review.projects[0]
    services.assign(review.session, expert, project, review.facilitator)
    with pytest.raises(DomainError):
        services.declare_conflict(review.session, expert, project, "  ", user)
    with pytest.raises(DomainError):
        services.declare_conflict(review.session, expert, project, "Чужой", review.experts[1][0])
    services.declare_conflict(review.session, expert, project, "Работаю в организации", user)
    assert _assigned(db, review) == set()
    with pytest.raises(DomainError, match="конфликт"):
        services.assign(review.session, expert, project, review.facilitator)
    with pytest.raises(DomainError):
        services.declare_conflict(review.session, expert, project, "Ещё раз", user)
    assert "conflict_declared" in _actions(db, review.session)


def test_balanced_assignment_spreads_the_load_evenly(db):
    review = make_review(n_projects=7, n_experts=4)
    report = services.assign_balanced(review.session, review.facilitator, per_project=2, max_load=4)
    assert report.created == 14 and report.short == []
    rows = db.session.execute(sa.select(Scorecard.expert_id, Scorecard.project_id)).all()
    per_project = {p.id: sum(1 for _e, pid in rows if pid == p.id) for p in review.projects}
    assert set(per_project.values()) == {2}
    loads = sorted(sum(1 for eid, _p in rows if eid == e.id) for _u, e in review.experts)
    assert loads == [3, 3, 4, 4]  # 14 over 4 experts: as even as it gets


def test_balanced_assignment_is_deterministic_and_respects_limits(db):
    review = make_review(n_projects=3, n_experts=3)
    _, e1 = review.experts[0]
    factories.make_conflict(e1, review.projects[0])
    report = services.assign_balanced(review.session, review.facilitator, per_project=3, max_load=2)
    # 9 wanted, 6 allowed by the load; the conflicted pair is never assigned.
    assert report.created == 6
    assert sum(missing for _p, missing in report.short) == 3
    assert (e1.id, review.projects[0].id) not in _assigned(db, review)
    again = services.assign_balanced(review.session, review.facilitator, per_project=3, max_load=2)
    assert again.created == 0


def test_balanced_assignment_keeps_existing_assignments(db):
    review = make_review(n_projects=2, n_experts=3)
    _, e1 = review.experts[0]
    services.assign(review.session, e1, review.projects[0], review.facilitator)
    services.assign_balanced(review.session, review.facilitator, per_project=1, max_load=5)
    assert len(_assigned(db, review)) == 2
    assert (e1.id, review.projects[0].id) in _assigned(db, review)


def test_manual_assignment_rules(db):
    review = make_review()
    _, expert = review.experts[0]
    services.assign(review.session, expert, review.projects[0], review.facilitator)
    with pytest.raises(DomainError, match="уже"):
        services.assign(review.session, expert, review.projects[0], review.facilitator)
    review.projects[1].state = ProjectState.SUBMITTED
    with pytest.raises(DomainError):
        services.assign(review.session, expert, review.projects[1], review.facilitator)


def test_a_submitted_scorecard_cannot_be_unassigned(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    _score_all(review, card, user)
    services.submit_scorecard(review.session, card, user)
    with pytest.raises(DomainError):
        services.unassign(review.session, card, review.facilitator)
    services.reopen_scorecard(review.session, card, review.facilitator, "Исправить")
    services.unassign(review.session, card, review.facilitator)
    assert _assigned(db, review) == set()


def test_assignments_freeze_once_the_review_is_closed(db):
    review = make_review(review_state=ReviewState.CLOSED)
    with pytest.raises(DomainError):
        services.assign_all(review.session, review.facilitator)


# ----------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------


def _score_all(review, card, user, values=(8, 4)):
    counted = review.counted
    services.save_scorecard(
        review.session,
        card,
        user,
        values={c.id: v for c, v in zip(counted, values, strict=True)},
        comment="Комментарий",
    )


def test_a_draft_saves_and_only_changes_are_logged(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    version = card.version_id
    a, b, r = review.criteria
    assert services.save_scorecard(
        review.session, card, user, values={a.id: 6, r.id: 9}, comment=" Первые впечатления "
    )
    assert card.version_id == version + 1
    assert card.comment == "Первые впечатления"
    assert not services.save_scorecard(review.session, card, user, values={a.id: 6})
    services.save_scorecard(review.session, card, user, values={a.id: None, b.id: 2})
    assert {s.criterion_id: s.value for s in card.scores} == {r.id: 9, b.id: 2}
    entries = db.session.scalars(
        sa.select(AuditEntry).filter_by(action="scorecard_saved").order_by(AuditEntry.id)
    ).all()
    # Saves within a minute make one entry: the net change (6 set, then cleared, is none).
    assert len(entries) == 1
    assert entries[0].changes == {
        "Новизна (справочно)": [None, 9],
        "comment": ["", "Первые впечатления"],
        "Реализуемость": [None, 2],
        "source": "online",
    }


def test_a_score_outside_the_scale_is_refused(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    with pytest.raises(DomainError, match="от 1 до 5"):
        services.save_scorecard(review.session, card, user, values={review.criteria[1].id: 0})


def test_a_save_based_on_an_old_version_is_refused(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    old = card.version_id
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 5})
    with pytest.raises(errors.Conflict) as refused:
        services.save_scorecard(
            review.session, card, user, values={review.criteria[0].id: 6}, version=old
        )
    assert refused.value.status == 409


def test_only_the_expert_scores_and_only_while_open(db):
    review = make_review()
    user, expert = review.experts[0]
    other, _ = review.experts[1]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    values = {review.criteria[0].id: 5}
    with pytest.raises(DomainError) as refused:
        services.save_scorecard(review.session, card, other, values=values)
    assert refused.value.status == 403
    with pytest.raises(DomainError):
        services.save_scorecard(review.session, card, review.facilitator, values=values)
    review.session.review_state = ReviewState.CLOSED
    with pytest.raises(DomainError, match="не открыта"):
        services.save_scorecard(review.session, card, user, values=values)


def test_a_conflicted_expert_cannot_score(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 5})
    factories.make_conflict(expert, review.projects[0])
    with pytest.raises(DomainError) as refused:
        services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 6})
    assert refused.value.status == 403


def test_a_conflict_is_read_once_per_transaction_and_again_after_any_write(db, count_queries):
    """The page asks whether the expert is conflicted, then the save asks again: one query.
    Any write in between (flushed, or a statement run directly) is seen at the next question;
    a new transaction reads afresh too."""
    review = make_review()
    _user, expert = review.experts[0]
    project, other = review.projects[0], review.projects[1]
    expert.organisation_id = factories.make_organisation(review.session).id
    db.session.commit()
    db.session.refresh(expert)  # loaded, as a page has them
    db.session.refresh(project)
    with count_queries() as counter:
        assert not permissions.is_conflicted(expert, project)
        assert not permissions.is_conflicted(expert, project)
    assert counter.count == 1
    db.session.execute(
        sa.insert(Conflict).values(
            expert_id=expert.id, project_id=project.id, source=ConflictSource.DECLARED, reason="-"
        )
    )
    assert permissions.is_conflicted(expert, project)
    assert not permissions.is_conflicted(expert, other)
    give_partner(other, expert.organisation)  # flushed: a partner's expert is conflicted
    assert permissions.is_conflicted(expert, other)
    db.session.rollback()
    db.session.refresh(expert)
    db.session.refresh(project)
    with count_queries() as counter:
        assert not permissions.is_conflicted(expert, project)
    assert counter.count == 1


def test_submission_needs_every_counted_criterion_and_locks(db):
    review = make_review()
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 5})
    with pytest.raises(DomainError, match="Реализуемость"):
        services.submit_scorecard(review.session, card, user)
    # The reported criterion is optional.
    services.save_scorecard(review.session, card, user, values={review.criteria[1].id: 3})
    services.submit_scorecard(review.session, card, user)
    assert card.state == ScorecardState.SUBMITTED and card.submitted_at is not None
    with pytest.raises(DomainError, match="подан и заблокирован"):
        services.save_scorecard(review.session, card, user, values={review.criteria[0].id: 9})
    with pytest.raises(DomainError):
        services.reopen_scorecard(review.session, card, user)
    services.reopen_scorecard(review.session, card, review.facilitator, "Уточните оценку")
    assert card.state == ScorecardState.DRAFT and card.submitted_at is None
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="scorecard_reopened"))
    assert entry.comment == "Уточните оценку"


def test_the_database_checks_a_scores_range(db):
    review = make_review()
    _, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    db.session.flush()
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.insert(services.Score).values(
                scorecard_id=card.id,
                criterion_id=review.criteria[0].id,
                scale_min=0,
                scale_max=10,
                value=11,
            )
        )


# ----------------------------------------------------------------------------------------------
# Investors, the forum's decision
# ----------------------------------------------------------------------------------------------


def test_only_investors_mark_interest(db):
    review = make_review()
    investor_user, investor = review.experts[-1]
    expert_user, expert = review.experts[0]
    assert investor.expert_kind == ExpertKind.INVESTOR
    project = review.projects[0]
    with pytest.raises(DomainError):
        services.mark_interest(review.session, expert, project, "Интересно", expert_user)
    interest = services.mark_interest(
        review.session, investor, project, "Готов вложить", investor_user
    )
    services.mark_interest(review.session, investor, project, "Готов вложить 10 млн", investor_user)
    assert interest.note == "Готов вложить 10 млн"
    services.withdraw_interest(review.session, interest, investor_user)
    assert _actions(db, review.session)[-3:] == [
        "interest_marked",
        "interest_marked",
        "interest_withdrawn",
    ]


def test_criteria_of_another_session_are_never_used(db):
    review = make_review()
    other = factories.make_session()
    foreign = factories.make_criterion(other)
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, review.projects[0], review.facilitator)
    with pytest.raises(DomainError):
        services.save_scorecard(review.session, card, user, values={foreign.id: 1})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)) == 4


# ----------------------------------------------------------------------------------------------
# Conflicts that arise after assignment (issue 12, point 9)
# ----------------------------------------------------------------------------------------------


def _expert_values(expert, organisation) -> dict:
    """What the participant form gives for ``expert`` moved to ``organisation``."""
    return {
        "full_name": expert.full_name,
        "organisation_id": organisation.id,
        "position": expert.position,
        "email": expert.email,
        "phone": expert.phone,
        "role": "expert",
        "expert_kind": expert.expert_kind.value,
        "working_group_id": None,
    }


def _scored_project_led_by_ghk(db):
    """Two experts have submitted their scorecards on a project that «ГХК» leads."""
    review = make_review(n_projects=1, n_experts=2, investor=False)
    project = review.projects[0]
    lead = factories.make_organisation(review.session, name="ГХК")
    project.lead_organisation_id = lead.id
    for user, expert in review.experts:
        card = services.assign(review.session, expert, project, review.facilitator)
        _score_all(review, card, user)
        services.submit_scorecard(review.session, card, user)
    db.session.commit()
    return review, project, lead


def test_an_expert_moved_to_the_lead_organisation_no_longer_counts(db):
    review, project, lead = _scored_project_led_by_ghk(db)
    assert compute_results(review.session).project(project.id).n == 2
    (_user, expert), _other = review.experts
    people.update_participant(expert, review.session, **_expert_values(expert, lead))
    db.session.commit()
    conflict = db.session.scalar(sa.select(Conflict))
    assert (conflict.expert_id, conflict.project_id) == (expert.id, project.id)
    assert conflict.source == ConflictSource.DETECTED
    assert "conflicts_detected" in _actions(db, review.session)
    # The submitted scorecard stays for the facilitator to see, and is not counted.
    assert _assigned(db, review) == {(e.id, project.id) for _u, e in review.experts}
    assert compute_results(review.session).project(project.id).n == 1


def test_an_expert_moved_to_the_lead_organisation_by_an_import_no_longer_counts(db):
    from sessiontrack.people import imports

    review, project, _lead = _scored_project_led_by_ghk(db)
    (_user, expert), _other = review.experts
    data = f"ФИО;E-mail;Организация;Роль\n{expert.full_name};{expert.email};ГХК;эксперт\n"
    plan = imports.plan_import(review.session, imports.read_table(data.encode(), "people.csv"))
    assert not plan.problems and len(plan.updated_participants) == 1
    imports.apply_import(review.session, plan, filename="people.csv")
    db.session.commit()
    pairs = set(db.session.execute(sa.select(Conflict.expert_id, Conflict.project_id)))
    assert pairs == {(expert.id, project.id)}
    assert compute_results(review.session).project(project.id).n == 1


def test_a_new_lead_or_partner_of_a_project_is_checked_against_the_experts(db):
    world = group_world()
    _user, expert = factories.make_expert(world.session, organisation=world.partner)
    other = factories.make_organisation(world.session, name="ИСС")
    _user, other_expert = factories.make_expert(world.session, organisation=other)
    project = project_services.create_project(
        world.session, world.member, passport(world, partners=[])
    )
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conflict)) == 0
    data = passport(world, lead_organisation_id=other.id)
    project_services.update_project(project, world.member, data, version=project.version_id)
    db.session.commit()
    pairs = set(db.session.execute(sa.select(Conflict.expert_id, Conflict.project_id)))
    assert pairs == {(expert.id, project.id), (other_expert.id, project.id)}


def test_a_change_not_yet_detected_still_closes_the_scorecard(db):
    """An organisation changed by a way that detects nothing (an import, the database):
    the rule is checked again when the expert opens or saves the scorecard."""
    review = make_review(n_projects=1, n_experts=1)
    project = review.projects[0]
    user, expert = review.experts[0]
    card = services.assign(review.session, expert, project, review.facilitator)
    partner = factories.make_organisation(review.session)
    give_partner(project, partner)
    assert not permissions.is_conflicted(expert, project)
    expert.organisation_id = partner.id
    db.session.flush()
    assert permissions.is_conflicted(expert, project)
    assert not permissions.can_open_scorecard(user, card, review.session)
    with pytest.raises(DomainError, match="конфликт интересов") as refused:
        _score_all(review, card, user)
    assert refused.value.status == 403


def test_published_results_stand_when_an_expert_changes_organisation_later(db):
    review = make_review(n_projects=1, n_experts=1, review_state=ReviewState.PUBLISHED)
    project = review.projects[0]
    lead = factories.make_organisation(review.session, name="ГХК")
    project.lead_organisation_id = lead.id
    _user, expert = review.experts[0]
    factories.make_scorecard(project, expert, dict.fromkeys(review.counted, 5), submitted=True)
    people.update_participant(expert, review.session, **_expert_values(expert, lead))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conflict)) == 0
    assert compute_results(review.session).project(project.id).n == 1
