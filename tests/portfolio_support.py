"""Sessions for the portfolio's tests: reviewed projects with money and submitted scores."""

from decimal import Decimal

from sessiontrack.extensions import db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.portfolio.models import PortfolioReader
from sessiontrack.projects.models import ProjectState, ResourceKind, ResourceNeed, ResourceStatus
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories


def reviewed_session(title: str, means=(80, 60, 40), *, published: bool = True, **fields):
    """A session whose projects (one per mean, accepted for review, 12.5 mln requested each)
    were scored by two experts on one criterion of 0–100, so each project's mean is the given
    one; plus a draft that no portfolio shows. Returns (session, projects)."""
    strategic_session = factories.make_session(
        title=title,
        state=SessionState.FORUM if published else SessionState.REVIEW,
        review_state=ReviewState.PUBLISHED if published else ReviewState.OPEN,
        **fields,
    )
    group = factories.make_group(factories.make_direction(strategic_session, title="Economy"))
    criterion = factories.make_criterion(strategic_session, scale_min=0, scale_max=100)
    experts = [factories.make_expert(strategic_session)[1] for _ in range(2)]
    projects = []
    for index, mean in enumerate(means):
        project = factories.make_project(
            strategic_session,
            group,
            complete=True,
            title=f"{title} project {index + 1}",
            state=ProjectState.ACCEPTED,
        )
        for expert in experts:
            factories.make_scorecard(project, expert, {criterion: mean}, submitted=True)
        projects.append(project)
    factories.make_project(strategic_session, group, title=f"{title} draft")
    return strategic_session, projects


def secured(project, amount: str, year: int = 2021) -> None:
    """Add ``amount`` million roubles secured to ``project``."""
    db.session.add(
        ResourceNeed(
            project_id=project.id,
            kind=ResourceKind.FINANCIAL,
            amount=Decimal(amount),
            unit="млн руб.",
            year=year,
            funding_source_id=factories.funding_source().id,
            status=ResourceStatus.SECURED,
        )
    )
    db.session.flush()


def portfolio_reader(*sessions, all_sessions: bool = False, **user_fields):
    """An account granted the portfolio of ``sessions`` (or of every session)."""
    user = factories.make_user(**user_fields)
    reader = PortfolioReader(user_id=user.id, all_sessions=all_sessions)
    reader.sessions = list(sessions)
    db.session.add(reader)
    db.session.flush()
    return user


def observer_of(strategic_session):
    """An observer of the session (who does not read the portfolio)."""
    return factories.make_member(strategic_session, ParticipantRole.OBSERVER)
