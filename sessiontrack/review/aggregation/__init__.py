"""Results of the expert review: scorecard totals, project figures, normalisation, ranking.

This is the one package that computes results; pages and exports call :func:`compute_results`.

Formulas
--------
Scorecard total (0–100 whatever the scales), over the *counted* criteria that have a score::

    total = Σ wᵢ · (sᵢ − minᵢ) / (maxᵢ − minᵢ)  /  Σ wᵢ  × 100

A submitted scorecard scores every counted criterion, so the sums run over all of them; a draft
(only with ``include_drafts``) counts the criteria it has scored so far, its weights renormalised.
"Reported, not counted" criteria (weight 0) never enter the total; their raw means are reported
beside it.

Per project, over the totals ``t₁ … tₙ`` of its ``n`` scorecards (after normalisation, if any):

- mean ``m = Σ tⱼ / n``; median (the middle value, or the mean of the two middle values);
- standard deviation, the *population* one: ``sd = √(Σ (tⱼ − m)² / n)`` (0 for a single
  scorecard), because the panel is the whole population of the project's reviewers;
- minimum, maximum, range ``max − min``;
- per criterion, the mean of the raw scores ``Σ sᵢⱼ / nᵢ`` (always raw, on the criterion's scale).

Per-expert normalisation (``method="zscore"``) cancels lenient and harsh experts. For each
expert ``e`` with totals ``t`` (over every project they scored in the set): ``z = (t − mₑ) / sdₑ``
with ``mₑ``, ``sdₑ`` the mean and population deviation of that expert's totals (``z = 0`` when
``sdₑ = 0``, e.g. a single scorecard; below :data:`EPSILON` counts as 0: floating-point noise).
Each ``z`` is mapped back to the panel's scale: ``t' = M + z · SD`` where ``M`` and ``SD`` are
the mean and population deviation of all the totals in the set. Project figures are then
computed over ``t'``. Adding a constant to all of one expert's totals leaves every ``z`` — and
so the ranking — unchanged.

Flags: *disagreement* when ``sd > session.disagreement_stdev`` or ``max − min >
session.disagreement_range``; *too few* when ``n < session.review_min_scorecards``.

Ranking, overall and within each direction, by the mean (highest first), competition style:
a project's rank is 1 + the number of projects with a strictly higher mean, so ties share a rank
(1, 2, 2, 4). Means are compared rounded to :data:`TIE_PRECISION` decimals so that floating-point
noise never splits a tie. Tied projects are listed by title. Projects without a scorecard in the
set have no rank and come last.

Queries: a fixed number whatever the size of the panel (criteria; projects with their
directions; experts; a row per scorecard with the total and values kept when its scores were
written, :mod:`..services.totals`); one pass in Python over those rows gives the criterion
means. No query reads the scores themselves.

Pages and exports ask :func:`results_for`, which keeps each computed result under the data
revision it was computed at (:mod:`...core.revision`) and computes again once anything has been
written: the facilitator reloads the ranking all day, and between two scorecards nothing in it
can change.

Its modules: :mod:`.results` (the types), :mod:`.formulas` (pure), :mod:`.loading` (the
queries), :mod:`.cache` (:func:`results_for`).
"""

from .cache import CACHE_SIZE, results_for, session_method
from .formulas import (
    competition_ranks,
    expert_stats,
    normalise,
    population_stdev,
    rank_projects,
    scorecard_total,
)
from .loading import compute_results, load_criteria
from .results import (
    DISAGREEMENT,
    EPSILON,
    FLAG_TITLES,
    METHODS,
    RANKED_STATES,
    RAW,
    TIE_BREAK,
    TIE_PRECISION,
    TOO_FEW,
    ZSCORE,
    CardTotal,
    CriterionInfo,
    ExpertInfo,
    ExpertStat,
    ProjectInfo,
    ProjectResult,
    SessionResults,
    Thresholds,
)

__all__ = [
    "CACHE_SIZE",
    "DISAGREEMENT",
    "EPSILON",
    "FLAG_TITLES",
    "METHODS",
    "RANKED_STATES",
    "RAW",
    "TIE_BREAK",
    "TIE_PRECISION",
    "TOO_FEW",
    "ZSCORE",
    "CardTotal",
    "CriterionInfo",
    "ExpertInfo",
    "ExpertStat",
    "ProjectInfo",
    "ProjectResult",
    "SessionResults",
    "Thresholds",
    "competition_ranks",
    "compute_results",
    "expert_stats",
    "load_criteria",
    "normalise",
    "population_stdev",
    "rank_projects",
    "results_for",
    "scorecard_total",
    "session_method",
]
