"""The data revision: a token that changes with every committed write.

What is computed from the data and asked for again and again while nothing changes — the
review's results, which the facilitator reloads all day — can be kept under the token it was
computed at, and is recomputed as soon as anything has been written.

Every write through the ORM marks its transaction: a flush of any object (audit entries and
export jobs aside: they record or serve, they are not data anything is computed from), or an
INSERT, UPDATE or DELETE run through the session. Just before such a transaction commits, the
token gets a new random value *in the same transaction*, so a reader sees the new token exactly
when it sees the new data. A random token rather than a counter: emptied tables, a restored
backup or a rolled-back test can never bring back a value that named other data.

A reader takes the token *before* it reads the data it computes from. A write committed in
between then gives data newer than the token, never older, and that token is already
superseded: nobody can be served stale figures under the new one. Writes that bypass the
ORM (``connection.execute``) must call :func:`touch` themselves; the backup restore does.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

from ..extensions import db
from .models import DataRevision

# Set on a session (in ``Session.info``) from its first write until its transaction ends.
WRITTEN = "sessiontrack.data_written"
ROW_ID = 1
# Written all along, read by nobody's computation: the audit log, export jobs, this table, and
# API tokens (each API request notes its token's last use).
EXEMPT_TABLES = frozenset({"audit_entry", "export_job", "data_revision", "api_token"})


def install(session: scoped_session) -> None:
    """Track writes on the sessions ``session`` makes (once, however many apps are created)."""
    if event.contains(session, "after_flush", _after_flush):
        return
    event.listen(session, "after_flush", _after_flush)
    event.listen(session, "do_orm_execute", _do_orm_execute)
    event.listen(session, "before_commit", _before_commit)
    event.listen(session, "after_transaction_end", _forget)


def _after_flush(session: Session, _flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        if instance.__table__.name not in EXEMPT_TABLES:
            session.info[WRITTEN] = True
            return


def _do_orm_execute(state) -> None:
    """Any statement through the session but a SELECT counts as a write (a textual one too),
    unless it is DML on an exempt table."""
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is None or table.name not in EXEMPT_TABLES:
        state.session.info[WRITTEN] = True


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the outermost commit writes the token, once
    session.flush()  # the commit's own flush would come after this hook, and after the token
    if session.info.get(WRITTEN):
        _set_token(session.connection(), secrets.token_hex(16))


def _forget(session: Session, transaction) -> None:
    """The outermost transaction ended (committed, rolled back or closed): nothing pending."""
    if transaction.parent is None:
        session.info.pop(WRITTEN, None)


def _set_token(connection, token: str) -> None:
    """One statement whether or not the row exists (emptied tables, a restore running at the
    same moment): two writers can never both try to create it."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[connection.dialect.name]
    connection.execute(
        insert(DataRevision.__table__)
        .values(id=ROW_ID, token=token)
        .on_conflict_do_update(index_elements=["id"], set_={"token": token})
    )


def touch(connection) -> None:
    """A new token, written on ``connection`` (for writes that bypass the ORM)."""
    _set_token(connection, secrets.token_hex(16))


def current_token() -> str | None:
    """The token of the data as this request reads it, or ``None`` when nothing may be kept:
    this transaction has written something not yet committed (only it sees that data), or the
    table is empty (a database nobody has written to through the ORM yet)."""
    session = db.session()
    if session.info.get(WRITTEN) or session.new or session.dirty or session.deleted:
        return None
    return session.scalar(sa.select(DataRevision.token).where(DataRevision.id == ROW_ID))
