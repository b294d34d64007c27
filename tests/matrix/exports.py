"""Routes of the exports area: the export page, downloads, background jobs, session import.

The world's review is open, not published: the forum package (tables, workbook, book) and the
JSON are the facilitators' alone; the minutes are everyone's; a passport is its group's and
the readers' of the project; an expert prints their own blank sheets.
"""

import io

from flask import current_app, url_for

from sessiontrack.exports.models import ExportJob
from sessiontrack.sessions.models import StrategicSession

from .. import factories
from ..conftest import AuthActions
from . import EVERYONE_IN_SESSION, FACILITATION, GROUP, Route
from .effects import all_rows, rows, unique


def _session_export(w, o):
    """The session's JSON export (as its facilitator downloads it), to import as a new one."""
    if "json" not in o.extra:
        client = current_app.test_client()
        AuthActions(client).login(w.users["admin"])
        response = client.get(url_for("exports.session_json", slug=o.session.slug))
        assert response.status_code == 200, response.status_code
        o.extra["json"] = response.get_data()
    return {
        "file": (io.BytesIO(o.extra["json"]), "session.json"),
        "slug": unique("imported").replace(" ", "-"),
    }


def extend_world(world) -> None:
    """A finished export job of each session's facilitator."""
    owners = ((world.here, world.users["facilitator"]), (world.there, None))
    for objects, owner in owners:
        objects.extra["export_job"] = factories.make_export_job(objects.session, owner)


def _job_url(endpoint):
    return lambda w, o: url_for(endpoint, slug=w.slug, job_id=o.extra["export_job"].id)


ROUTES = {
    ("exports.index", "GET"): Route(
        url=lambda w, o: url_for("exports.index", slug=w.slug), allowed=EVERYONE_IN_SESSION
    ),
    ("exports.passport", "GET"): Route(
        url=lambda w, o: url_for(
            "exports.passport", slug=w.slug, project_id=o.accepted_project.id, fmt="pdf"
        ),
        # Its group, and experts who read accepted projects; observers only once published.
        allowed=FACILITATION | GROUP | {"expert", "conflicted_expert"},
    ),
    ("exports.minutes", "GET"): Route(
        url=lambda w, o: url_for("exports.minutes", slug=w.slug, fmt="docx"),
        allowed=EVERYONE_IN_SESSION,
        has_ids=False,
    ),
    ("exports.table", "GET"): Route(
        # The raw scores: nobody but facilitators before publication.
        url=lambda w, o: url_for("exports.table", slug=w.slug, name="scores"),
        allowed=FACILITATION,
        has_ids=False,
    ),
    ("exports.workbook", "GET"): Route(
        url=lambda w, o: url_for("exports.workbook", slug=w.slug), allowed=FACILITATION
    ),
    ("exports.progress", "GET"): Route(
        # The implementation dashboard's figures: the facilitators' alone, like the dashboard.
        url=lambda w, o: url_for("exports.progress", slug=w.slug, fmt="xlsx"),
        allowed=FACILITATION,
        has_ids=False,  # the format is no object of a session
    ),
    ("exports.session_json", "GET"): Route(
        url=lambda w, o: url_for("exports.session_json", slug=w.slug), allowed=FACILITATION
    ),
    ("exports.sheets", "GET"): Route(
        # The expert's own sheets; another expert's only for facilitators.
        url=lambda w, o: url_for("exports.sheets", slug=w.slug, expert=o.expert.id),
        allowed=FACILITATION | {"expert"},
        has_ids=True,
    ),
    ("exports.start_job", "POST"): Route(
        url=lambda w, o: url_for("exports.start_job", slug=w.slug),
        data=lambda w, o: {"document": "pdf:book"},
        allowed=FACILITATION,
        effect=rows(ExportJob),
    ),
    ("exports.job", "GET"): Route(url=_job_url("exports.job"), allowed=FACILITATION),
    ("exports.job_progress", "GET"): Route(
        url=_job_url("exports.job_progress"), allowed=FACILITATION
    ),
    ("exports.job_download", "GET"): Route(
        url=_job_url("exports.job_download"), allowed=FACILITATION
    ),
    ("imports.session_json_import", "GET"): Route(
        url=lambda w, o: url_for("imports.session_json_import"), allowed={"admin"}
    ),
    ("imports.session_json_import", "POST"): Route(
        url=lambda w, o: url_for("imports.session_json_import"),
        allowed={"admin"},
        data=_session_export,
        effect=all_rows(StrategicSession),
    ),
}
