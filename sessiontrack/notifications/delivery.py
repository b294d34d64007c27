"""E-mail of a notification: sent once, after the change it tells of is committed, in the
recipient's language, only where an SMTP server is configured, the recipient's account is
active and they have not turned e-mail off for its kind.

:func:`send_email` is the one way a notification's e-mail goes out (a task queue calls it).
"""

import logging
import smtplib

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_mail import Message

from ..core.mail import mail_configured
from ..core.models import utcnow
from ..core.unique import compare_and_set
from ..extensions import db, mail
from .models import EmailChoice, Notification
from .texts import link_of, subject_of, text_of

log = logging.getLogger(__name__)


def wants_email(user, kind: str) -> bool:
    """Whether ``user`` takes e-mail of notifications of ``kind`` (yes unless turned off)."""
    choice = db.session.get(EmailChoice, (user.id, kind))
    return choice is None or choice.email


def language_of(user) -> str:
    """The language ``user`` reads: the one they chose in the interface, else the default."""
    if user.locale in current_app.config["LANGUAGES"]:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _page_url(notification: Notification) -> str | None:
    """The full address of the notification's page: this request's host, or outside a
    request the configured ``PUBLIC_URL`` (none: the e-mail names no address)."""
    if has_request_context():
        return link_of(notification, external=True)
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return None
    with current_app.test_request_context(base_url=base):
        return link_of(notification, external=True)


def compose(notification: Notification) -> Message:
    """The e-mail of ``notification`` in its recipient's language."""
    user = notification.user
    with force_locale(language_of(user)):
        return Message(
            subject=subject_of(notification),
            recipients=[user.email],
            body=render_template(
                "mail/notification.txt",
                user=user,
                text=text_of(notification),
                url=_page_url(notification),
            ),
        )


def send_email(notification: Notification) -> bool:
    """Send the notification's e-mail unless it went out already, no SMTP server is
    configured, the account is deactivated or its owner turned e-mail off for the kind.

    Claims the notification first (committed), so two deliveries send it once; a refusal of
    the SMTP server gives the claim back. Commits. Whether it was sent.
    """
    user = notification.user
    if (
        not mail_configured()
        or notification.emailed_at is not None
        or not user.active
        or not wants_email(user, notification.kind)
    ):
        return False
    message = compose(notification)
    if not compare_and_set(notification, Notification.emailed_at, None, utcnow()):
        return False
    db.session.commit()
    try:
        mail.send(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("could not e-mail notification %s: %s", notification.id, error)
        notification.emailed_at = None
        db.session.commit()
        return False
    return True


def send_all(notification_ids) -> int:
    """Send the e-mails of the notifications with these ids (committed); how many went out."""
    if not mail_configured():
        return 0
    notifications = db.session.scalars(
        sa.select(Notification).where(Notification.id.in_(list(notification_ids)))
    ).all()
    return sum(send_email(notification) for notification in notifications)
