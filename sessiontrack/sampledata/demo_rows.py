"""The demo loader's lookups by natural key: a row is found, or added (flushed), never changed."""

import sqlalchemy as sa

from ..extensions import db


def find(model, **key):
    """The row of ``model`` with these column values, or ``None``."""
    return db.session.scalar(sa.select(model).filter_by(**key))


def add(model, **values):
    """A new row of ``model`` with ``values``, flushed (it has its id)."""
    row = model(**values)
    db.session.add(row)
    db.session.flush()
    return row


def find_or_add(model, key: dict, **values):
    """The row of ``model`` with the natural ``key``, or a new one with ``values`` as well."""
    return find(model, **key) or add(model, **key, **values)
