"""Case-insensitive text search that folds Cyrillic on every backend.

PostgreSQL's ``lower()`` folds Unicode; on SQLite, ``database.py`` replaces the ASCII-only
``lower()`` with Python's on every connection, so «иванов» finds «Иванов» on both.
"""

import sqlalchemy as sa

from ..extensions import db


def folded(column):
    """``column`` in lower case, Cyrillic included."""
    return sa.func.lower(column)


def contains_text(column, term: str):
    """A condition: ``column`` contains ``term``, ignoring case (LIKE wildcards escaped)."""
    return folded(column).contains(term.strip().lower(), autoescape=True)


def equals_text(column, term: str):
    """A condition: ``column`` equals ``term``, ignoring case and surrounding spaces."""
    return folded(column) == term.strip().lower()


def taken_in_session(column, strategic_session, text: str, exclude=None) -> bool:
    """Whether a row of the session other than ``exclude`` has ``text`` in ``column`` (a
    model's attribute, such as ``Organisation.name``), ignoring case: a name that must be
    unique in its session."""
    model = column.class_
    query = sa.select(model.id).where(
        model.session_id == strategic_session.id, equals_text(column, text)
    )
    if exclude is not None:
        query = query.where(model.id != exclude.id)
    return db.session.scalar(query) is not None
