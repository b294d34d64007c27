"""Small factories: each makes one valid row with sensible defaults, flushed, not committed."""

import itertools
from datetime import date
from decimal import Decimal

from sessiontrack.auth.models import User
from sessiontrack.extensions import db
from sessiontrack.people.models import (
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from sessiontrack.projects.models import (
    Indicator,
    Project,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
)
from sessiontrack.reference.models import FundingSource, NationalProject
from sessiontrack.review.models import Criterion, Score, Scorecard, ScorecardState
from sessiontrack.sessions.models import (
    Direction,
    StrategicSession,
    WorkingGroup,
)

PASSWORD = "correct-horse-42"
_sequence = itertools.count(1)


def _n() -> int:
    return next(_sequence)


def _save(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def make_user(email: str | None = None, *, password: str = PASSWORD, **fields) -> User:
    n = _n()
    user = User(
        email=email or f"user{n}@example.org", name=fields.pop("name", f"User {n}"), **fields
    )
    user.set_password(password)
    return _save(user)


def make_session(**fields) -> StrategicSession:
    n = _n()
    fields.setdefault("slug", f"session-{n}")
    fields.setdefault("title", f"Session {n}")
    fields.setdefault("starts_on", date(2018, 11, 1))
    fields.setdefault("ends_on", fields["starts_on"])
    return _save(StrategicSession(**fields))


def make_direction(strategic_session, **fields) -> Direction:
    n = _n()
    fields.setdefault("title", f"Direction {n}")
    fields.setdefault("position", n)
    return _save(Direction(session_id=strategic_session.id, **fields))


def make_group(direction, **fields) -> WorkingGroup:
    n = _n()
    fields.setdefault("title", f"Group {n}")
    fields.setdefault("position", n)
    return _save(WorkingGroup(session_id=direction.session_id, direction_id=direction.id, **fields))


def make_participation(user, strategic_session, role: ParticipantRole, group=None) -> Participant:
    """Give ``user`` ``role`` in the session (with ``group`` for moderators and members): their
    participant row there, made from the account or, if they have one, changed."""
    participant = db.session.scalar(
        db.select(Participant).filter_by(session_id=strategic_session.id, user_id=user.id)
    )
    if participant is None:
        participant = Participant(
            session_id=strategic_session.id, full_name=user.name, email=user.email, user_id=user.id
        )
    participant.role = role
    participant.expert_kind = ExpertKind.EXPERT if role == ParticipantRole.EXPERT else None
    participant.working_group_id = group.id if group else None
    _save(participant)
    db.session.refresh(user)
    return participant


def make_member(strategic_session, role: ParticipantRole, group=None, **user_fields) -> User:
    """A user holding ``role`` in the session (with ``group`` for moderators and members): an
    account and its participant row."""
    user = make_user(**user_fields)
    make_participation(user, strategic_session, role, group)
    return user


def make_organisation(strategic_session, **fields) -> Organisation:
    n = _n()
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("kind", OrganisationKind.ENTERPRISE)
    return _save(Organisation(session_id=strategic_session.id, **fields))


def make_participant(strategic_session, **fields) -> Participant:
    n = _n()
    fields.setdefault("full_name", f"Participant {n}")
    fields.setdefault("role", ParticipantRole.MEMBER)
    if fields["role"] == ParticipantRole.EXPERT:
        fields.setdefault("expert_kind", ExpertKind.EXPERT)
    return _save(Participant(session_id=strategic_session.id, **fields))


def make_expert(strategic_session, *, kind=ExpertKind.EXPERT, organisation=None, **user_fields):
    """An expert: a user and their participant row with the expert role."""
    user = make_user(**user_fields)
    participant = make_participation(user, strategic_session, ParticipantRole.EXPERT)
    participant.expert_kind = kind
    participant.organisation_id = organisation.id if organisation else None
    _save(participant)
    return user, participant


def national_project(code: str = "science") -> NationalProject:
    return db.session.execute(db.select(NationalProject).filter_by(code=code)).scalar_one()


def funding_source(code: str = "federal_budget") -> FundingSource:
    return db.session.execute(db.select(FundingSource).filter_by(code=code)).scalar_one()


def make_project(strategic_session, group, *, complete: bool = False, **fields) -> Project:
    n = _n()
    fields.setdefault("title", f"Project {n}")
    fields.setdefault("state", ProjectState.DRAFT)
    project = Project(
        session_id=strategic_session.id,
        direction_id=group.direction_id,
        working_group_id=group.id,
        **fields,
    )
    if complete:
        lead = make_organisation(strategic_session)
        project.short_title = project.short_title or f"P{n}"
        project.problem = project.problem or "Problem"
        project.goal = project.goal or "Goal"
        project.expected_results = project.expected_results or "Results"
        project.start_year = project.start_year or 2019
        project.end_year = project.end_year or 2021
        project.lead_organisation_id = lead.id
        project.responsible_person = project.responsible_person or "Ivanov I. I."
        project.risks = project.risks or "Risks"
        project.indicators.append(
            Indicator(name="Jobs", unit="pcs", baseline=Decimal(0), target=Decimal(100), year=2021)
        )
        project.resources.append(
            ResourceNeed(
                kind=ResourceKind.FINANCIAL,
                amount=Decimal("12.5"),
                unit="млн руб.",
                year=2020,
                funding_source_id=funding_source().id,
                status=ResourceStatus.REQUESTED,
            )
        )
        project.national_projects.append(national_project())
        project.stages.append(
            Stage(
                title="Design",
                starts_on=date(2019, 1, 1),
                ends_on=date(2019, 6, 30),
                deliverable="Design documents",
                responsible_organisation_id=lead.id,
            )
        )
    return _save(project)


def make_criterion(strategic_session, **fields) -> Criterion:
    n = _n()
    fields.setdefault("title", f"Criterion {n}")
    fields.setdefault("weight", 1.0)
    fields.setdefault("scale_min", 0)
    fields.setdefault("scale_max", 10)
    fields.setdefault("position", n)
    return _save(Criterion(session_id=strategic_session.id, **fields))


def make_scorecard(
    project,
    expert_participant,
    values: dict | None = None,
    submitted: bool = False,
    comment: str = "",
) -> Scorecard:
    """A scorecard with ``values`` mapping criterion → score."""
    scorecard = Scorecard(
        project_id=project.id,
        expert_id=expert_participant.id,
        comment=comment,
        state=ScorecardState.SUBMITTED if submitted else ScorecardState.DRAFT,
    )
    for criterion, value in (values or {}).items():
        scorecard.scores.append(
            Score(
                criterion_id=criterion.id,
                scale_min=criterion.scale_min,
                scale_max=criterion.scale_max,
                value=value,
            )
        )
    from sessiontrack.review.queries import session_criteria
    from sessiontrack.review.services.totals import refresh_scorecard

    refresh_scorecard(scorecard, session_criteria(project.strategic_session))
    return _save(scorecard)


def make_conflict(expert_participant, project, *, declared: bool = True, reason: str = "Reason"):
    from sessiontrack.review.models import Conflict, ConflictSource

    return _save(
        Conflict(
            expert_id=expert_participant.id,
            project_id=project.id,
            source=ConflictSource.DECLARED if declared else ConflictSource.DETECTED,
            reason=reason,
        )
    )


def make_interest(investor_participant, project, note: str = "Interested"):
    from sessiontrack.review.models import InvestorInterest

    return _save(
        InvestorInterest(expert_id=investor_participant.id, project_id=project.id, note=note)
    )


def make_priority(strategic_session, **fields):
    from sessiontrack.sessions.models import StrategyPriority

    n = _n()
    fields.setdefault("title", f"Priority {n}")
    fields.setdefault("position", n)
    return _save(StrategyPriority(session_id=strategic_session.id, **fields))


def make_agenda_item(strategic_session, **fields):
    from sessiontrack.agenda.models import AgendaItem

    n = _n()
    fields.setdefault("title", f"Agenda item {n}")
    fields.setdefault("position", n)
    return _save(AgendaItem(session_id=strategic_session.id, **fields))


def make_talk(agenda_item, speaker=None, **fields):
    from sessiontrack.agenda.models import Talk

    n = _n()
    fields.setdefault("title", f"Talk {n}")
    return _save(
        Talk(agenda_item_id=agenda_item.id, speaker_id=speaker.id if speaker else None, **fields)
    )


def make_decision(strategic_session, **fields):
    from sessiontrack.agenda.models import Decision

    n = _n()
    fields.setdefault("text", f"Decision {n}")
    fields.setdefault("position", n)
    return _save(Decision(session_id=strategic_session.id, **fields))


def make_export_job(strategic_session, user=None, **fields):
    """A finished export job (a small PDF) of ``user`` in the session."""
    from sessiontrack.exports.models import ExportJob, ExportJobState

    content = fields.pop("content", b"%PDF-1.4 test")
    fields.setdefault("format", "pdf")
    fields.setdefault("name", "book")
    fields.setdefault("state", ExportJobState.DONE)
    fields.setdefault("filename", "book.pdf")
    fields.setdefault("mimetype", "application/pdf")
    return _save(
        ExportJob(
            session_id=strategic_session.id,
            user_id=user.id if user else None,
            content=content,
            size=len(content),
            done=1,
            total=1,
            **fields,
        )
    )
