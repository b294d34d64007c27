"""Routes of the projects area: the passport, the workflow, revisions, summaries, wrap-up.

(The list and the passport page are in ``core.py``, with the foundation.)
"""

import sqlalchemy as sa
from flask import url_for

from sessiontrack.extensions import db
from sessiontrack.projects.models import Project, ProjectState

from .. import factories
from . import EVERYONE_IN_SESSION, FACILITATION, GROUP, Route, refuse
from .effects import of, rows, unique

WRITERS = GROUP | {"other_member"}  # members of some group of the session
ROOM = FACILITATION | WRITERS  # who shows the wrap-up screen in the room


def _project(endpoint: str, attribute: str):
    return lambda w, o: url_for(endpoint, slug=w.slug, project_id=getattr(o, attribute).id)


def _fresh_project(o, state: ProjectState) -> Project:
    """A new complete project of the group in ``state`` (committed: the request reads it)."""
    project = factories.make_project(o.session, o.group, complete=True, state=state)
    db.session.commit()
    o.extra["fresh"] = project
    return project


def _fresh(endpoint: str, state: ProjectState):
    """A URL naming a new project in ``state``: each allowed role moves a project of its own."""
    return lambda w, o: url_for(endpoint, slug=w.slug, project_id=_fresh_project(o, state).id)


FRESH_STATE = of(Project, lambda o: o.extra["fresh"], Project.state)


def decision(attribute: str):
    """The decision that changes the project's: "no" once it is recommended, else "yes"."""

    def data(w, o):
        recommended = getattr(o, attribute).state == ProjectState.RECOMMENDED
        return {"recommended": "no" if recommended else "yes"}

    return data


ROUTES = {
    ("projects.new", "GET"): Route(
        url=lambda w, o: url_for("projects.new", slug=w.slug), allowed=WRITERS
    ),
    ("projects.new", "POST"): Route(
        url=lambda w, o: url_for("projects.new", slug=w.slug),
        allowed=WRITERS,
        data=lambda w, o: {"title": "Matrix project", "working_group": o.group.id},
        effect=rows(Project),
        refused=refuse({"other_member"}, "a member of another group may not write into this one"),
    ),
    # Only the project's own group edits it; everyone else is refused, facilitators included.
    ("projects.edit", "GET"): Route(url=_project("projects.edit", "draft_project"), allowed=GROUP),
    ("projects.edit", "POST"): Route(
        url=_project("projects.edit", "draft_project"),
        allowed=GROUP,
        data=lambda w, o: {
            "title": unique("Renamed project"),
            "working_group": o.group.id,
            "version": str(o.draft_project.version_id),
        },
        effect=of(Project, lambda o: o.draft_project, Project.title),
    ),
    ("projects.submit", "POST"): Route(
        url=_fresh("projects.submit", ProjectState.DRAFT), allowed=GROUP, effect=FRESH_STATE
    ),
    ("projects.withdraw", "POST"): Route(
        url=_fresh("projects.withdraw", ProjectState.DRAFT),
        allowed=GROUP | FACILITATION,
        effect=FRESH_STATE,
    ),
    ("projects.return_", "POST"): Route(
        url=_fresh("projects.return_", ProjectState.SUBMITTED),
        allowed=FACILITATION,
        data=lambda w, o: {"remarks": "Please add the stages."},
        effect=FRESH_STATE,
    ),
    ("projects.accept", "POST"): Route(
        url=_fresh("projects.accept", ProjectState.SUBMITTED),
        allowed=FACILITATION,
        effect=FRESH_STATE,
    ),
    ("projects.decide", "POST"): Route(
        url=_project("projects.decide", "accepted_project"),
        allowed=FACILITATION,
        data=decision("accepted_project"),
        effect=of(Project, lambda o: o.accepted_project, Project.state),
    ),
    # Revisions and the change log: the project's group and the facilitator.
    ("projects.compare", "GET"): Route(
        url=_project("projects.compare", "accepted_project"), allowed=GROUP | FACILITATION
    ),
    ("projects.moderate", "GET"): Route(
        url=lambda w, o: url_for(
            "projects.moderate",
            slug=w.slug,
            action="accept",
            project_ids=o.submitted_project.id,
        ),
        allowed=FACILITATION,
        has_ids=False,
    ),
    ("projects.moderate", "POST"): Route(
        url=lambda w, o: url_for("projects.moderate", slug=w.slug),
        allowed=FACILITATION,
        data=lambda w, o: {
            "action": "accept",
            "project_ids": [_fresh_project(o, ProjectState.SUBMITTED).id],
        },
        effect=rows(
            Project,
            lambda w, o: sa.and_(
                Project.session_id == o.session.id, Project.state == ProjectState.ACCEPTED
            ),
        ),
    ),
    # Summaries count only what each user may read, so everyone in the session opens them.
    ("projects.resources", "GET"): Route(
        url=lambda w, o: url_for("projects.resources", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("projects.sources", "GET"): Route(
        url=lambda w, o: url_for("projects.sources", slug=w.slug, source="federal_budget"),
        allowed=EVERYONE_IN_SESSION,
    ),
    ("projects.alignment", "GET"): Route(
        url=lambda w, o: url_for("projects.alignment", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("projects.wrapup_start", "GET"): Route(
        url=lambda w, o: url_for("projects.wrapup_start", slug=w.slug), allowed=ROOM
    ),
    ("projects.wrapup", "GET"): Route(
        url=lambda w, o: url_for("projects.wrapup", slug=w.slug, direction_id=o.direction.id),
        allowed=ROOM,
    ),
}
