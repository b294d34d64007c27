"""The portfolio's list: the projects a filter keeps, sorted and cut into pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter

from .figures import PortfolioProject

PER_PAGE = 50
# Unscored projects sort after the scored ones, whichever the order.
_SORT_KEYS = {
    "session": lambda p: (p.session.title.casefold(), p.title.casefold()),
    "title": lambda p: (p.title.casefold(),),
    "state": lambda p: (p.state.title, p.title.casefold()),
    "need": lambda p: (p.money.need,),
    "gap": lambda p: (p.money.gap,),
    "percentile": lambda p: (p.score.percentile,) if p.score else None,
    "zscore": lambda p: (p.score.zscore,) if p.score else None,
}


def filtered(projects: list[PortfolioProject], *, q=None, session_slug=None, state=None) -> list:
    """The projects whose title holds ``q`` (any case), of the session ``session_slug`` and in
    ``state``; a filter left ``None`` keeps every project."""
    needle = q.casefold() if q else None
    return [
        p
        for p in projects
        if (needle is None or needle in p.title.casefold())
        and (session_slug is None or p.session.slug == session_slug)
        and (state is None or p.state == state)
    ]


def sorted_projects(projects: list[PortfolioProject], sort: str, descending: bool) -> list:
    """``projects`` sorted by ``sort`` (one of the form's sorts; else by session), the
    projects without a score last."""
    key = _SORT_KEYS.get(sort, _SORT_KEYS["session"])
    keyed = [(key(p), p) for p in projects]
    scored = sorted(
        (pair for pair in keyed if pair[0] is not None), key=itemgetter(0), reverse=descending
    )
    return [p for _key, p in scored] + [p for k, p in keyed if k is None]


@dataclass
class Page:
    """One page of a list, as the ``pagination`` macro reads it."""

    items: list
    page: int
    pages: int
    total: int

    def iter_pages(self):
        """The page numbers to link: the first and last two, two around this one, ``None``
        for a gap."""
        shown = {1, 2, self.pages - 1, self.pages, *range(self.page - 2, self.page + 3)}
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number > previous + 1:
                yield None
            yield number
            previous = number


def page_of(items: list, page: int, per_page: int = PER_PAGE) -> Page:
    """Page ``page`` (from 1) of ``items``; past the end an empty one."""
    pages = max(1, math.ceil(len(items) / per_page))
    start = (page - 1) * per_page
    return Page(items[start : start + per_page], page, pages, len(items))
