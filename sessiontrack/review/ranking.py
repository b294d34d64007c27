"""The ranking as the results page lists it: narrowed by the facilitator's filters, a page at a
time. Every project keeps its rank in the whole ranking; the filters only choose the rows.

The results are computed (and kept) for the whole session by :mod:`.aggregation`; choosing and
formatting the rows of one page is the cheap part, so a page of the ranking costs about the same
whatever the number of projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.pagination import ListPage
from ..projects.models import ProjectState
from .aggregation import ProjectResult, SessionResults

# Projects listed under each direction before "all of them" links to the filtered ranking.
DIRECTION_TOP = 5

DECISION_STATES = {
    "open": ProjectState.ACCEPTED,
    "recommended": ProjectState.RECOMMENDED,
    "not_recommended": ProjectState.NOT_RECOMMENDED,
}


@dataclass(frozen=True)
class RankingFilters:
    """What the facilitator narrowed the ranking to (all empty: every project)."""

    q: str = ""
    direction_id: int | None = None
    flag: str = ""
    decision: str = ""

    @property
    def active(self) -> bool:
        """Whether any filter narrows the ranking."""
        return bool(self.q or self.direction_id is not None or self.flag or self.decision)

    def keeps(self, result: ProjectResult) -> bool:
        """Whether the project ``result`` is one of the rows asked for."""
        if self.direction_id is not None and result.direction_id != self.direction_id:
            return False
        if self.flag == "none":
            if result.flags:
                return False
        elif self.flag and self.flag not in result.flags:
            return False
        if self.decision and result.state != DECISION_STATES.get(self.decision):
            return False
        if self.q:
            needle = self.q.casefold()
            return needle in result.title.casefold() or needle in result.short_title.casefold()
        return True


def ranking_page(
    results: SessionResults, filters: RankingFilters, page: int, per_page: int
) -> ListPage:
    """The page ``page`` (from 1, ``per_page`` rows) of the ranking's projects that ``filters``
    keep, in ranking order; a page past the end is empty."""
    rows = results.projects if not filters.active else list(filter(filters.keeps, results.projects))
    return ListPage(rows, page=page, per_page=per_page)


def direction_tops(results: SessionResults, top: int = DIRECTION_TOP) -> list[tuple]:
    """Each direction's first ``top`` projects by direction rank, and how many it has:
    ``(direction id, direction title, projects, count)`` in the session's order."""
    return [
        (direction_id, projects[0].direction_title, projects[:top], len(projects))
        for direction_id, projects in results.by_direction.items()
    ]


@dataclass(frozen=True)
class DirectionChoice:
    """A direction as the ranking's filter offers it."""

    id: int
    title: str


def directions(results: SessionResults) -> list[DirectionChoice]:
    """The directions that have projects in ``results``, in the session's order."""
    return [
        DirectionChoice(direction_id, projects[0].direction_title)
        for direction_id, projects in results.by_direction.items()
    ]
