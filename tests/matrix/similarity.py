"""Routes of the duplicate pairs across sessions: the portfolio's readers, of whom the matrix's
roles have only the admin (a granted reader's pairs are in ``tests/test_similarity.py``)."""

from flask import url_for

from . import Route

ROUTES = {
    ("similarity.duplicates", "GET"): Route(
        url=lambda w, o: url_for("similarity.duplicates"), allowed=frozenset({"admin"})
    ),
}
