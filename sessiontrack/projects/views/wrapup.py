"""The wrap-up screen (подведение итогов): a session's projects shown direction by direction."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...people.models import ParticipantRole
from ...sessions.access import session_role_required
from .. import charts, permissions, queries, summaries


@session_role_required(ParticipantRole.FACILITATOR, *permissions.GROUP_ROLES)
def wrapup_start(strategic_session):
    """The wrap-up of the first direction."""
    first = queries.first_direction(strategic_session)
    if first is None:
        flash(_("The session has no directions yet."), "warning")
        return redirect(url_for("projects.index", slug=strategic_session.slug))
    return redirect(url_for("projects.wrapup", slug=strategic_session.slug, direction_id=first.id))


@session_role_required(ParticipantRole.FACILITATOR, *permissions.GROUP_ROLES)
def wrapup(strategic_session, direction_id: int):
    """One direction's projects with their figures and timelines on one scale."""
    directions = queries.directions_of(strategic_session)
    index = next((i for i, d in enumerate(directions) if d.id == direction_id), None)
    if index is None:
        abort(404)
    direction = directions[index]
    items = summaries.wrapup_projects(strategic_session, current_user, direction)
    stages = [s for item in items for s in item.project.stages]
    span = charts.year_span(
        stages,
        min((i.project.start_year for i in items if i.project.start_year), default=None),
        max((i.project.end_year for i in items if i.project.end_year), default=None),
    )
    return render_template(
        "projects/wrapup.html",
        strategic_session=strategic_session,
        direction=direction,
        number=index + 1,
        count=len(directions),
        previous=directions[index - 1] if index > 0 else None,
        next=directions[index + 1] if index + 1 < len(directions) else None,
        items=[(item, charts.timeline(item.project.stages, span)) for item in items],
    )
