"""E-mail sent by the queue's workers, after the request that wrote it has committed."""

import logging
import smtplib

from celery import shared_task
from flask_mail import Message

from ..core.mail import mail_configured, one_time_password_message
from ..core.unit_of_work import after_commit
from ..extensions import mail
from .queue import enqueue

log = logging.getLogger(__name__)

# A refused or unreachable SMTP server is tried again this many times by a worker, waiting
# RETRY_DELAY seconds, then twice that, and so on.
MAX_RETRIES = 3
RETRY_DELAY = 60


@shared_task(name="sessiontrack.send_mail", bind=True, max_retries=MAX_RETRIES)
def send_mail(task, message: dict) -> None:
    """Hand ``message`` (the fields of :func:`message_fields`) to the SMTP server. A failure is
    logged, and retried later by a worker (in-process, eager, it is not: the request waits)."""
    try:
        mail.send(Message(**message))
    except (OSError, smtplib.SMTPException) as error:
        log.warning("could not e-mail %s: %s", ", ".join(message["recipients"]), error)
        if task.request.is_eager:
            return
        raise task.retry(exc=error, countdown=RETRY_DELAY * 2**task.request.retries) from error


def message_fields(message: Message) -> dict:
    """What a task message carries of an e-mail: plain strings, as the broker stores them."""
    return {
        "subject": message.subject,
        "recipients": list(message.recipients),
        "body": message.body,
        "html": message.html,
        "sender": message.sender,
    }


@shared_task(name="sessiontrack.send_notification_mail")
def send_notification_mail(notification_ids: list[int]) -> int:
    """E-mail the notifications with these ids (each once: :func:`.delivery.send_email`
    records the send before making it); how many went out."""
    from ..notifications.delivery import send_all

    return send_all(notification_ids)


def send_after_commit(message: Message) -> None:
    """Queue ``message`` once the request has committed (never if it rolls back)."""
    fields = message_fields(message)
    after_commit(lambda: enqueue(send_mail, fields))


def send_one_time_password(user, password: str, session_title: str = "") -> bool:
    """E-mail a new account's (or a reset's) one-time password to its owner, after commit.

    :return: whether a message is on its way; ``False`` when no SMTP server is configured,
        so that the page says to hand the password over.
    """
    if not mail_configured():
        return False
    send_after_commit(one_time_password_message(user, password, session_title))
    return True
