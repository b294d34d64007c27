"""The formulas (see the package's docstring), pure: a scorecard's total, normalisation per
expert, a project's figures and flags, the competition ranking, the experts' statistics."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .results import (
    DISAGREEMENT,
    EPSILON,
    METHODS,
    RAW,
    TIE_PRECISION,
    TOO_FEW,
    ZSCORE,
    CardTotal,
    CriterionMeans,
    ExpertInfo,
    ExpertStat,
    ProjectInfo,
    ProjectResult,
    Thresholds,
)


def scorecard_total(scores: Mapping[int, int], criteria: Iterable) -> float:
    """The 0–100 total of one scorecard.

    ``total = Σ wᵢ · (sᵢ − minᵢ) / (maxᵢ − minᵢ) / Σ wᵢ × 100`` over the counted criteria that
    have a score in ``scores`` (criterion id → value). ``criteria`` are objects with ``id``,
    ``weight``, ``counted``, ``scale_min`` and ``scale_max`` (criteria or :class:`CriterionInfo`).

    The sums are exactly rounded (``math.fsum``), so the total is the same whatever the order
    of ``criteria``: the pages, the exports and the consistency check may pass them in any.

    :raise ValueError: if no counted criterion has a score.
    """
    weighted, weights = [], []
    for criterion in criteria:
        if not criterion.counted or criterion.id not in scores:
            continue
        span = criterion.scale_max - criterion.scale_min
        weighted.append(criterion.weight * (scores[criterion.id] - criterion.scale_min) / span)
        weights.append(criterion.weight)
    total_weight = math.fsum(weights)
    if total_weight == 0:
        raise ValueError("no counted criterion has a score")
    return math.fsum(weighted) / total_weight * 100


def population_stdev(values: Sequence[float], mean: float | None = None) -> float:
    """``√(Σ (x − m)² / n)``; 0 for a single value."""
    if mean is None:
        mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum([(x - mean) ** 2 for x in values]) / len(values))


def panel_figures(cards: Iterable[CardTotal]) -> tuple[float | None, float | None]:
    """The panel's mean and population standard deviation of every total in ``cards``
    (``None``, ``None`` without any)."""
    totals = [card[2] for card in cards]
    if not totals:
        return None, None
    mean = math.fsum(totals) / len(totals)
    return mean, population_stdev(totals, mean)


def normalise(cards: Sequence[CardTotal]) -> list[CardTotal]:
    """Per-expert z-scores mapped back to the panel: ``t' = M + SD · (t − mₑ) / sdₑ``.

    ``mₑ``/``sdₑ``: the expert's mean and population deviation; ``M``/``SD``: those of every
    total in ``cards``. ``z = 0`` when ``sdₑ < EPSILON``. The cards keep their order.
    """
    return list(map(CardTotal._make, _normalised(cards)))


def _normalised(
    cards: Sequence[CardTotal], panel: tuple[float | None, float | None] | None = None
) -> Iterator[tuple[int, int, float]]:
    """:func:`normalise` as plain ``(project id, expert id, t')`` tuples, in the cards' order;
    ``panel``: :func:`panel_figures` of these ``cards``, when the caller has them."""
    if not cards:
        return
    by_expert: dict[int, list[float]] = defaultdict(list)
    for _project_id, expert_id, total in cards:
        by_expert[expert_id].append(total)
    expert_stats = {}
    for expert_id, totals in by_expert.items():
        mean = math.fsum(totals) / len(totals)
        expert_stats[expert_id] = (mean, population_stdev(totals, mean))
    panel_mean, panel_sd = panel if panel is not None else panel_figures(cards)
    for project_id, expert_id, total in cards:
        mean, sd = expert_stats[expert_id]
        z = (total - mean) / sd if sd >= EPSILON else 0.0
        yield project_id, expert_id, panel_mean + z * panel_sd


def competition_ranks(means: Mapping[int, float | None]) -> dict[int, int | None]:
    """Rank ids by mean, highest first; ties (to :data:`TIE_PRECISION`) share a rank (1, 2, 2, 4).

    Ids whose mean is ``None`` get no rank.
    """
    keyed = sorted(
        ((round(mean, TIE_PRECISION), key) for key, mean in means.items() if mean is not None),
        reverse=True,
    )
    ranks: dict[int, int | None] = dict.fromkeys(means)
    previous = None
    rank = 0
    for position, (value, key) in enumerate(keyed, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def rank_projects(
    projects: Iterable[ProjectInfo],
    cards: Iterable[CardTotal],
    *,
    method: str = RAW,
    thresholds: Thresholds | None = None,
    criterion_means: Mapping[int, Mapping[int, float]] | CriterionMeans | None = None,
    counted_ids: frozenset[int] | set[int] = frozenset(),
    panel: tuple[float | None, float | None] | None = None,
) -> list[ProjectResult]:
    """Every figure of every project, ranked (the pure core of :func:`compute_results`).

    ``cards`` whose project is not among ``projects`` are ignored. ``criterion_means`` maps a
    project id to {criterion id: mean raw score} (or is a :class:`CriterionMeans`, which
    knows which criteria count); ``counted_ids`` says which criteria count; ``panel`` is
    :func:`panel_figures` of ``cards`` when the caller has worked it out already.
    The result is in ranking order: rank, then title, then id; unranked projects last.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    thresholds = thresholds or Thresholds()
    if not isinstance(criterion_means, CriterionMeans):
        criterion_means = CriterionMeans(criterion_means, counted_ids)
    projects = list(projects)
    cards = cards if isinstance(cards, list) else list(cards)
    raw_totals: dict[int, list[float]] = {p.id: [] for p in projects}
    kept = [card for card in cards if card[0] in raw_totals]
    for project_id, _expert_id, total in kept:
        raw_totals[project_id].append(total)
    if method == ZSCORE:
        if len(kept) < len(cards):
            panel = None  # the panel of the cards counted here
        totals_by_project: dict[int, list[float]] = {p.id: [] for p in projects}
        for project_id, _expert_id, total in _normalised(kept, panel):
            totals_by_project[project_id].append(total)
    else:
        totals_by_project = raw_totals

    figures = {p.id: _figures(sorted(totals_by_project[p.id]), thresholds) for p in projects}
    overall = competition_ranks({pid: f["mean"] for pid, f in figures.items()})
    by_direction: dict[int, dict[int, float | None]] = defaultdict(dict)
    for p in projects:
        by_direction[p.direction_id][p.id] = figures[p.id]["mean"]
    direction_ranks: dict[int, int | None] = {}
    for means in by_direction.values():
        direction_ranks.update(competition_ranks(means))

    results = []
    for p in projects:
        raw = raw_totals[p.id]
        results.append(
            ProjectResult(
                project_id=p.id,
                title=p.title,
                short_title=p.short_title,
                direction_id=p.direction_id,
                direction_title=p.direction_title,
                direction_position=p.direction_position,
                state=p.state,
                raw_mean=math.fsum(raw) / len(raw) if raw else None,
                rank=overall[p.id],
                direction_rank=direction_ranks[p.id],
                means=criterion_means,
                **figures[p.id],
            )
        )
    results.sort(key=_ranking_key)
    return results


def _ranking_key(result: ProjectResult) -> tuple:
    return (
        result.rank is None,
        result.rank or 0,
        result.title.casefold(),
        result.project_id,
    )


def _figures(totals: list[float], thresholds: Thresholds) -> dict:
    """n, mean, median, population stdev, minimum, maximum, flags of sorted ``totals``."""
    n = len(totals)
    flags = set()
    if n < thresholds.min_scorecards:
        flags.add(TOO_FEW)
    if n == 0:
        return {
            "n": 0,
            "mean": None,
            "median": None,
            "stdev": None,
            "minimum": None,
            "maximum": None,
            "totals": (),
            "flags": frozenset(flags),
        }
    mean = math.fsum(totals) / n
    stdev = population_stdev(totals, mean)
    if (
        stdev > thresholds.disagreement_stdev
        or totals[-1] - totals[0] > thresholds.disagreement_range
    ):
        flags.add(DISAGREEMENT)
    middle = n // 2
    return {
        "n": n,
        "mean": mean,
        # The middle value, or the mean of the two middle values (as statistics.median).
        "median": totals[middle] if n % 2 else (totals[middle - 1] + totals[middle]) / 2,
        "stdev": stdev,
        "minimum": totals[0],
        "maximum": totals[-1],
        "totals": tuple(totals),
        "flags": frozenset(flags),
    }


def expert_stats(
    experts: Iterable[ExpertInfo], cards: Sequence[CardTotal], *, panel_mean: float | None = None
) -> list[ExpertStat]:
    """Each expert's number of scorecards and mean raw total, against the panel's mean
    (``panel_mean``: :func:`panel_figures`' mean of these ``cards``, when the caller has it)."""
    if panel_mean is None:
        panel_mean = panel_figures(cards)[0]
    by_expert: dict[int, list[float]] = defaultdict(list)
    for _project_id, expert_id, total in cards:
        by_expert[expert_id].append(total)
    stats = []
    for expert in experts:
        totals = by_expert.get(expert.id, [])
        stats.append(
            ExpertStat(
                participant_id=expert.id,
                name=expert.name,
                kind=expert.kind,
                n_scored=len(totals),
                mean_total=math.fsum(totals) / len(totals) if totals else None,
                panel_mean=panel_mean,
            )
        )
    return stats
