"""A session's settings: creating it, its title, dates and strategy, its forum, its counts."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import DomainError
from ...extensions import db
from ...people.models import Organisation, Participant
from ...projects.models import Project
from ..models import Forum, StrategicSession

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\Z")  # \Z: no "\n" after it
SETTINGS_FIELDS = [
    "title",
    "description",
    "starts_on",
    "ends_on",
    "place",
    "strategy_title",
    "strategy_description",
]
FORUM_FIELDS = ["name", "starts_on", "ends_on", "place"]


def session_counts(strategic_session: StrategicSession) -> dict[str, int]:
    """How many organisations, participants and projects the session has (one query)."""
    sid = strategic_session.id
    row = db.session.execute(
        sa.select(
            sa.select(sa.func.count()).where(Organisation.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Participant.session_id == sid).scalar_subquery(),
            sa.select(sa.func.count()).where(Project.session_id == sid).scalar_subquery(),
        )
    ).one()
    return {"organisations": row[0], "participants": row[1], "projects": row[2]}


def _check_slug(slug: str) -> str:
    """The address in lower case.

    :raise DomainError: if it is malformed or another session has it.
    """
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise DomainError(
            _("Use lower-case Latin letters, digits and hyphens (for example zato-2019)."), "slug"
        )
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise DomainError(_("A session with this address already exists."), "slug")
    return slug


def _check_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The end date is before the start date."), "ends_on")


def create_session(*, slug: str, title: str, **settings) -> StrategicSession:
    """A new session in set-up (admins only; the view checks).

    :raise DomainError: if the address is malformed or taken, or the dates are out of order.
    """
    slug = _check_slug(slug)
    _check_dates(settings.get("starts_on"), settings.get("ends_on"))
    values = {key: value for key, value in settings.items() if key in SETTINGS_FIELDS}
    strategic_session = StrategicSession(slug=slug, title=title.strip(), **values)
    db.session.add(strategic_session)
    db.session.flush()
    audit.record("create", strategic_session, strategic_session=strategic_session, summary=title)
    return strategic_session


def update_session(strategic_session: StrategicSession, **values) -> dict:
    """Change the session's title, dates, place, description and strategy. Returns the changes.

    :raise DomainError: if the dates are out of order.
    """
    _check_dates(
        values.get("starts_on", strategic_session.starts_on),
        values.get("ends_on", strategic_session.ends_on),
    )
    return audit.update_recorded(
        strategic_session,
        {field: values[field] for field in SETTINGS_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values.get("title", strategic_session.title),
    )


def save_forum(strategic_session: StrategicSession, **values) -> Forum:
    """Set the forum that receives the session's package (created on first save).

    :raise DomainError: if the dates are out of order.
    """
    _check_dates(values.get("starts_on"), values.get("ends_on"))
    forum = strategic_session.forum
    created = forum is None
    if created:
        forum = Forum(strategic_session=strategic_session, name=values.get("name", ""))
        db.session.add(forum)
    audit.update_recorded(
        forum,
        {field: values[field] for field in FORUM_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values.get("name", forum.name),
        describe=_describe_forum,
        action="create" if created else "update",
        created=created,
    )
    return forum


def _describe_forum(forum: Forum) -> dict:
    return {field: getattr(forum, field) for field in FORUM_FIELDS}
