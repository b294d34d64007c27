"""The duplicate pairs page: projects of different sessions that describe the same thing."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from ..core.pagination import ListPage, requested_page
from . import queries
from .forms import ThresholdForm
from .matching import MAX_PAIRS, MAX_PROJECTS, MAX_THRESHOLD, MIN_THRESHOLD

bp = Blueprint("similarity", __name__, url_prefix="/duplicates")


@bp.get("/")
@login_required
def duplicates():
    strategic_sessions = queries.readable_sessions(current_user)
    if strategic_sessions is None:
        abort(403)
    form = ThresholdForm(formdata=request.args if "threshold" in request.args else None)
    form.validate()
    pairs = queries.duplicate_pairs(
        strategic_sessions, form.chosen_threshold(), queries.compared_states(current_user)
    )
    page = ListPage(pairs, page=requested_page(), per_page=current_app.config["PER_PAGE"] // 5)
    return render_template(
        "similarity/duplicates.html",
        form=form,
        page=page,
        pairs=queries.shown_pairs(page.items),
        session_count=len(strategic_sessions),
        max_projects=MAX_PROJECTS,
        max_pairs=MAX_PAIRS,
        min_percent=round(MIN_THRESHOLD * 100),
        max_percent=round(MAX_THRESHOLD * 100),
    )
