"""Authorization that belongs to no session: the administrator of the instance.

What a user may do in a session (the roles, the archived session's refusals) is the sessions
area's :mod:`sessiontrack.sessions.access`.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def admin_required(view):
    """Logged in as an administrator of the instance.

    :raise 403: for everyone else.
    """

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
