"""Routes of the projects area: the passport, the workflow, revisions, summaries, wrap-up.

(The list and the passport page are in ``core.py``, with the foundation.)
"""

from flask import url_for

from . import EVERYONE_IN_SESSION, FACILITATION, GROUP, Route

WRITERS = GROUP | {"other_member"}  # members of some group of the session
ROOM = FACILITATION | WRITERS  # who shows the wrap-up screen in the room


def _project(endpoint: str, attribute: str):
    return lambda w, o: url_for(endpoint, slug=w.slug, project_id=getattr(o, attribute).id)


ROUTES = {
    ("projects.new", "GET"): Route(
        url=lambda w, o: url_for("projects.new", slug=w.slug), allowed=WRITERS
    ),
    # The other group's member may not write into this group: the form refuses it (422).
    ("projects.new", "POST"): Route(
        url=lambda w, o: url_for("projects.new", slug=w.slug),
        allowed=WRITERS,
        data=lambda w, o: {"title": "Matrix project", "working_group": o.group.id},
    ),
    # Only the project's own group edits it; everyone else is refused, facilitators included.
    ("projects.edit", "GET"): Route(url=_project("projects.edit", "draft_project"), allowed=GROUP),
    ("projects.edit", "POST"): Route(url=_project("projects.edit", "draft_project"), allowed=GROUP),
    ("projects.submit", "POST"): Route(
        url=_project("projects.submit", "draft_project"), allowed=GROUP
    ),
    ("projects.withdraw", "POST"): Route(
        url=_project("projects.withdraw", "draft_project"), allowed=GROUP | FACILITATION
    ),
    ("projects.return_", "POST"): Route(
        url=_project("projects.return_", "submitted_project"),
        allowed=FACILITATION,
        data=lambda w, o: {"remarks": "Please add the stages."},
    ),
    ("projects.accept", "POST"): Route(
        url=_project("projects.accept", "submitted_project"), allowed=FACILITATION
    ),
    ("projects.decide", "POST"): Route(
        url=_project("projects.decide", "accepted_project"),
        allowed=FACILITATION,
        data=lambda w, o: {"recommended": "yes"},
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
        data=lambda w, o: {"action": "accept", "project_ids": [o.submitted_project.id]},
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
