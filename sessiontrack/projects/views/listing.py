"""The list of a session's projects: search, filters, sorting, pages, counts by state."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...core.pagination import requested_page
from ...extensions import db
from ...review import adoption
from ...sessions.access import is_facilitator, session_role_required
from .. import permissions, queries, summaries
from ..forms.lists import ProjectFilterForm


@session_role_required()
def index(strategic_session):
    """The projects the user may read, as the filters narrow and sort them."""
    filters = ProjectFilterForm(
        request.args, directions=queries.directions_of(strategic_session)
    ).read()
    hidden = permissions.forum_decisions_hidden(current_user, strategic_session)
    base = queries.listed(strategic_session, current_user, to_edit=filters.to_edit.data)
    query = queries.sorted_page_query(
        queries.filtered(base, filters, decisions_hidden=hidden),
        filters.sort.data,
        decisions_hidden=hidden,
    )
    page = db.paginate(
        query,
        page=requested_page(),
        per_page=int(filters.per_page.data or 25),
        max_per_page=100,
        error_out=False,
    )
    projects = page.items
    return render_template(
        "projects/index.html",
        strategic_session=strategic_session,
        projects=projects,
        page=page,
        filters=filters,
        state_counts=queries.state_counts(
            queries.filtered(base, filters, with_state=False), decisions_hidden=hidden
        ),
        money=summaries.money_by_project([p.id for p in projects]),
        can_create=permissions.can_create_project(current_user, strategic_session),
        can_moderate=is_facilitator(current_user, strategic_session),
        state_of=lambda project: permissions.shown_state(project, hidden),
        in_package=set() if hidden else adoption.adopted_project_ids(strategic_session),
        in_package_title=_("In the forum's package"),
    )
