"""Case-insensitive text search that folds Cyrillic on every backend.

PostgreSQL's ``lower()`` folds Unicode; on SQLite, ``database.py`` replaces the ASCII-only
``lower()`` with Python's on every connection, so «иванов» finds «Иванов» on both.
"""

import sqlalchemy as sa


def folded(column):
    """``column`` in lower case, Cyrillic included."""
    return sa.func.lower(column)


def contains_text(column, term: str):
    """A condition: ``column`` contains ``term``, ignoring case (LIKE wildcards escaped)."""
    return folded(column).contains(term.strip().lower(), autoescape=True)


def equals_text(column, term: str):
    """A condition: ``column`` equals ``term``, ignoring case and surrounding spaces."""
    return folded(column) == term.strip().lower()
