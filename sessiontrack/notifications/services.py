"""A person's notifications: the unread count of the bell, the list, marking them read, and
the choice of e-mail per kind."""

import sqlalchemy as sa
from flask import g, has_app_context

from ..core.models import utcnow
from ..extensions import db
from .models import EmailChoice, Notification, NotificationKind


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread (one query, on an index)."""
    return db.session.scalar(_unread(user.id))


def unread_count_of(user_id) -> sa.ScalarSelect:
    """The unread count as a scalar subquery, for ``user_id`` (a value or a column): the
    log-in reads it with the account, in the same statement (:func:`remember_unread`)."""
    return _unread(user_id).scalar_subquery()


def _unread(user_id) -> sa.Select:
    return (
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def remember_unread(user_id: int, count: int) -> None:
    """Keep the bell's figure read with the account for this request (see
    :func:`unread_count_kept`); marking notifications read forgets it."""
    g.unread_notifications = (user_id, count)


def forget_unread() -> None:
    """Notifications made or read in this request: the bell counts afresh."""
    if has_app_context():
        g.pop("unread_notifications", None)


def unread_count_kept(user) -> int:
    """The bell's figure: the one read with the account this request, else one query."""
    kept = g.get("unread_notifications")
    if kept is not None and kept[0] == user.id:
        return kept[1]
    return unread_count(user)


def notifications_page(user, page: int, per_page: int):
    """``user``'s notifications on ``page`` (from 1), newest first: a pagination object."""
    return db.paginate(
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def mark_read(notification: Notification) -> bool:
    """Mark a notification read; whether it was unread (a second click changes nothing)."""
    forget_unread()
    return bool(
        db.session.execute(
            sa.update(Notification)
            .where(Notification.id == notification.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        ).rowcount
    )


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; how many were."""
    forget_unread()
    return db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount


def email_choices(user) -> dict[NotificationKind, bool]:
    """Per kind, whether ``user`` takes its e-mails (yes unless turned off)."""
    stored = dict(
        db.session.execute(
            sa.select(EmailChoice.kind, EmailChoice.email).where(EmailChoice.user_id == user.id)
        ).all()
    )
    return {kind: stored.get(kind.value, True) for kind in NotificationKind}


def set_email_choices(
    user, choices: dict[NotificationKind, bool], language: str
) -> list[NotificationKind]:
    """Store ``user``'s e-mail choice for each kind given, and the language they read (the
    interface's and the e-mails'); the kinds that changed."""
    user.locale = language
    current = email_choices(user)
    changed = [kind for kind, wanted in choices.items() if current[kind] != wanted]
    for kind in changed:
        db.session.merge(EmailChoice(user_id=user.id, kind=kind.value, email=choices[kind]))
    db.session.flush()
    return changed
