"""Routes of the public catalogue: its pages, open to anyone (the «anonymous» column), and the
facilitator's page that publishes it and prints its posters."""

from flask import url_for

from sessiontrack.core.models import utcnow
from sessiontrack.extensions import db
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState, StrategicSession

from .. import factories
from . import FACILITATION, Route, refuse
from .effects import of


def extend_world(world) -> None:
    """Beside each session, one whose catalogue is public, with a project recommended for the
    forum (the matrix's own sessions are in review: their catalogue is not public)."""
    for objects in (world.here, world.there):
        published = factories.make_session(
            review_state=ReviewState.PUBLISHED, catalogue_published_at=utcnow()
        )
        group = factories.make_group(factories.make_direction(published))
        objects.extra["catalogue_session"] = published
        objects.extra["catalogue_project"] = factories.make_project(
            published, group, complete=True, state=ProjectState.RECOMMENDED
        )


def _published_here(w, o) -> None:
    """The catalogue of the session under test published, for unpublishing it."""
    db.session.get(StrategicSession, o.session.id).catalogue_published_at = utcnow()
    db.session.commit()


_PUBLISHED_AT = of(StrategicSession, lambda o: o.session, StrategicSession.catalogue_published_at)

ROUTES = {
    # Public: anyone, logged in or not, reads a published catalogue.
    ("catalogue.index", "GET"): Route(
        url=lambda w, o: url_for("catalogue.index", slug=w.here.extra["catalogue_session"].slug),
        public=True,
        has_ids=False,
    ),
    ("catalogue.project", "GET"): Route(
        url=lambda w, o: url_for(
            "catalogue.project",
            slug=w.here.extra["catalogue_session"].slug,
            project_id=o.extra["catalogue_project"].id,
        ),
        public=True,
    ),
    ("catalogue.manage", "GET"): Route(
        url=lambda w, o: url_for("catalogue.manage", slug=w.slug), allowed=FACILITATION
    ),
    ("catalogue.posters", "GET"): Route(
        url=lambda w, o: url_for("catalogue.posters", slug=w.slug), allowed=FACILITATION
    ),
    ("catalogue.publish", "POST"): Route(
        url=lambda w, o: url_for("catalogue.publish", slug=w.slug),
        allowed=FACILITATION,
        effect=_PUBLISHED_AT,
        refused=refuse(FACILITATION, "the review results are not published yet"),
    ),
    ("catalogue.unpublish", "POST"): Route(
        url=lambda w, o: url_for("catalogue.unpublish", slug=w.slug),
        allowed=FACILITATION,
        effect=_PUBLISHED_AT,
        prepare=_published_here,
    ),
}
