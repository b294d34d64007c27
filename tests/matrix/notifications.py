"""Routes of the notifications area: the bell's page (each person's own notifications, their
e-mail choices) and the facilitator's reminders of the experts with scorecards left."""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.extensions import db
from sessiontrack.notifications.models import (
    EmailChoice,
    Notification,
    NotificationKind,
    SentReminder,
)

from . import FACILITATION, LOGGED_IN, Route
from .effects import rows


def _notification(user, strategic_session) -> Notification:
    notification = Notification(
        user_id=user.id,
        session_id=strategic_session.id,
        kind=NotificationKind.RESULTS_PUBLISHED.value,
        params={"slug": strategic_session.slug, "session_title": strategic_session.title},
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def extend_world(world) -> None:
    """One unread notification for each user of the matrix (in the session under test), and
    one of the other session's facilitator (out of reach of everyone else)."""
    world.here.extra["notification_of"] = {
        role: _notification(user, world.here.session) for role, user in world.users.items()
    }
    world.here.extra["notification"] = world.here.extra["notification_of"]["facilitator"]
    world.there.extra["notification"] = _notification(
        world.users["other_facilitator"], world.there.session
    )


def _unread(w, o, actor):
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == actor.user.id, Notification.read_at.is_(None))
    )


def _own_notification_url(role):
    return lambda w, o: url_for(
        "notifications.mark_read", notification_id=o.extra["notification_of"][role].id
    )


def _no_reminders_yet(w, o):
    db.session.execute(sa.delete(SentReminder).where(SentReminder.session_id == o.session.id))
    db.session.commit()


ROUTES = {
    ("notifications.index", "GET"): Route(
        url=lambda w, o: url_for("notifications.index"), allowed=LOGGED_IN
    ),
    ("notifications.mark_read", "POST"): Route(
        url=lambda w, o: url_for(
            "notifications.mark_read", notification_id=o.extra["notification"].id
        ),
        role_urls={role: _own_notification_url(role) for role in LOGGED_IN},
        allowed=LOGGED_IN,
        effect=_unread,
    ),
    ("notifications.mark_all_read", "POST"): Route(
        url=lambda w, o: url_for("notifications.mark_all_read"), allowed=LOGGED_IN, effect=_unread
    ),
    ("notifications.email_choices", "GET"): Route(
        url=lambda w, o: url_for("notifications.email_choices"), allowed=LOGGED_IN
    ),
    ("notifications.email_choices", "POST"): Route(
        url=lambda w, o: url_for("notifications.email_choices"),
        allowed=LOGGED_IN,
        # No box ticked: every kind's e-mail turned off.
        data=lambda w, o: {"language": "ru"},
        effect=rows(EmailChoice, lambda w, o: sa.true()),
    ),
    ("reminders.late_experts", "GET"): Route(
        url=lambda w, o: url_for("reminders.late_experts", slug=w.slug), allowed=FACILITATION
    ),
    ("reminders.remind", "POST"): Route(
        url=lambda w, o: url_for("reminders.remind", slug=w.slug, participant_id=o.expert.id),
        allowed=FACILITATION,
        # The expert has a draft scorecard; each allowed role reminds them afresh.
        prepare=_no_reminders_yet,
        effect=rows(SentReminder, lambda w, o: SentReminder.participant_id == o.expert.id),
    ),
}
