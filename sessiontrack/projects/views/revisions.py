"""Comparing the passports a project was submitted with, and its current one."""

from flask import abort, render_template, request
from flask_login import current_user

from ...sessions.access import session_role_required
from .. import comparison, passport, permissions, queries

CURRENT = "current"


@session_role_required()
def compare(strategic_session, project_id: int):
    """Two versions of the passport side by side (by default the last two)."""
    project = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    if not permissions.can_see_history(current_user, project, strategic_session):
        abort(403)
    revisions = queries.revisions_of(project)
    by_number = {str(r.number): r for r in revisions}
    options = [*by_number, CURRENT]
    default_old = options[-3] if len(options) >= 3 else options[0]
    default_new = options[-2] if len(options) >= 3 else options[-1]
    old_key = request.args.get("a") if request.args.get("a") in options else default_old
    new_key = request.args.get("b") if request.args.get("b") in options else default_new

    def snapshot_of(key):
        return passport.snapshot(project) if key == CURRENT else by_number[key].snapshot

    changes = comparison.compare(snapshot_of(old_key), snapshot_of(new_key)) if revisions else None
    return render_template(
        "projects/compare.html",
        strategic_session=strategic_session,
        project=project,
        revisions=revisions,
        by_number=by_number,
        old_key=old_key,
        new_key=new_key,
        current=CURRENT,
        comparison=changes,
    )
