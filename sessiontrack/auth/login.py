"""Flask-Login wiring: how a browser session finds its user."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from ..extensions import db


def init_login_manager(login_manager: LoginManager) -> None:
    """Set up Flask-Login: the login page, its message, and how a session's user is loaded."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str):
        """Find the user of ``"<id>:<auth_version>"``; an old version (the password changed,
        the account was deactivated) or a deactivated account means logged out."""
        from .models import User

        ident, _, version = user_id.partition(":")
        if not ident.isdigit() or not version.isdigit():
            return None
        from ..notifications.services import remember_unread, unread_count_of
        from ..portfolio.readers import has_grant_of, remember_no_grant

        # The account, its participations, its bell's figure and whether it holds a portfolio
        # grant: what every page asks, in one statement (a round trip each otherwise).
        row = (
            db.session.execute(
                sa.select(User, unread_count_of(User.id), has_grant_of(User.id))
                .options(joinedload(User.participations))
                .where(User.id == int(ident))
            )
            .unique()
            .one_or_none()
        )
        if row is None:
            return None
        user, unread, reader = row
        if user.auth_version != int(version) or not user.active:
            return None
        remember_unread(user.id, unread)
        if not reader:
            remember_no_grant(user.id)
        return user
