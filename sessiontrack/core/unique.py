"""Double submissions: rows that a unique constraint keeps single.

Two requests sent at once (a double click, a second tab, a retry) both find a row absent, then
both insert it; the database's unique constraint lets only one through. :func:`insert_missing`
makes the check and the insert one statement (``INSERT ... ON CONFLICT DO NOTHING``): the
second request waits for the first one's transaction (PostgreSQL) or write lock (SQLite),
inserts nothing and learns that it added nothing, so its service can answer "done already"
instead of failing. Whatever insert is not written this way still meets the constraint: the
error page turns a unique violation (:func:`is_unique_violation`) into a 409 that says the form
was sent twice, never a 500.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
# SQLite's extended result codes for a violated UNIQUE or PRIMARY KEY constraint.
_SQLITE_DUPLICATE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
_POSTGRESQL_DUPLICATE = "23505"  # unique_violation


def insert_missing(model, rows: Sequence[dict], *returning) -> list[sa.Row]:
    """Insert those of ``rows`` (column values of ``model``) that no unique constraint of the
    table already holds; the ``returning`` columns of the rows inserted, in no set order.

    Rows another transaction is inserting at the same moment count as held once it commits.
    """
    if not rows:
        return []
    insert = _INSERTS[db.session.get_bind().dialect.name]
    statement = insert(model).on_conflict_do_nothing().returning(*returning)
    return list(db.session.execute(statement, list(rows)))


def compare_and_set(obj, column, old, new) -> bool:
    """Set ``column`` of ``obj`` from ``old`` to ``new`` in one statement that matches only
    while the row still holds ``old``; whether it moved.

    Of two requests sent at once, the second waits for the first to commit, matches nothing
    and learns it (``False``); ``obj`` is then refreshed to what the first one wrote.
    """
    model = type(obj)
    moved = db.session.execute(
        sa.update(model)
        .where(model.id == obj.id, column == old)
        .values({column.key: new})
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if not moved:
        db.session.refresh(obj)
    return bool(moved)


def is_unique_violation(error: sa.exc.IntegrityError) -> bool:
    """Whether the database refused a row because a unique constraint holds it already."""
    original = error.orig
    if getattr(original, "sqlstate", None) == _POSTGRESQL_DUPLICATE:
        return True
    return getattr(original, "sqlite_errorname", None) in _SQLITE_DUPLICATE
