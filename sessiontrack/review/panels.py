"""The experts' and the investors' rankings side by side, each panel normalised on its own.

Each panel's ranking is the one aggregation's (:func:`.aggregation.results_for`) over that
panel's scorecards only (``expert_kind``), by z-scores: every member's totals normalised against
their own mean and deviation, mapped back onto that panel's scale, so a lenient investor and a
harsh expert cancel within their own panel and never against the other. The difference is the
investors' rank less the experts' rank: negative when investors place the project higher.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..people.models import ExpertKind
from ..sessions.models import StrategicSession
from . import aggregation

METHOD = aggregation.ZSCORE


@dataclass(frozen=True)
class PanelLine:
    """One project in both rankings: each panel's mean score, scorecards and rank."""

    project_id: int
    title: str
    direction_title: str
    expert_mean: float | None
    expert_n: int
    expert_rank: int | None
    investor_mean: float | None
    investor_n: int
    investor_rank: int | None

    @property
    def difference(self) -> int | None:
        """The investors' rank less the experts' (``None`` unless both panels ranked it)."""
        if self.expert_rank is None or self.investor_rank is None:
            return None
        return self.investor_rank - self.expert_rank


@dataclass(frozen=True)
class PanelComparison:
    """The two panels' rankings of the session's reviewed projects and the method used."""

    method_title: str
    tie_break: str
    lines: list[PanelLine]


def _order(line: PanelLine) -> tuple:
    return (
        line.expert_rank is None,
        line.expert_rank or 0,
        line.investor_rank is None,
        line.investor_rank or 0,
        line.title,
    )


def compare_panels(strategic_session: StrategicSession) -> PanelComparison:
    """Per project, the experts' and the investors' ranks, each panel normalised on its own,
    in the experts' order (then the investors')."""
    experts = aggregation.results_for(
        strategic_session, method=METHOD, expert_kind=ExpertKind.EXPERT
    )
    investors = aggregation.results_for(
        strategic_session, method=METHOD, expert_kind=ExpertKind.INVESTOR
    )
    lines = []
    for result in experts.projects:
        other = investors.project(result.project_id)
        if result.n == 0 and (other is None or other.n == 0):
            continue
        lines.append(
            PanelLine(
                project_id=result.project_id,
                title=result.display_title,
                direction_title=result.direction_title,
                expert_mean=result.mean,
                expert_n=result.n,
                expert_rank=result.rank,
                investor_mean=other.mean if other else None,
                investor_n=other.n if other else 0,
                investor_rank=other.rank if other else None,
            )
        )
    return PanelComparison(
        method_title=experts.method_title,
        tie_break=str(experts.tie_break),
        lines=sorted(lines, key=_order),
    )
