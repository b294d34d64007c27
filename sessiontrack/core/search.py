"""Case-insensitive text search that folds Cyrillic on every backend.

SQLite's ``lower()`` folds ASCII letters only, so «иванов» would not find «Иванов». SQLite
connections get a ``unicode_lower`` function; PostgreSQL's ``lower()`` already folds Unicode.
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..extensions import db


@event.listens_for(Engine, "connect")
def _register_unicode_lower(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function("unicode_lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def folded(column):
    """``column`` in lower case, Cyrillic included."""
    if db.engine.dialect.name == "sqlite":
        return sa.func.unicode_lower(column)
    return sa.func.lower(column)


def contains_text(column, term: str):
    """A condition: ``column`` contains ``term``, ignoring case (LIKE wildcards escaped)."""
    return folded(column).contains(term.strip().lower(), autoescape=True)


def equals_text(column, term: str):
    """A condition: ``column`` equals ``term``, ignoring case and surrounding spaces."""
    return folded(column) == term.strip().lower()
