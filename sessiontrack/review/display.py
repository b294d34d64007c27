"""The results as the results page prints them: every project's figures formatted once.

Two hundred rows of a dozen figures each cost the template more to format than the database to
compute. Here they are formatted once per computed result and language (and kept with it,
:meth:`~.aggregation.SessionResults.lines`); the template only places them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..core.numbers import DASH as NONE
from ..core.numbers import score
from ..projects.models import ProjectState
from . import charts

FLAG_BADGES = {"disagreement": "text-bg-danger", "too_few": "text-bg-warning"}
STATE_BADGES = {
    ProjectState.RECOMMENDED: "text-bg-success",
    ProjectState.NOT_RECOMMENDED: "text-bg-secondary",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One project's row of the results table, its figures as text."""

    project_id: int
    title: str
    direction_title: str
    state: ProjectState
    n: int
    rank: str
    direction_rank: str
    mean: str
    raw_mean: str | None
    median: str
    stdev: str
    minimum: str
    maximum: str
    strip: Markup
    flags: tuple[tuple[str, str], ...]  # (flag, badge class)
    criteria: tuple[str, ...]  # in the order of the results' criteria
    badge: str

    @property
    def recommended(self) -> bool:
        """Whether the forum recommended the project."""
        return self.state == ProjectState.RECOMMENDED

    @property
    def not_recommended(self) -> bool:
        """Whether the forum did not recommend the project."""
        return self.state == ProjectState.NOT_RECOMMENDED


def lines(results) -> list[Line]:
    """A :class:`Line` per project of ``results``, in ranking order."""
    criteria = [(c.id, c.counted) for c in results.criteria]
    out = []
    for p in results.projects:
        counted, reported = p.criterion_means, p.reported_means
        out.append(
            Line(
                project_id=p.project_id,
                title=p.display_title,
                direction_title=p.direction_title,
                state=p.state,
                n=p.n,
                rank=str(p.rank or NONE),
                direction_rank=str(p.direction_rank or NONE),
                mean=score(p.mean),
                raw_mean=None if p.raw_mean is None else score(p.raw_mean),
                median=score(p.median),
                stdev=score(p.stdev),
                minimum=score(p.minimum),
                maximum=score(p.maximum),
                strip=charts.distribution_strip(p),
                flags=tuple(
                    (flag, FLAG_BADGES.get(flag, "text-bg-warning")) for flag in sorted(p.flags)
                ),
                criteria=tuple(
                    score((counted if is_counted else reported).get(cid))
                    for cid, is_counted in criteria
                ),
                badge=STATE_BADGES.get(p.state, "text-bg-light"),
            )
        )
    return out
