"""A person's notifications: the unread count of the bell, the list, marking them read, and
the choice of e-mail per kind."""

import sqlalchemy as sa

from ..core.models import utcnow
from ..extensions import db
from .models import EmailChoice, Notification, NotificationKind


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread (one query, on an index)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


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
    return bool(
        db.session.execute(
            sa.update(Notification)
            .where(Notification.id == notification.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        ).rowcount
    )


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; how many were."""
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
