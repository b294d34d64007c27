"""The benchmark generator: exact sizes, the same content for the same seed, usable accounts."""

import pytest
import sqlalchemy as sa

from sessiontrack.auth.models import User
from sessiontrack.people.models import Organisation, Participant, ParticipantRole
from sessiontrack.projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceNeed,
    Stage,
)
from sessiontrack.projects.permissions import REVIEWABLE
from sessiontrack.review.models import Criterion, Score, Scorecard, ScorecardState
from sessiontrack.sampledata.article_review import CRITERIA
from sessiontrack.sampledata.bench import BENCH_PASSWORD, BenchDataError, BenchSizes, generate
from sessiontrack.sessions.models import (
    Direction,
    StrategicSession,
    WorkingGroup,
)

SMALL = BenchSizes(projects=5, experts=3, organisations=20, participants=40)


def _count(db, model, session_id, via=None):
    query = sa.select(sa.func.count()).select_from(model)
    if via is not None:
        query = query.join(Project, via == Project.id).where(Project.session_id == session_id)
    else:
        query = query.where(model.session_id == session_id)
    return db.session.scalar(query)


def test_the_command_makes_every_row_the_sizes_ask_for(app, db, runner):
    # The command's sizes: those given, the generator's defaults for the rest.
    sizes = BenchSizes(projects=4, experts=3)
    result = runner.invoke(
        args=[
            "bench-data",
            *("--projects", str(sizes.projects)),
            *("--experts", str(sizes.experts)),
            *("--seed", "2"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "bench-facilitator@bench.sessiontrack.example" in result.output
    session_id = db.session.scalar(sa.select(StrategicSession.id).filter_by(slug="bench"))
    projects = sizes.projects
    assert _count(db, Organisation, session_id) == sizes.organisations
    assert _count(db, Participant, session_id) == sizes.participants
    # One working group per direction.
    assert _count(db, Direction, session_id) == sizes.directions
    assert _count(db, WorkingGroup, session_id) == sizes.directions
    assert _count(db, Project, session_id) == projects
    assert _count(db, Criterion, session_id) == len(CRITERIA)
    assert _count(db, Indicator, session_id, Indicator.project_id) == projects * sizes.indicators
    assert (
        _count(db, ResourceNeed, session_id, ResourceNeed.project_id) == projects * sizes.resources
    )
    assert _count(db, Stage, session_id, Stage.project_id) == projects * sizes.stages
    assert (
        _count(db, ProjectPartner, session_id, ProjectPartner.project_id)
        == projects * sizes.partners
    )
    assert (
        _count(db, ProjectRevision, session_id, ProjectRevision.project_id)
        == projects * sizes.revisions
    )
    # Every expert scores every project.
    assert _count(db, Scorecard, session_id, Scorecard.project_id) == projects * sizes.experts
    scores = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Score)
        .join(Scorecard)
        .join(Project)
        .where(Project.session_id == session_id)
    )
    assert scores == projects * sizes.experts * len(CRITERIA)
    roles = db.session.execute(
        sa.select(Participant.role, sa.func.count())
        .where(Participant.session_id == session_id, Participant.user_id.is_not(None))
        .group_by(Participant.role)
    ).all()
    # Each group has a moderator and members_per_group - 1 members.
    assert dict(roles) == {
        ParticipantRole.FACILITATOR: 1,
        ParticipantRole.MODERATOR: sizes.directions,
        ParticipantRole.MEMBER: sizes.directions * (sizes.members_per_group - 1),
        ParticipantRole.EXPERT: sizes.experts,
    }
    # A second run with the same slug is refused, not doubled.
    again = runner.invoke(args=["bench-data", "--projects", "4", "--experts", "3"])
    assert again.exit_code != 0 and "already exists" in again.output


def _content(db, slug: str) -> dict:
    """Everything generated for a session, keyed by what does not depend on ids or the slug."""
    session_id = db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug))
    organisations = dict(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name).filter_by(session_id=session_id)
        ).all()
    )
    people = db.session.execute(
        sa.select(
            Participant.full_name,
            Participant.role,
            Participant.position,
            Participant.phone,
            Participant.organisation_id,
        )
        .filter_by(session_id=session_id)
        .order_by(Participant.id)
    ).all()
    projects = db.session.scalars(
        sa.select(Project).filter_by(session_id=session_id).order_by(Project.id)
    ).all()
    scores = db.session.execute(
        sa.select(Project.short_title, Participant.full_name, Criterion.position, Score.value)
        .join(Scorecard, Score.scorecard_id == Scorecard.id)
        .join(Project, Scorecard.project_id == Project.id)
        .join(Participant, Scorecard.expert_id == Participant.id)
        .join(Criterion, Score.criterion_id == Criterion.id)
        .where(Project.session_id == session_id)
        .order_by(Project.id, Participant.id, Criterion.position)
    ).all()
    return {
        "organisations": sorted(organisations.values()),
        "people": [(*row[:4], organisations.get(row[4])) for row in people],
        "projects": [
            (
                p.title,
                p.state,
                p.problem,
                p.start_year,
                p.end_year,
                organisations[p.lead_organisation_id],
                [(r.kind, r.amount, r.year, r.status) for r in p.resources],
                [(s.title, s.starts_on, s.ends_on) for s in p.stages],
                [(i.name, i.baseline, i.target) for i in p.indicators],
                sorted(organisations[partner.organisation_id] for partner in p.partners),
                [revision.snapshot["resources"] for revision in p.revisions],
            )
            for p in projects
        ],
        "scores": [tuple(row) for row in scores],
    }


