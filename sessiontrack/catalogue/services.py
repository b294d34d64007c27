"""What the public catalogue shows and when: the facilitator publishes it, and it shows the
projects recommended for the forum once the review results (and so the forum decisions) are
published — never while the decisions are hidden (``projects.permissions``)."""

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..audit import services as audit
from ..core.errors import Conflict
from ..core.forms import clean_text
from ..core.loading import get_in_session_or_404
from ..core.models import utcnow
from ..core.search import contains_text
from ..extensions import db
from ..projects.models import Project, ProjectState
from ..projects.permissions import forum_decisions_public
from ..projects.summaries import money_by_project
from ..sessions.access import get_session_or_404
from ..sessions.models import Direction, StrategicSession

# The longest search text the catalogue accepts; longer ones are cut.
QUERY_MAX_LENGTH = 100


def is_public(strategic_session: StrategicSession) -> bool:
    """Whether anyone may read the session's catalogue: published by the facilitator, and the
    forum decisions public with the review results."""
    return strategic_session.catalogue_published_at is not None and forum_decisions_public(
        strategic_session
    )


def publish(strategic_session: StrategicSession) -> None:
    """Open the catalogue to anyone.

    :raise Conflict: while the review results, and so the forum decisions, are not published.
    """
    if not forum_decisions_public(strategic_session):
        raise Conflict(
            _("Publish the review results first: the catalogue shows the forum decisions.")
        )
    _set_published_at(strategic_session, utcnow())


def unpublish(strategic_session: StrategicSession) -> None:
    """Close the catalogue: its pages answer 404 again."""
    _set_published_at(strategic_session, None)


def _set_published_at(strategic_session: StrategicSession, moment) -> None:
    """Set when the catalogue was published (``None``: it is not), in the audit log."""
    audit.update_recorded(
        strategic_session,
        {"catalogue_published_at": moment},
        strategic_session=strategic_session,
        summary=strategic_session.title,
    )


def public_session_or_404(slug: str) -> StrategicSession:
    """The session whose catalogue is public.

    :raise 404: if there is none, or its catalogue is not public.
    """
    strategic_session = get_session_or_404(slug)
    if not is_public(strategic_session):
        abort(404)
    return strategic_session


def search_text(raw: str | None) -> str:
    """The search text of a request without control characters (PostgreSQL refuses NUL),
    trimmed and cut to :data:`QUERY_MAX_LENGTH`."""
    return (clean_text(raw) or "").strip()[:QUERY_MAX_LENGTH]


def recommended_projects(strategic_session: StrategicSession, q: str = "") -> list[Project]:
    """The session's projects recommended for the forum, by direction then title; with ``q``,
    those whose title, short title, goal or problem contains it."""
    query = (
        sa.select(Project)
        .join(Direction, Project.direction_id == Direction.id)
        .where(
            Project.session_id == strategic_session.id,
            Project.state == ProjectState.RECOMMENDED,
        )
        .options(selectinload(Project.direction))
        .order_by(Direction.position, Direction.title, Project.title, Project.id)
    )
    if q:
        query = query.where(
            sa.or_(
                contains_text(Project.title, q),
                contains_text(Project.short_title, q),
                contains_text(Project.goal, q),
                contains_text(Project.problem, q),
            )
        )
    return list(db.session.scalars(query))


def by_direction(projects: list[Project]) -> list[tuple]:
    """``[(direction, [project, ...]), ...]`` in the projects' order."""
    groups: dict = {}
    for project in projects:
        groups.setdefault(project.direction, []).append(project)
    return list(groups.items())


def public_project_or_404(strategic_session: StrategicSession, project_id: int) -> Project:
    """A project of the public catalogue.

    :raise 404: if it is not the session's, or not recommended for the forum.
    """
    project = get_in_session_or_404(
        Project,
        project_id,
        strategic_session,
        selectinload(Project.direction),
        selectinload(Project.lead_organisation),
        selectinload(Project.indicators),
        selectinload(Project.resources),
        selectinload(Project.stages),
    )
    if project.state != ProjectState.RECOMMENDED:
        abort(404)
    return project


def money_of(projects: list[Project]) -> dict:
    """The public money figures (need, secured, gap) per project id, one definition:
    :class:`~sessiontrack.projects.summaries.Money`."""
    return money_by_project([project.id for project in projects])
