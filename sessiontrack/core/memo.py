"""Answers kept for the rest of a transaction, while it writes nothing.

A request may ask the same question of the database twice: a view checks that an expert may
open a scorecard, then the service that saves it checks again, as it must for its other
callers. :func:`transaction_memo` gives a dictionary in which such an answer is kept; it is
emptied as soon as the transaction writes anything (a flush, or an INSERT, UPDATE or DELETE
run through the session) and when the transaction ends, so an answer is only ever reused on
exactly the data it was read from. While objects wait unflushed, nothing is kept or served:
the query would have flushed them first.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from ..extensions import db

_PREFIX = "sessiontrack.memo."


def transaction_memo(name: str) -> dict | None:
    """The dictionary kept under ``name`` for this transaction, or ``None`` when changes wait
    to be flushed (then ask the database)."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return None
    return session.info.setdefault(_PREFIX + name, {})


def install(session: scoped_session) -> None:
    """Empty the memos of the sessions ``session`` makes at each write and transaction's end
    (once, however many apps are created)."""
    if event.contains(session, "after_flush", _forget):
        return
    event.listen(session, "after_flush", _forget)
    event.listen(session, "after_transaction_end", _forget)
    event.listen(session, "do_orm_execute", _written)


def _forget(session: Session, *_args) -> None:
    for key in [key for key in session.info if key.startswith(_PREFIX)]:
        del session.info[key]


def _written(state) -> None:
    if not state.is_select:
        _forget(state.session)
