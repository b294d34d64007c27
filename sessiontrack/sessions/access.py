"""Authorization in a session: "what may this user do in this session", never a global flag
but admin.

Two layers (STYLE.md): the :func:`session_role_required` decorator for "logged in and holds
one of these roles in this session", and small named predicates for the object at hand.
"""

from functools import wraps

from flask import abort, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..people.models import ACCESS_ROLES, ParticipantRole
from ..portfolio.readers import reads_portfolio
from .models import SessionState, StrategicSession

FACILITATION = (ParticipantRole.FACILITATOR,)
ANY_ROLE = tuple(role for role in ParticipantRole if role in ACCESS_ROLES)


def get_session_or_404(slug: str) -> StrategicSession:
    """The session with this slug.

    :raise 404: if there is none.
    """
    strategic_session = db.session.scalar(db.select(StrategicSession).filter_by(slug=slug))
    if strategic_session is None:
        abort(404)
    return strategic_session


def roles_in(user, strategic_session: StrategicSession) -> set[ParticipantRole]:
    """The user's roles in the session; an admin acts as a facilitator everywhere, and a
    portfolio reader of the session (:mod:`..portfolio.readers`) as an observer."""
    if not user.is_authenticated:
        return set()
    roles = user.roles_in(strategic_session)
    if user.is_admin:
        roles.add(ParticipantRole.FACILITATOR)
    elif reads_portfolio(user, strategic_session):
        roles.add(ParticipantRole.OBSERVER)
    return roles


def observer_reads_projects(user, strategic_session: StrategicSession) -> bool:
    """Observers read the projects under review once the facilitator publishes them; a
    portfolio reader of the session reads them whenever."""
    return strategic_session.projects_published or reads_portfolio(user, strategic_session)


def is_facilitator(user, strategic_session: StrategicSession) -> bool:
    """Whether ``user`` is a facilitator of the session."""
    return ParticipantRole.FACILITATOR in roles_in(user, strategic_session)


def group_ids_of(user, strategic_session: StrategicSession) -> set[int]:
    """The working groups the user moderates or belongs to in the session."""
    if not user.is_authenticated:
        return set()
    participant = user.participation_in(strategic_session)
    if participant is None or participant.group_id is None:
        return set()
    return {participant.group_id}


# What may still be done in an archived session: take it back a stage, and build exports.
ARCHIVE_ACTIONS = frozenset({"sessions.move_back", "exports.start_job"})


def archived_refuses(strategic_session: StrategicSession) -> bool:
    """An archived session changes no more: every action but those above is refused."""
    return (
        strategic_session.state == SessionState.ARCHIVED
        and request.method == "POST"
        and request.endpoint not in ARCHIVE_ACTIONS
    )


def session_role_required(*roles: ParticipantRole):
    """Load the session named by the ``slug`` URL argument into ``g.strategic_session`` and
    require the current user to hold one of ``roles`` in it (any role when none are given).

    The view receives the session as its ``strategic_session`` argument instead of ``slug``.

    :raise 404: if the session does not exist.
    :raise 403: if the user holds none of the roles.
    """
    wanted = set(roles or ANY_ROLE)

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, slug: str, **kwargs):
            strategic_session = get_session_or_404(slug)
            held = roles_in(current_user, strategic_session)
            if not held & wanted:
                abort(403)
            g.strategic_session = strategic_session
            g.session_roles = held
            if archived_refuses(strategic_session):
                return render_template(
                    "errors/error.html",
                    code=409,
                    message=_(
                        "The session is archived and can only be read. A facilitator can move "
                        "it back a stage to change it."
                    ),
                ), 409
            return view(*args, strategic_session=strategic_session, **kwargs)

        return wrapped

    return decorator
