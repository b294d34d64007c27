"""One loader for the objects a URL names inside a session, one for all of a kind, and one for
the row a form chose by id."""

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _

from ..extensions import db
from .errors import DomainError

# Ids are 64-bit integers in every database; a larger number in a URL names nothing.
LARGEST_ID = 2**63


def all_in_session(model, strategic_session, *order_by, options=()) -> list:
    """Every ``model`` row of ``strategic_session`` in ``order_by`` order, loaded with the
    loader ``options`` (one query, and one more per ``selectinload``)."""
    return list(
        db.session.scalars(
            sa.select(model)
            .where(_in_session(model, strategic_session))
            .options(*options)
            .order_by(*order_by)
        )
    )


def _in_session(model, strategic_session):
    """The clause that keeps ``model``'s rows of the session (see :func:`get_in_session_or_404`)."""
    if hasattr(model, "in_session"):
        return model.in_session(strategic_session.id)
    return model.session_id == strategic_session.id


def get_in_session_or_404(model, object_id, strategic_session, *options):
    """The ``model`` row with id ``object_id`` that belongs to ``strategic_session``, loaded
    with the loader ``options``.

    A model belongs to a session through its ``session_id`` column, or through the clause its
    ``in_session(session_id)`` class method gives (a talk through its agenda item).

    :raise 404: if there is no such row in this session (another session's row included).
    """
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        abort(404)
    if not 0 < object_id < LARGEST_ID:
        abort(404)
    if hasattr(model, "in_session"):
        found = db.session.scalar(
            sa.select(model)
            .where(model.id == object_id, model.in_session(strategic_session.id))
            .options(*options)
        )
    else:
        found = db.session.get(model, object_id, options=options)
        if found is not None and found.session_id != strategic_session.id:
            found = None
    if found is None:
        abort(404)
    return found


def chosen_in_session(model, object_id, strategic_session, field: str | None = None):
    """The session's ``model`` row with the id a form chose (``None`` for no id).

    :raise DomainError: at ``field`` if the row is missing or another session's.
    """
    if object_id is None:
        return None
    obj = db.session.get(model, object_id)
    if obj is None or obj.session_id != strategic_session.id:
        raise DomainError(_("Choose from the list."), field)
    return obj
