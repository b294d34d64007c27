"""E-mail, only where an SMTP server is configured (``MAIL_SERVER``); none is assumed.

Without one, the facilitator hands the one-time password over in person, as the pages say.
Messages are composed here, in the request (its language, its URLs), and sent by the task
queue once the request has committed (:mod:`sessiontrack.tasks.mail`).
"""

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_mail import Message


def mail_configured() -> bool:
    """Whether the app has a mail server to send e-mail through."""
    return bool(current_app.config.get("MAIL_SERVER"))


def one_time_password_message(user, password: str, session_title: str = "") -> Message:
    """The e-mail that gives a new account's (or a reset's) one-time password to its owner."""
    return Message(
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
