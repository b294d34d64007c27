"""The ranking of many sessions at once, for pages across sessions (the portfolio): each
session ranked by its own method, as :func:`.loading.compute_results` ranks it, in two queries
whatever the number of sessions.

The scorecards' totals are those kept when their scores were written (the one definition,
:mod:`..services.totals`), and the projects' figures and ranks come from
:func:`.formulas.rank_projects`, the pure core of ``compute_results``. Only the
submitted scorecards of every expert count, conflicted pairs left out, as on the results page.

:func:`rankings_for` keeps each session's ranking under the data revision it was computed at
(as :func:`.cache.results_for` keeps the results) and ranks again, in one go, only the sessions
it does not hold for the current revision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from threading import Lock

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app

from ...core import revision
from ...extensions import db
from ...projects.models import Project
from ...sessions.models import StrategicSession
from ..models import Conflict, Scorecard, ScorecardState
from .cache import session_method
from .formulas import rank_projects
from .loading import PROJECT_DIRECTION, PROJECT_INFO
from .results import RANKED_STATES, CardTotal, ProjectInfo, ProjectResult, Thresholds

# Rankings kept per application: one per session (a portfolio spans dozens of them).
RANKINGS_KEPT = 512
_CACHE_KEY = "sessiontrack.rankings"


def rankings_for(sessions: Iterable[StrategicSession]) -> dict[int, list[ProjectResult]]:
    """:func:`rank_sessions`, each session's ranking kept until the data changes: one query
    (the revision) when every one is kept, the two of the ranking for those that are not."""
    sessions = list(sessions)
    token = revision.current_token()
    if token is None:
        return rank_sessions(sessions)
    if _CACHE_KEY not in current_app.extensions:
        current_app.extensions.setdefault(_CACHE_KEY, (LRUCache(RANKINGS_KEPT), Lock()))
    cache, lock = current_app.extensions[_CACHE_KEY]
    keys = {s.id: (s.id, session_method(s), Thresholds.of(s)) for s in sessions}
    rankings, missing = {}, []
    with lock:
        for strategic_session in sessions:
            kept_token, kept = cache.get(keys[strategic_session.id], (None, None))
            if kept_token == token:
                rankings[strategic_session.id] = kept
            else:
                missing.append(strategic_session)
    if missing:
        computed = rank_sessions(missing)
        with lock:
            for session_id, ranking in computed.items():
                cache[keys[session_id]] = (token, ranking)
        rankings.update(computed)
    return rankings


def rank_sessions(sessions: Iterable[StrategicSession]) -> dict[int, list[ProjectResult]]:
    """Session id → its projects' results in ranking order, by the session's own method
    (:func:`.cache.session_method`). Two queries: the ranked projects, the scorecard totals."""
    sessions = {s.id: s for s in sessions}
    if not sessions:
        return {}
    projects: dict[int, list[ProjectInfo]] = defaultdict(list)
    for session_id, *info in db.session.execute(
        sa.select(Project.session_id, *PROJECT_INFO)
        .join(*PROJECT_DIRECTION)
        .where(Project.session_id.in_(sessions), Project.state.in_(RANKED_STATES))
    ):
        projects[session_id].append(ProjectInfo(*info))
    cards: dict[int, list[CardTotal]] = defaultdict(list)
    for session_id, project_id, expert_id, total in _totals(sessions):
        cards[session_id].append(CardTotal(project_id, expert_id, total))
    return {
        sid: rank_projects(
            projects[sid],
            cards[sid],
            method=session_method(session),
            thresholds=Thresholds.of(session),
        )
        for sid, session in sessions.items()
    }


def _totals(session_ids) -> list[tuple]:
    """(session id, project id, expert id, 0–100 total) of each counted scorecard: the total
    kept when its scores were written (:mod:`..services.totals`, the one definition), read
    from the index that covers the ranking."""
    return db.session.execute(
        sa.select(Project.session_id, Scorecard.project_id, Scorecard.expert_id, Scorecard.total)
        .select_from(Scorecard)
        .join(Project, Project.id == Scorecard.project_id)
        .where(
            Project.session_id.in_(session_ids),
            Project.state.in_(RANKED_STATES),
            Scorecard.state == ScorecardState.SUBMITTED,
            Scorecard.total.is_not(None),
            ~sa.exists().where(
                Conflict.expert_id == Scorecard.expert_id,
                Conflict.project_id == Scorecard.project_id,
            ),
        )
    ).all()
