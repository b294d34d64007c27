"""E-mail, only where an SMTP server is configured (``MAIL_SERVER``); none is assumed.

Without one, the facilitator hands the one-time password over in person, as the pages say.
"""

import logging
import smtplib

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_mail import Message

from ..extensions import mail

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    """Whether the app has a mail server to send e-mail through."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_one_time_password(user, password: str, session_title: str = "") -> bool:
    """E-mail a new account's (or a reset's) one-time password to its owner.

    :return: whether the message was handed to the SMTP server; ``False`` when none is
        configured or it refused, so the page still shows the password to hand over.
    """
    if not mail_configured():
        return False
    message = Message(
        subject=_("Your sessiontrack account"),
        recipients=[user.email],
        body=render_template(
            "mail/one_time_password.txt",
            user=user,
            password=password,
            session_title=session_title,
            login_url=url_for("auth.login", _external=True),
        ),
    )
    try:
        mail.send(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("could not e-mail %s: %s", user.email, error)
        return False
    return True
