"""Routes of the public catalogue: its pages, open to anyone (the «anonymous» column), and the
facilitator's page that publishes it and prints its posters."""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.catalogue import settings
from sessiontrack.core.models import utcnow
from sessiontrack.core.unique import insert_missing
from sessiontrack.extensions import db
from sessiontrack.people.models import ExpertKind, Participant, ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.review.models import InvestorInterest
from sessiontrack.sessions.models import ReviewState, StrategicSession

from .. import factories
from . import FACILITATION, Route, refuse
from .effects import number, of, rows, values


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
    # The world's investor is an investor of the public session too: they mark interest there.
    investor = factories.make_participation(
        world.users["conflicted_expert"],
        world.here.extra["catalogue_session"],
        ParticipantRole.EXPERT,
    )
    investor.expert_kind = ExpertKind.INVESTOR
    db.session.flush()


def _published_here(w, o) -> None:
    """The catalogue of the session under test published, for unpublishing it."""
    db.session.get(StrategicSession, o.session.id).catalogue_published_at = utcnow()
    db.session.commit()


def _interest_url(endpoint: str):
    """The URL of an interest action on the public page of the catalogue's project."""
    return lambda w, o: url_for(
        endpoint,
        slug=w.here.extra["catalogue_session"].slug,
        project_id=o.extra["catalogue_project"].id,
    )


def _interest_marked(w, o) -> None:
    """The investor's interest in the catalogue's project, to withdraw it."""
    project = o.extra["catalogue_project"]
    investor = db.session.scalar(
        sa.select(Participant).where(
            Participant.session_id == project.session_id,
            Participant.expert_kind == ExpertKind.INVESTOR,
        )
    )
    row = {"expert_id": investor.id, "project_id": project.id}
    insert_missing(InvestorInterest, [row], InvestorInterest.id)
    db.session.commit()


def _score_hidden_here(w, o) -> None:
    """The session under test's catalogue shows no score, for showing it."""
    db.session.get(StrategicSession, o.session.id).catalogue_shows_score = False
    db.session.commit()


def _show_the_score(w, o) -> dict:
    """The form of what the catalogue shows, the score ticked, made from the current setting."""
    strategic_session = db.session.get(StrategicSession, o.session.id)
    shown = {**settings.shown_parts(strategic_session), "score": True}
    return {
        "seen": settings.parts_token(strategic_session),
        **{key: "y" for key, on in shown.items() if on},
    }


_INTERESTS = rows(
    InvestorInterest, lambda w, o: InvestorInterest.project_id == o.extra["catalogue_project"].id
)

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
    # Only an investor of the public session marks interest from the project's page.
    ("catalogue.mark_interest", "POST"): Route(
        url=_interest_url("catalogue.mark_interest"),
        allowed={"conflicted_expert"},
        data=lambda w, o: {"form": "loan", "amount_to": str(number()), "note": "At the stand"},
        effect=values(
            InvestorInterest.amount_to,
            where=lambda w, o: InvestorInterest.project_id == o.extra["catalogue_project"].id,
        ),
    ),
    ("catalogue.withdraw_interest", "POST"): Route(
        url=_interest_url("catalogue.withdraw_interest"),
        allowed={"conflicted_expert"},
        effect=_INTERESTS,
        prepare=_interest_marked,
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
    ("catalogue.change_parts", "POST"): Route(
        url=lambda w, o: url_for("catalogue.change_parts", slug=w.slug),
        allowed=FACILITATION,
        data=_show_the_score,
        effect=of(StrategicSession, lambda o: o.session, StrategicSession.catalogue_shows_score),
        prepare=_score_hidden_here,
    ),
    ("catalogue.unpublish", "POST"): Route(
        url=lambda w, o: url_for("catalogue.unpublish", slug=w.slug),
        allowed=FACILITATION,
        effect=_PUBLISHED_AT,
        prepare=_published_here,
    ),
}
