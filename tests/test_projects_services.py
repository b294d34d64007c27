"""The project workflow, service by service: state, permission, audit, revisions."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import Conflict, DomainError, NotAllowed
from sessiontrack.projects import services
from sessiontrack.projects.models import Project, ProjectRevision, ProjectState, ResourceNeed
from sessiontrack.sessions.models import SessionState

from . import factories
from .projects_support import passport


def _entries(project) -> list[AuditEntry]:
    return list(
        factories.db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "project", AuditEntry.object_id == project.id)
            .order_by(AuditEntry.id)
        )
    )


def _submitted(world, db) -> Project:
    project = services.create_project(world.session, world.member, passport(world))
    services.submit_project(project, world.member)
    db.session.commit()
    return project


def test_a_member_creates_a_draft_of_their_group(world, db):
    project = services.create_project(world.session, world.member, passport(world))
    db.session.commit()
    assert project.state == ProjectState.DRAFT
    assert project.working_group_id == world.group.id
    assert project.direction_id == world.direction.id
    assert project.created_by_id == world.member.id
    assert [r.amount for r in project.resources] == [Decimal("95.00"), Decimal("6.00")]
    assert [s.position for s in project.stages] == [1, 2]
    assert [p.organisation_id for p in project.partners] == [world.partner.id]
    assert [(e.action, e.user_id) for e in _entries(project)] == [("create", world.member.id)]


def test_nobody_writes_into_another_group(world, db):
    with pytest.raises(NotAllowed):
        services.create_project(world.session, world.other_member, passport(world))
    with pytest.raises(NotAllowed):
        services.create_project(world.session, world.facilitator, passport(world))


def test_a_passport_naming_another_sessions_organisation_is_refused(world, db):
    foreign = factories.make_organisation(factories.make_session())
    with pytest.raises(DomainError):
        services.create_project(
            world.session, world.member, passport(world, lead_organisation_id=foreign.id)
        )


def test_an_update_keeps_row_ids_and_logs_what_changed(world, db):
    project = services.create_project(world.session, world.member, passport(world))
    db.session.commit()
    resource_ids = [r.id for r in project.resources]
    data = passport(world, goal="Новая цель")
    data["resources"][0]["amount"] = Decimal("120")
    services.update_project(project, world.moderator, data, version=project.version_id)
    db.session.commit()
    assert [r.id for r in project.resources] == resource_ids
    assert project.resources[0].amount == Decimal("120")
    entry = _entries(project)[-1]
    assert entry.action == "update" and entry.user_id == world.moderator.id
    assert entry.changes["goal"] == ["Создать общественное пространство", "Новая цель"]
    assert "resources" in entry.changes and "stages" not in entry.changes


def test_changing_only_a_row_still_makes_a_new_version(world, db):
    project = services.create_project(world.session, world.member, passport(world))
    db.session.commit()
    version = project.version_id
    data = passport(world)
    data["stages"][0]["deliverable"] = "Проектная документация"
    services.update_project(project, world.member, data, version=version)
    db.session.commit()
    assert project.version_id == version + 1


def test_an_update_from_an_old_version_is_refused_and_changes_nothing(world, db):
    project = services.create_project(world.session, world.member, passport(world))
    db.session.commit()
    old_version = project.version_id
    services.update_project(
        project, world.member, passport(world, goal="Первая правка"), version=old_version
    )
    db.session.commit()
    with pytest.raises(Conflict):
        services.update_project(
            project, world.moderator, passport(world, goal="Вторая правка"), version=old_version
        )
    db.session.rollback()
    assert db.session.get(Project, project.id).goal == "Первая правка"


def test_a_write_racing_past_the_version_check_is_refused(world, db):
    """Two saves that both passed the check: the version counter refuses the second."""
    project = services.create_project(world.session, world.member, passport(world))
    db.session.commit()
    project = db.session.get(Project, project.id)
    version = project.version_id
    with db.engine.begin() as other:  # another request commits first
        other.execute(
            sa.update(Project.__table__)
            .where(Project.__table__.c.id == project.id)
            .values(goal="Чужая правка", version_id=version + 1)
        )
    with pytest.raises(Conflict) as refused:
        services.update_project(
            project, world.member, passport(world, goal="Моя правка"), version=version
        )
    # The same words as for a stale form: to the user, it is the same situation.
    assert "Пока вы редактировали проект, его сохранил кто-то другой" in str(refused.value)
    db.session.rollback()
    assert db.session.get(Project, project.id).goal == "Чужая правка"


def test_submitting_an_incomplete_passport_says_what_is_missing(world, db):
    data = passport(world, goal="", resources=[], national_project_ids=[], strategy_priority_ids=[])
    data["stages"][1]["ends_on"] = None
    project = services.create_project(world.session, world.member, data)
    with pytest.raises(DomainError) as refused:
        services.submit_project(project, world.member)
    anchors = [item.anchor for item in services.missing_in(refused.value)]
    assert anchors == ["goal", "national_projects", "resources-section", "stages-1-ends_on"]
    texts = [item.text for item in services.missing_in(refused.value)]
    assert texts[0] == "цель" and texts[2] == "нет ни одного ресурса"
    assert project.state == ProjectState.DRAFT


def test_a_submission_keeps_the_whole_passport_as_a_revision(world, db):
    project = _submitted(world, db)
    assert project.state == ProjectState.SUBMITTED and project.submitted_at is not None
    (revision,) = project.revisions
    snapshot = revision.snapshot
    assert revision.number == 1 and revision.created_by_id == world.member.id
    assert snapshot["goal"] == "Создать общественное пространство"
    assert snapshot["lead_organisation"] == {"name": "Администрация города"}
    assert snapshot["partners"] == [
        {
            "organisation": {"name": "Совет депутатов"},
            "contribution": "Поддержка",
        }
    ]
    assert [r["amount"] for r in snapshot["resources"]] == ["95.00", "6.00"]
    assert snapshot["resources"][0]["funding_source"]["code"] == "federal_budget"
    assert [s["starts_on"] for s in snapshot["stages"]] == ["2019-01-01", "2020-04-01"]
    assert snapshot["indicators"][0]["target"] == "50.00"
    assert [n["code"] for n in snapshot["national_projects"]] == ["housing"]
    assert [p["title"] for p in snapshot["strategy_priorities"]] == ["Комфортная городская среда"]
    assert _entries(project)[-1].changes == {"state": ["draft", "submitted"]}


def test_return_needs_remarks_and_a_facilitator(world, db):
    project = _submitted(world, db)
    with pytest.raises(NotAllowed):
        services.return_project(project, world.member, "Добавьте риски")
    with pytest.raises(DomainError):
        services.return_project(project, world.facilitator, "   ")
    services.return_project(project, world.facilitator, "Добавьте риски")
    db.session.commit()
    assert project.state == ProjectState.RETURNED and project.remarks == "Добавьте риски"
    entry = _entries(project)[-1]
    assert (entry.action, entry.comment, entry.user_id) == (
        "return",
        "Добавьте риски",
        world.facilitator.id,
    )


def test_a_returned_project_is_revised_and_resubmitted_as_a_second_revision(world, db):
    project = _submitted(world, db)
    services.return_project(project, world.facilitator, "Уточните сроки")
    services.update_project(
        project, world.member, passport(world, end_year=2022), version=project.version_id
    )
    services.submit_project(project, world.member)
    db.session.commit()
    assert [r.number for r in project.revisions] == [1, 2]
    assert [r.snapshot["end_year"] for r in project.revisions] == [2021, 2022]


def test_a_submitted_project_is_edited_by_nobody(world, db):
    project = _submitted(world, db)
    with pytest.raises(DomainError):
        services.update_project(project, world.member, passport(world), version=project.version_id)
    with pytest.raises(DomainError):
        services.submit_project(project, world.member)


def test_accept_then_decide(world, db):
    project = _submitted(world, db)
    with pytest.raises(DomainError):
        services.recommend_project(project, world.facilitator, recommended=True)
    with pytest.raises(NotAllowed):
        services.accept_project(project, world.moderator)
    services.accept_project(project, world.facilitator, "Полный паспорт")
    assert project.state == ProjectState.ACCEPTED
    with pytest.raises(NotAllowed):
        services.recommend_project(project, world.member, recommended=True)
    services.recommend_project(project, world.facilitator, recommended=True, comment="Сильный")
    assert project.state == ProjectState.RECOMMENDED
    services.recommend_project(project, world.facilitator, recommended=True)  # no change
    services.recommend_project(project, world.facilitator, recommended=False)
    db.session.commit()
    assert project.state == ProjectState.NOT_RECOMMENDED
    assert [e.action for e in _entries(project)] == [
        "create",
        "submit",
        "accept",
        "recommend",
        "not_recommend",
    ]


def test_withdraw_by_the_group_or_the_facilitator_before_the_forum(world, db):
    draft = services.create_project(world.session, world.member, passport(world))
    accepted = _submitted(world, db)
    services.accept_project(accepted, world.facilitator)
    with pytest.raises(NotAllowed):
        services.withdraw_project(draft, world.other_member)
    services.withdraw_project(draft, world.moderator, "Объединён с другим проектом")
    services.withdraw_project(accepted, world.facilitator)
    assert draft.state == accepted.state == ProjectState.WITHDRAWN
    with pytest.raises(DomainError):
        services.withdraw_project(draft, world.member)
    late = services.create_project(world.session, world.member, passport(world))
    world.session.state = SessionState.FORUM
    with pytest.raises(DomainError):
        services.withdraw_project(late, world.member)


def test_bulk_accept_is_all_or_nothing(world, db):
    first, second = _submitted(world, db), _submitted(world, db)
    services.return_project(second, world.facilitator, "Нет")
    db.session.commit()
    with pytest.raises(DomainError):
        services.accept_projects([first, second], world.facilitator)
    db.session.rollback()
    assert db.session.get(Project, first.id).state == ProjectState.SUBMITTED
    third = _submitted(world, db)
    assert (
        services.accept_projects([db.session.get(Project, first.id), third], world.facilitator) == 2
    )
    assert services.return_projects([], world.facilitator, "x") == 0


def test_factory_complete_projects_can_be_submitted(world, db):
    project = factories.make_project(world.session, world.group, complete=True)
    services.submit_project(project, world.member)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProjectRevision)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResourceNeed)) == 1
