"""Which sessions a reader compares, and the duplicate pairs among their projects."""

from threading import Lock
from typing import NamedTuple

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app
from sqlalchemy.orm import selectinload

from ..core import revision
from ..extensions import db
from ..portfolio.readers import has_portfolio, portfolio_sessions
from ..projects import permissions
from ..projects.models import Project, ProjectState
from ..sessions.models import StrategicSession
from .matching import MAX_PROJECTS, DuplicatePair, MatchingPassages, ProjectText, find_duplicates

# Pair lists kept per application (one per worker process), each with the data revision it
# was computed from: paging through the pairs does not compute them again.
CACHE_SIZE = 8
_CACHE_KEY = "sessiontrack.duplicate_pairs"
# The group's drafts are theirs until submitted; a withdrawn project is no longer proposed.
NOT_COMPARED = (ProjectState.DRAFT, ProjectState.WITHDRAWN)


def readable_sessions(user) -> list[StrategicSession] | None:
    """The sessions whose projects ``user`` may compare: those they read as portfolio (every
    session for an administrator, the granted ones for a portfolio reader); ``None`` for
    anyone else, who may not open the comparison.

    The one place that says who reads the duplicate pairs (``portfolio/readers.py``).
    """
    if not has_portfolio(user):
        return None
    return portfolio_sessions(user)


def compared_states(user) -> tuple[ProjectState, ...]:
    """The states of the projects ``user`` compares: an administrator every project but the
    drafts and the withdrawn ones; a portfolio reader those their portfolio shows (accepted for
    review and later), which they may open."""
    if user.is_admin:
        return tuple(s for s in ProjectState if s not in NOT_COMPARED)
    return tuple(permissions.REVIEWABLE)


def project_texts(strategic_sessions: list[StrategicSession], states) -> list[ProjectText]:
    """What the comparison reads of the sessions' projects in ``states`` (see
    :func:`compared_states`), the most recently changed first, at most
    :data:`~.matching.MAX_PROJECTS`."""
    if not strategic_sessions:
        return []
    rows = db.session.execute(
        sa.select(
            Project.id, Project.session_id, Project.title, Project.goal, Project.expected_results
        )
        .where(
            Project.session_id.in_([s.id for s in strategic_sessions]),
            Project.state.in_(states),
        )
        .order_by(Project.updated_at.desc(), Project.id.desc())
        .limit(MAX_PROJECTS)
    )
    return [ProjectText(*row) for row in rows]


class ShownPair(NamedTuple):
    """A duplicate pair with its two projects (and their sessions) loaded for the page."""

    first: Project
    second: Project
    score: float
    passages: tuple[MatchingPassages, ...]


def duplicate_pairs(strategic_sessions: list[StrategicSession], threshold: float, states) -> list:
    """The pairs of :func:`~.matching.find_duplicates` among the sessions' projects in
    ``states`` (only pairs within these sessions, see :func:`readable_sessions`), kept
    until the data changes (the data revision read before computing them, as the review
    results are kept: ``review.aggregation.cache``)."""
    token = revision.current_token()
    if token is None:
        return find_duplicates(project_texts(strategic_sessions, states), threshold)
    if _CACHE_KEY not in current_app.extensions:
        current_app.extensions.setdefault(_CACHE_KEY, (LRUCache(CACHE_SIZE), Lock()))
    cache, lock = current_app.extensions[_CACHE_KEY]
    key = (tuple(s.id for s in strategic_sessions), threshold, tuple(states))
    with lock:
        kept_token, kept = cache.get(key, (None, None))
    if kept_token != token:
        kept = find_duplicates(project_texts(strategic_sessions, states), threshold)
        with lock:
            cache[key] = (token, kept)
    return kept


def shown_pairs(pairs: list[DuplicatePair]) -> list[ShownPair]:
    """``pairs`` with their projects, their sessions and working groups loaded (one query
    each)."""
    ids = {pair.first for pair in pairs} | {pair.second for pair in pairs}
    projects = {
        project.id: project
        for project in db.session.scalars(
            sa.select(Project)
            .where(Project.id.in_(ids))
            .options(selectinload(Project.strategic_session), selectinload(Project.working_group))
        )
    }
    return [
        ShownPair(projects[pair.first], projects[pair.second], pair.score, pair.passages)
        for pair in pairs
    ]
