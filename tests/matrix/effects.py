"""Probes for the matrix's ``effect``: cheap reads of what a write changes.

Each helper returns ``probe(w, o, actor)``; the matrix reads it before and after an allowed
role's request and expects a different value (see ``tests/matrix/__init__.py``).
"""

import itertools

import sqlalchemy as sa

from sessiontrack.extensions import db

_numbers = itertools.count(1)


def unique(text: str) -> str:
    """``text`` made unique, so that a second allowed role's edit changes something too."""
    return f"{text} {next(_numbers)}"


def number() -> int:
    """A new small number each time (a setting that changes with every write)."""
    return next(_numbers) % 50 + 1


def rows(model, where=None):
    """How many rows of ``model`` the session under test has (or ``where(w, o)`` picks)."""

    def probe(w, o, actor):
        clause = where(w, o) if where else model.session_id == o.session.id
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(clause))

    return probe


def all_rows(model):
    """How many rows of ``model`` there are in all (sessions, accounts: rows of no session)."""
    return rows(model, lambda w, o: sa.true())


def values(*columns, where):
    """The values of ``columns`` in the rows ``where(w, o)`` picks, in order."""

    def probe(w, o, actor):
        query = sa.select(*columns).where(where(w, o)).order_by(*columns)
        return [tuple(row) for row in db.session.execute(query)]

    return probe


def of(model, obj, *columns):
    """The values of ``columns`` of one row: ``obj(o)``, e.g. ``lambda o: o.criterion``."""
    return values(*columns, where=lambda w, o: model.id == obj(o).id)


def order(model, where=None):
    """The ids of the session's rows of ``model`` in their order (a move changes it)."""

    def probe(w, o, actor):
        clause = where(w, o) if where else model.session_id == o.session.id
        query = sa.select(model.id).where(clause).order_by(model.position, model.id)
        return list(db.session.scalars(query))

    return probe


def first_or_not(model, obj, where=None):
    """The direction a move of ``obj(o)`` can take: down when it is first, else up."""

    def data(w, o):
        ids = order(model, where)(w, o, None)
        return {"direction": "down" if ids and ids[0] == obj(o).id else "up"}

    return data


def client_session(key: str):
    """A value kept in the client's session (the language, the logged-in user)."""

    def probe(w, o, actor):
        with actor.client.session_transaction() as session:
            return session.get(key)

    return probe
