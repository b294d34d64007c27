"""The results kept per data revision: :func:`results_for` serves a computed result until
anything is written (:mod:`...core.revision`), and the method a session ranks by."""

from __future__ import annotations

from threading import Lock

from cachetools import LRUCache
from flask import current_app

from ...core import revision
from ...people.models import ExpertKind
from ...sessions.models import StrategicSession
from .loading import compute_results
from .results import RAW, ZSCORE, SessionResults, Thresholds

# Results kept per application (one per worker process): the latest for each session, method
# and kind of expert — a result of an older revision can never be served again.
CACHE_SIZE = 32
_CACHE_KEY = "sessiontrack.results"


def session_method(strategic_session: StrategicSession) -> str:
    """The method the session ranks by: normalised per expert when the facilitator chose it."""
    return ZSCORE if strategic_session.normalise_scores else RAW


def results_for(
    strategic_session: StrategicSession,
    *,
    method: str = RAW,
    expert_kind: ExpertKind | None = None,
) -> SessionResults:
    """:func:`compute_results` of the submitted scorecards, kept until the data changes.

    A result is kept with the data revision read *before* it was computed (see
    :mod:`...core.revision`) and served only while that revision is current, so never for data
    it was not computed from. One query when kept; the computation's own when not.
    """
    token = revision.current_token()
    if token is None:
        return compute_results(strategic_session, method=method, expert_kind=expert_kind)
    if _CACHE_KEY not in current_app.extensions:
        current_app.extensions.setdefault(_CACHE_KEY, (LRUCache(CACHE_SIZE), Lock()))
    cache, lock = current_app.extensions[_CACHE_KEY]
    # The flags' thresholds come from the session row this request loaded, which may be older
    # than the token: they are part of the key, so a result is served only with its own.
    key = (strategic_session.id, method, expert_kind, Thresholds.of(strategic_session))
    with lock:
        kept_token, kept = cache.get(key, (None, None))
    if kept_token != token:
        kept = compute_results(strategic_session, method=method, expert_kind=expert_kind)
        with lock:
            cache[key] = (token, kept)
    return kept
