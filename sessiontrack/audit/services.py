"""Writing to the audit log. Every service that changes state calls :func:`record`."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from ..core import ordering
from ..core.models import utcnow
from ..extensions import db
from .models import AuditEntry

# Repeated saves of one object by one person within this time make one audit entry.
FOLD_WINDOW = timedelta(minutes=1)


def record(
    action: str,
    obj=None,
    *,
    strategic_session=None,
    summary: str = "",
    comment: str = "",
    changes: dict | None = None,
    user=None,
    object_type: str | None = None,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``obj`` by ``user`` (default: the current user).

    The entry joins the caller's transaction: it is committed with the change it describes.
    """
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    obj, user = _unproxied(obj), _unproxied(user)
    if strategic_session is None and obj is not None:
        strategic_session = getattr(obj, "strategic_session", None)
    if object_type is None and obj is not None:
        object_type = type(obj).__tablename__
    entry = AuditEntry(
        session_id=strategic_session.id if strategic_session is not None else None,
        user_id=user.id if user is not None else None,
        object_type=object_type or "",
        object_id=getattr(obj, "id", None),
        action=action,
        summary=summary[:500],
        comment=comment,
        changes=_jsonable(changes or {}),
    )
    db.session.add(entry)
    return entry


def record_folded(
    action: str, obj, *, user, within: timedelta = FOLD_WINDOW, **fields
) -> AuditEntry:
    """Like :func:`record`, but a repeat of the object's latest entry (same action, same
    user) less than ``within`` after it is folded into that entry instead of adding one.

    For changes saved every few seconds (a scorecard's autosave): the log keeps one entry
    per minute whose ``changes`` go from the first old value to the latest new one.
    """
    latest = db.session.scalar(
        sa.select(AuditEntry)
        .where(
            AuditEntry.object_type == type(obj).__tablename__,
            AuditEntry.object_id == obj.id,
        )
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    if (
        latest is None
        or latest.action != action
        or latest.user_id != user.id
        or latest.created_at < utcnow() - within
    ):
        return record(action, obj, user=user, **fields)
    merged = dict(latest.changes or {})
    for key, value in _jsonable(fields.get("changes") or {}).items():
        earlier = merged.get(key)
        if _is_pair(earlier) and _is_pair(value):
            value = [earlier[0], value[1]]
        merged[key] = value
    latest.changes = {k: v for k, v in merged.items() if not (_is_pair(v) and v[0] == v[1])}
    return latest


def update_recorded(
    obj,
    values: dict,
    *,
    strategic_session=None,
    summary: str = "",
    describe: Callable[[Any], dict] | None = None,
    expire: list[str] | None = None,
    action: str = "update",
    created: bool = False,
    comment: str = "",
    user=None,
) -> dict:
    """Set ``values`` (``{attribute: new value}``) on ``obj``, flush, and record one ``action``
    audit entry with the changes. Returns the changes, ``{key: [old, new]}`` (empty: no entry).

    The changes compare ``describe(obj)`` before and after (default: the attributes set), so a
    caller whose history shows names rather than ids passes its own ``describe``. ``expire``
    names relationships to reload after the flush (their ids were set). ``created``: ``obj`` is
    new, so every value it describes counts as changed from nothing.
    """
    if describe is None:
        fields = list(values)

        def describe(target) -> dict:
            return {field: getattr(target, field) for field in fields}

    before = {} if created else describe(obj)
    for field, value in values.items():
        setattr(obj, field, value)
    db.session.flush()
    if expire:
        db.session.expire(obj, expire)
    changes = compare(before, describe(obj))
    if changes:
        record(
            action,
            obj,
            strategic_session=strategic_session,
            summary=summary,
            comment=comment,
            changes=changes,
            user=user,
        )
    return changes


def move_recorded(items: list, item, offset: int, *, strategic_session) -> bool:
    """Move ``item`` ``offset`` places within ``items`` (:func:`..core.ordering.move`), flush,
    and record the move with the item's places in the list (from 1) before and after.

    Returns whether the item moved (not past either end of the list: no entry then).
    """
    moved = ordering.move(items, item, offset)
    if moved:
        db.session.flush()
        place = items.index(item) + 1
        record(
            "move",
            item,
            strategic_session=strategic_session,
            summary=item.title,
            changes={"position_in_list": [place - offset, place]},
        )
    return moved


def _is_pair(value) -> bool:
    return isinstance(value, list) and len(value) == 2


def _unproxied(value):
    """The object behind a werkzeug LocalProxy such as ``current_user``."""
    getter = getattr(value, "_get_current_object", None)
    return getter() if getter is not None else value


def _jsonable(value):
    """``value`` as JSON can hold it: dates as ISO text, anything unknown as text."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def history(obj, *, object_type: str | None = None) -> list[AuditEntry]:
    """The audit entries about ``obj``, newest first, with their authors (one query)."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(
                AuditEntry.object_type == (object_type or type(obj).__tablename__),
                AuditEntry.object_id == obj.id,
            )
            .options(sa.orm.joinedload(AuditEntry.user))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        )
    )


def compare(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the keys whose value differs between two snapshots."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }
