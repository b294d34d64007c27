"""Routes of the expert review (issue 5).

The world's session has its review open, one criterion, an expert with a draft scorecard for
the accepted project, and an investor ("conflicted_expert") with a conflict of interest with
that project and an interest in it. The investor had scored that project before the conflict
came to light (a draft with a score): asking for that scorecard of their own, they get 403
like any other expert. Routes that consume their object (delete, remove, withdraw) make a
fresh one for each request.
"""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.extensions import db
from sessiontrack.projects.models import Project, ProjectState
from sessiontrack.review import adoption
from sessiontrack.review import package as packages
from sessiontrack.review.models import (
    AdoptedPackage,
    Conflict,
    Criterion,
    InvestorInterest,
    PitchSlots,
    Score,
    Scorecard,
    ScorecardState,
)
from sessiontrack.review.services.totals import refresh_scorecard
from sessiontrack.sessions.models import ReviewState, StrategicSession

from .. import factories
from . import FACILITATION, Route, refuse
from .effects import number, of, rows, unique, values
from .projects import decision

EXPERTS = frozenset({"expert", "conflicted_expert"})


def extend_world(world) -> None:
    for o in (world.here, world.there):
        o.extra["interest"] = factories.make_interest(o.conflicted_expert, o.accepted_project)
        o.extra["conflicted_scorecard"] = factories.make_scorecard(
            o.accepted_project, o.conflicted_expert, values={o.criterion: 4}
        )


def _projects_of(o):
    return sa.select(Project.id).where(Project.session_id == o.session.id)


SCORECARDS = rows(Scorecard, lambda w, o: Scorecard.project_id.in_(_projects_of(o)))
CONFLICTS = rows(Conflict, lambda w, o: Conflict.project_id.in_(_projects_of(o)))
REVIEW_STATE = of(StrategicSession, lambda o: o.session, StrategicSession.review_state)
SCORECARD = of(Scorecard, lambda o: o.scorecard, Scorecard.comment)


def _review_in(state: ReviewState):
    """``prepare``: the review back in ``state`` before each request."""

    def prepare(w, o):
        o.session.review_state = state
        db.session.commit()

    return prepare


def _scored_and_recommended(o):
    """The accepted project recommended, with a submitted score: a package to adopt."""
    o.accepted_project.state = ProjectState.RECOMMENDED
    if o.scorecard.state != ScorecardState.SUBMITTED:
        o.scorecard.scores.append(
            Score(
                criterion_id=o.criterion.id,
                scale_min=o.criterion.scale_min,
                scale_max=o.criterion.scale_max,
                value=5,
            )
        )
        refresh_scorecard(o.scorecard, [o.criterion])  # as a save does
        o.scorecard.state = ScorecardState.SUBMITTED


def _nothing_adopted(w, o):
    """``prepare``: a package to adopt and none adopted yet."""
    _scored_and_recommended(o)
    db.session.execute(sa.delete(AdoptedPackage).where(AdoptedPackage.session_id == o.session.id))
    db.session.commit()


def _adopted(w, o):
    """``prepare``: a package adopted, to withdraw."""
    _scored_and_recommended(o)
    db.session.commit()
    if adoption.adopted_package(o.session) is None:
        adoption.adopt(o.session, w.users["facilitator"], _shown(w, o))
        db.session.commit()


def _shown(w, o):
    return adoption.fingerprint(packages.build(o.session))


ADOPTED = rows(AdoptedPackage)


def _locked_criteria(w, o):
    o.session.review_state = ReviewState.CLOSED
    o.session.criteria_locked = True
    db.session.commit()


def _only_the_world_criterion(w, o):
    """The session back to its one criterion, so that the standard ones are added again."""
    db.session.execute(
        sa.delete(Criterion).where(
            Criterion.session_id == o.session.id, Criterion.id != o.criterion.id
        )
    )
    db.session.commit()


def _fresh_accepted_project(w, o, **fields):
    """A new accepted project nobody is assigned to yet (or as ``fields`` say)."""
    o.extra["fresh"] = factories.make_project(
        o.session, o.group, state=ProjectState.ACCEPTED, **fields
    )
    db.session.commit()


def _project_led_by_the_experts_organisation(w, o):
    """The expert works for the organisation that leads a new project: a conflict to detect."""
    o.expert.organisation_id = o.organisation.id
    _fresh_accepted_project(w, o, lead_organisation_id=o.organisation.id)


def _fresh_criterion(o):
    criterion = factories.make_criterion(o.session)
    db.session.commit()
    return criterion.id


def _fresh_assignment(o):
    project = factories.make_project(o.session, o.group, state=o.accepted_project.state)
    scorecard = factories.make_scorecard(project, o.expert)
    db.session.commit()
    return scorecard.id


def _fresh_submitted_scorecard(o):
    project = factories.make_project(o.session, o.group, state=ProjectState.ACCEPTED)
    scorecard = o.extra["fresh"] = factories.make_scorecard(
        project, o.expert, {o.criterion: 5}, submitted=True
    )
    db.session.commit()
    return scorecard.id


def _url(endpoint, **ids):
    """A URL of the session under test (``w.slug``) naming ``o``'s objects."""
    return lambda w, o: url_for(endpoint, slug=w.slug, **{k: f(o) for k, f in ids.items()})


def _session_url(endpoint):
    return lambda w, o: url_for(endpoint, slug=w.slug)


# The conflicted expert asks for their own scorecard of the project they have a conflict with.
CONFLICTED_OWN = {
    "conflicted_expert": _url(
        "review.scorecard", scorecard_id=lambda o: o.extra["conflicted_scorecard"].id
    )
}


SCORE = lambda w, o: {  # noqa: E731
    f"criterion_{o.criterion.id}": "5",
    "comment": unique("Solid"),
    "version": str(o.scorecard.version_id),
}

