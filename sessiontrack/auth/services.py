"""Account rules: authentication, the password policy, creating users, changing passwords."""

import secrets

from flask_babel import gettext as _

from ..audit import services as audit
from ..core.errors import DomainError
from ..core.forms import clean_text
from ..core.models import utcnow
from ..extensions import db
from .models import User

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str | None) -> str:
    """The one form of an e-mail address that finds its account and keys its log-in limit.

    Control characters are dropped as every form drops them, so that ``obs\\x07erver@…``
    cannot pass for another account at the throttle yet log in as ``observer@…``.
    """
    return clean_text(email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account with this e-mail (compared normalised), or ``None``."""
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None``; a log-in.

    The caller cannot tell an unknown e-mail from a wrong password or an inactive account.
    A one-time password is spent here: it opens this one log-in, which leads to choosing
    the account's own password, and never a second one.
    """
    user = find_user(email)
    if user is None:
        # Spend the time a password check takes, so an unknown e-mail cannot be told apart.
        User(password_hash="").set_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    if user.must_change_password:
        # A random password nobody knows replaces the one-time one.
        user.set_password(secrets.token_urlsafe(24))
    user.last_login_at = utcnow()
    return user


def log_out(user: User) -> None:
    """End the user's log-ins: the session and remember-me cookies they were given stop
    working in every browser, even if someone kept a copy."""
    user.auth_version += 1
    db.session.flush()


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password under the policy (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH))
    if password.isdigit() or password.isalpha():
        problems.append(_("Mix letters with digits or other characters."))
    local_part = normalise_email(email).partition("@")[0]
    if local_part and local_part in password.lower():
        problems.append(_("Do not use your e-mail address in the password."))
    return problems


def create_user(
    email: str,
    name: str,
    password: str,
    *,
    is_admin: bool = False,
    must_change_password: bool = False,
) -> User:
    """Add an account.

    :raise DomainError: if the e-mail is taken.
    """
    email = normalise_email(email)
    if find_user(email) is not None:
        raise DomainError(_("An account with this e-mail already exists."), "email")
    user = User(
        email=email,
        name=name or email,
        is_admin=is_admin,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("create", user, summary=email)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change the user's password and log out their other browsers.

    :raise DomainError: at ``current_password`` if the current password is wrong, at
        ``new_password`` if the new one breaks the policy.
    """
    if not user.check_password(current):
        raise DomainError(_("The current password is not correct."), "current_password")
    problems = password_problems(new, user.email)
    if problems:
        raise DomainError(" ".join(problems), "new_password")
    set_password(user, new)


def choose_own_password(user: User, new: str) -> None:
    """Replace a spent one-time password with the user's own; the log-in it opened is the
    proof of identity, since the one-time password no longer works.

    :raise DomainError: if the account has no one-time password to replace (the password was
        chosen meanwhile, in another window), or if the new password breaks the policy.
    """
    if not user.must_change_password:
        raise DomainError(
            _("Your password was chosen meanwhile: reload the page and enter your current one."),
            "new_password",
        )
    problems = password_problems(new, user.email)
    if problems:
        raise DomainError(" ".join(problems), "new_password")
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    """Set a password without asking for the old one (admin reset, one-time passwords)."""
    user.set_password(new)
    user.auth_version += 1
    user.must_change_password = False
    audit.record("change_password", user, summary=user.email)


def one_time_password() -> str:
    """A password to hand over in person; the user must change it on first login."""
    return secrets.token_urlsafe(9)


def create_account_with_one_time_password(
    email: str, name: str, *, is_admin: bool = False
) -> tuple[User, str]:
    """An account that must choose its own password at first login, with the password to hand
    over. :raise DomainError: if the e-mail is taken."""
    password = one_time_password()
    user = create_user(email, name, password, is_admin=is_admin, must_change_password=True)
    return user, password


def update_user(user: User, *, name: str, email: str, is_admin: bool, by: User) -> dict:
    """Change an account's name, e-mail and admin right.

    :raise DomainError: if the e-mail is taken, or an admin would take their own right away.
    """
    email = normalise_email(email)
    if email != user.email and find_user(email) is not None:
        raise DomainError(_("An account with this e-mail already exists."), "email")
    if user.id == by.id and user.is_admin and not is_admin:
        raise DomainError(_("You cannot take away your own admin right."), "email")
    return audit.update_recorded(
        user, {"name": name.strip() or email, "email": email, "is_admin": is_admin}, summary=email
    )


def deactivate_user(user: User, *, by: User) -> None:
    """Close an account: it cannot log in, and its open browser sessions end.

    :raise DomainError: for one's own account.
    """
    if user.id == by.id:
        raise DomainError(_("You cannot deactivate your own account."))
    if not user.active:
        return
    user.active = False
    user.auth_version += 1
    db.session.flush()
    audit.record("deactivate", user, summary=user.email, changes={"active": [True, False]})


def reactivate_user(user: User) -> None:
    """Reopen a deactivated account (nothing happens to an active one)."""
    if user.active:
        return
    user.active = True
    db.session.flush()
    audit.record("reactivate", user, summary=user.email, changes={"active": [False, True]})


def reset_password(user: User) -> str:
    """Give the account a one-time password (returned, to hand over) to change at next login.

    Logs the account out of every browser.
    """
    password = one_time_password()
    user.set_password(password)
    user.auth_version += 1
    user.must_change_password = True
    db.session.flush()
    audit.record("reset_password", user, summary=user.email)
    return password
