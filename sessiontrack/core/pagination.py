"""The page number of a paginated list, read from the query string."""

from flask import request
from flask_sqlalchemy.pagination import Pagination

# Far beyond any real list, and it keeps OFFSET within what every database accepts.
MAX_PAGE = 100_000


def requested_page() -> int:
    """The ``page`` query argument: 1 when absent or not a whole number, 1 to :data:`MAX_PAGE`
    (a page past the end shows an empty list)."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


class ListPage(Pagination):
    """One page of a list computed in Python (not a query), for the ``pagination`` macro:
    ``ListPage(items, page=…, per_page=…)``."""

    def __init__(self, items: list, page: int, per_page: int):
        super().__init__(
            page=page, per_page=per_page, max_per_page=None, error_out=False, items=items
        )

    def _query_items(self) -> list:
        start = self._query_offset
        return self._query_args["items"][start : start + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])