ROUTES = {
    ("review.overview", "GET"): Route(url=_session_url("review.overview"), allowed=FACILITATION),
    ("review.settings", "GET"): Route(url=_session_url("review.settings"), allowed=FACILITATION),
    ("review.package", "GET"): Route(url=_session_url("review.package"), allowed=FACILITATION),
    ("review.package", "POST"): Route(
        url=_session_url("review.package"),
        allowed=FACILITATION,
        data=lambda w, o: {f"slots-{o.direction.id}": str(number())},
        effect=values(PitchSlots.slots, where=lambda w, o: PitchSlots.session_id == o.session.id),
    ),
    ("review.adopt_package", "POST"): Route(
        url=_session_url("review.adopt_package"),
        allowed=FACILITATION,
        prepare=_nothing_adopted,
        data=lambda w, o: {"fingerprint": _shown(w, o)},
        effect=ADOPTED,
    ),
    ("review.withdraw_package", "POST"): Route(
        url=_session_url("review.withdraw_package"),
        allowed=FACILITATION,
        prepare=_adopted,
        effect=ADOPTED,
    ),
    ("review.settings", "POST"): Route(
        url=_session_url("review.settings"),
        allowed=FACILITATION,
        data=lambda w, o: {
            "review_min_scorecards": "2",
            "disagreement_stdev": str(number()),
            "disagreement_range": "30",
        },
        effect=of(StrategicSession, lambda o: o.session, StrategicSession.disagreement_stdev),
    ),
    ("review.open_review", "POST"): Route(
        url=_session_url("review.open_review"),
        allowed=FACILITATION,
        prepare=_review_in(ReviewState.CLOSED),
        effect=REVIEW_STATE,
    ),
    ("review.close_review", "POST"): Route(
        url=_session_url("review.close_review"),
        allowed=FACILITATION,
        prepare=_review_in(ReviewState.OPEN),
        effect=REVIEW_STATE,
    ),
    ("review.publish_results", "POST"): Route(
        url=_session_url("review.publish_results"),
        allowed=FACILITATION,
        prepare=_review_in(ReviewState.CLOSED),
        effect=REVIEW_STATE,
    ),
    ("review.criteria", "GET"): Route(url=_session_url("review.criteria"), allowed=FACILITATION),
    ("review.new_criterion", "GET"): Route(
        url=_session_url("review.new_criterion"), allowed=FACILITATION
    ),
    ("review.new_criterion", "POST"): Route(
        url=_session_url("review.new_criterion"),
        allowed=FACILITATION,
        data=lambda w, o: {
            "title": unique("Readiness"),
            "weight": "2",
            "counted": "y",
            "scale_min": "0",
            "scale_max": "5",
            "position": "3",
        },
        effect=rows(Criterion),
    ),
    ("review.edit_criterion", "GET"): Route(
        url=_url("review.edit_criterion", criterion_id=lambda o: o.criterion.id),
        allowed=FACILITATION,
    ),
    ("review.edit_criterion", "POST"): Route(
        url=_url("review.edit_criterion", criterion_id=lambda o: o.criterion.id),
        allowed=FACILITATION,
        data=lambda w, o: {
            "title": unique("Renamed"),
            "weight": "1",
            "counted": "y",
            "scale_min": "0",
            "scale_max": "10",
            "position": "1",
        },
        effect=of(Criterion, lambda o: o.criterion, Criterion.title),
    ),
    ("review.delete_criterion", "POST"): Route(
        url=_url("review.delete_criterion", criterion_id=_fresh_criterion),
        allowed=FACILITATION,
        effect=rows(Criterion),
    ),
    ("review.default_criteria", "POST"): Route(
        url=_session_url("review.default_criteria"),
        allowed=FACILITATION,
        prepare=_only_the_world_criterion,
        effect=rows(Criterion),
    ),
    ("review.reopen_criteria", "POST"): Route(
        url=_session_url("review.reopen_criteria"),
        allowed=FACILITATION,
        prepare=_locked_criteria,
        effect=of(StrategicSession, lambda o: o.session, StrategicSession.criteria_locked),
    ),
    ("review.assignments", "GET"): Route(
        url=_session_url("review.assignments"), allowed=FACILITATION
    ),
    # Each request finds a new accepted project to assign.
    ("review.assign_all", "POST"): Route(
        url=_session_url("review.assign_all"),
        allowed=FACILITATION,
        prepare=_fresh_accepted_project,
        effect=SCORECARDS,
    ),
    ("review.assign_balanced", "POST"): Route(
        url=_session_url("review.assign_balanced"),
        allowed=FACILITATION,
        data=lambda w, o: {"per_project": "2", "max_load": "100"},
        prepare=_fresh_accepted_project,
        effect=SCORECARDS,
    ),
    ("review.assign_one", "POST"): Route(
        url=_session_url("review.assign_one"),
        allowed=FACILITATION,
        data=lambda w, o: {
            "expert_id": o.expert.id,
            "project_id": o.extra.get("fresh", o.accepted_project).id,
        },
        prepare=_fresh_accepted_project,
        effect=SCORECARDS,
    ),
    ("review.unassign", "POST"): Route(
        url=_url("review.unassign", scorecard_id=_fresh_assignment),
        allowed=FACILITATION,
        effect=SCORECARDS,
    ),
    ("review.detect_conflicts", "POST"): Route(
        url=_session_url("review.detect_conflicts"),
        allowed=FACILITATION,
        prepare=_project_led_by_the_experts_organisation,
        effect=CONFLICTS,
    ),
    ("review.reopen_scorecard", "POST"): Route(
        url=_url("review.reopen_scorecard", scorecard_id=_fresh_submitted_scorecard),
        allowed=FACILITATION,
        effect=of(Scorecard, lambda o: o.extra["fresh"], Scorecard.state),
    ),
    ("review.my_projects", "GET"): Route(url=_session_url("review.my_projects"), allowed=EXPERTS),
    # The scorecard: its own expert and facilitators read it; only its expert writes it. The
    # conflicted expert gets 403 for their own scorecard of the conflicted project.
    ("review.scorecard", "GET"): Route(
        url=_url("review.scorecard", scorecard_id=lambda o: o.scorecard.id),
        allowed=FACILITATION | {"expert"},
        role_urls=CONFLICTED_OWN,
    ),
    ("review.scorecard", "POST"): Route(
        url=_url("review.scorecard", scorecard_id=lambda o: o.scorecard.id),
        allowed={"expert"},
        data=SCORE,
        role_urls=CONFLICTED_OWN,
        effect=SCORECARD,
    ),
    ("review.save_draft", "POST"): Route(
        url=_url("review.save_draft", scorecard_id=lambda o: o.scorecard.id),
        allowed={"expert"},
        data=SCORE,
        role_urls={
            "conflicted_expert": _url(
                "review.save_draft", scorecard_id=lambda o: o.extra["conflicted_scorecard"].id
            )
        },
        effect=SCORECARD,
    ),
    ("review.declare_conflict", "POST"): Route(
        url=_session_url("review.declare_conflict"),
        allowed=EXPERTS,
        data=lambda w, o: {"project_id": o.accepted_project.id, "reason": "My employer leads it"},
        effect=CONFLICTS,
        refused=refuse({"conflicted_expert"}, "has declared a conflict with the project already"),
    ),
    ("review.investors", "GET"): Route(url=_session_url("review.investors"), allowed=FACILITATION),
    ("review.investors_xlsx", "GET"): Route(
        url=_session_url("review.investors_xlsx"), allowed=FACILITATION
    ),
    ("review.investors_pdf", "GET"): Route(
        url=_session_url("review.investors_pdf"), allowed=FACILITATION
    ),
    # Only investors mark interest; the conflicted expert of the world is an investor.
    ("review.mark_interest", "POST"): Route(
        url=_session_url("review.mark_interest"),
        allowed={"conflicted_expert"},
        data=lambda w, o: {"project_id": o.accepted_project.id, "note": unique("Would co-invest")},
        effect=of(InvestorInterest, lambda o: o.extra["interest"], InvestorInterest.note),
    ),
    ("review.withdraw_interest", "POST"): Route(
        url=_url("review.withdraw_interest", interest_id=lambda o: o.extra["interest"].id),
        allowed={"conflicted_expert"},
        effect=rows(
            InvestorInterest, lambda w, o: InvestorInterest.project_id.in_(_projects_of(o))
        ),
    ),
    # Results are not published in the world: facilitators only (behind the interim button).
    ("review.results", "GET"): Route(url=_session_url("review.results"), allowed=FACILITATION),
    ("review.panels", "GET"): Route(url=_session_url("review.panels"), allowed=FACILITATION),
    ("review.decide", "POST"): Route(
        url=_url("review.decide", project_id=lambda o: o.accepted_project.id),
        allowed=FACILITATION,
        data=decision("accepted_project"),
        effect=of(Project, lambda o: o.accepted_project, Project.state),
    ),
    ("review.feedback", "GET"): Route(
        url=_url("review.feedback", project_id=lambda o: o.accepted_project.id),
        allowed=FACILITATION,
    ),
    # Paper sheets: facilitators any expert's, an expert their own.
    ("review.paper_sheet", "GET"): Route(
        url=_url("review.paper_sheet", expert_id=lambda o: o.expert.id),
        allowed=FACILITATION | {"expert"},
    ),
    ("review.paper_xlsx", "GET"): Route(
        url=_url("review.paper_xlsx", expert_id=lambda o: o.expert.id),
        allowed=FACILITATION | {"expert"},
    ),
    ("review.paper_upload", "POST"): Route(
        url=_url("review.paper_upload", expert_id=lambda o: o.expert.id),
        allowed=FACILITATION,
        effect=SCORECARDS,
        refused=refuse(
            FACILITATION,
            "no sheet is sent: reading a filled sheet is tests/test_review_paper.py's subject",
        ),
    ),
}