def test_the_same_seed_gives_the_same_content_and_another_seed_does_not(app, db):
    generate(SMALL, seed=7, slug="first")
    generate(SMALL, seed=7, slug="second")
    generate(SMALL, seed=8, slug="third")
    db.session.commit()
    first, second, third = (_content(db, slug) for slug in ("first", "second", "third"))
    assert first == second
    assert first["scores"] != third["scores"] and first["projects"] != third["projects"]


def test_experts_score_every_project_and_the_accounts_log_in(app, db, client, auth):
    result = generate(SMALL, seed=1, slug="small")
    db.session.commit()
    session_id = result.session_id
    experts = db.session.scalars(
        sa.select(Participant).filter_by(session_id=session_id, role=ParticipantRole.EXPERT)
    ).all()
    assert len(experts) == SMALL.experts and all(expert.user_id for expert in experts)
    projects = db.session.scalars(sa.select(Project).filter_by(session_id=session_id)).all()
    assert all(project.state in REVIEWABLE for project in projects)
    # No expert's organisation leads or partners a project: no conflict of interest.
    expert_organisations = {expert.organisation_id for expert in experts}
    for project in projects:
        assert project.lead_organisation_id not in expert_organisations
        assert not {p.organisation_id for p in project.partners} & expert_organisations
    states = db.session.scalars(
        sa.select(Scorecard.state).join(Project).where(Project.session_id == session_id)
    ).all()
    assert states == [ScorecardState.SUBMITTED] * (SMALL.projects * SMALL.experts)

    user = db.session.scalar(sa.select(User).filter_by(email=result.facilitator_email))
    assert user.check_password(BENCH_PASSWORD)
    auth.login(result.facilitator_email, BENCH_PASSWORD)
    page = client.get(f"/s/{result.slug}/")
    assert page.status_code == 200
    assert "Сгенерированная сессия" in page.get_data(as_text=True)
    # The revisions are the passport's own snapshots: the comparison reads them.
    comparison = client.get(f"/s/{result.slug}/projects/{projects[0].id}/compare?a=1&b=3")
    assert comparison.status_code == 200
    assert "(редакция 1)" in comparison.get_data(as_text=True)


def test_impossible_sizes_are_refused(app, db):
    with pytest.raises(BenchDataError, match="participants"):
        generate(BenchSizes(projects=2, experts=50, participants=40), slug="tiny")
    assert db.session.scalar(sa.select(StrategicSession.id).filter_by(slug="tiny")) is None


def test_drafts_for_editing_are_not_reviewed(app, db):
    sizes = BenchSizes(projects=5, experts=3, organisations=20, participants=40, drafts_per_group=2)
    result = generate(sizes, seed=1, slug="drafts")
    db.session.commit()
    drafts_made = sizes.drafts_per_group * sizes.directions  # a group per direction
    assert result.counts["projects"] == sizes.projects + drafts_made
    assert result.counts["scorecards"] == sizes.projects * sizes.experts
    drafts = db.session.scalars(
        sa.select(Project).filter_by(session_id=result.session_id, state=ProjectState.DRAFT)
    ).all()
    assert len(drafts) == drafts_made
    assert all(not project.revisions and project.submitted_at is None for project in drafts)
    assert len({project.working_group_id for project in drafts}) == sizes.directions
