"""The page number of a paginated list, read from the query string."""

from flask import request

# Far beyond any real list, and it keeps OFFSET within what every database accepts.
MAX_PAGE = 100_000


def requested_page() -> int:
    """The ``page`` query argument: 1 when absent or not a whole number, 1 to :data:`MAX_PAGE`
    (a page past the end shows an empty list)."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)
