"""The summaries of the session's projects: resources, funding sources, alignment."""

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...reference.models import FundingSource
from ...sessions.access import session_role_required
from .. import charts, summaries
from ..alignment import session_alignment
from ..forms.lists import ScopeForm


def _scope(args) -> str:
    form = ScopeForm(args)
    return form.scope.data if form.validate() else "all"


@session_role_required()
def resources(strategic_session):
    """The resources the projects need, by kind, source and year."""
    scope = _scope(request.args)
    summary = summaries.resource_summary(strategic_session, current_user, scope)
    bars = charts.money_bars(
        (
            source.title if source else _("No funding source"),
            summary.overall.by_source[source.id if source else None],
        )
        for source in summary.sources
    )
    return render_template(
        "projects/resources.html",
        strategic_session=strategic_session,
        summary=summary,
        bars=bars,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )


@session_role_required()
def sources(strategic_session):
    """What each funding source (or the one chosen) is asked for, project by project."""
    scope = _scope(request.args)
    all_sources = list(
        db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position))
    )
    chosen = next((s for s in all_sources if s.code == request.args.get("source")), None)
    sheets = summaries.source_sheets(strategic_session, current_user, scope, chosen)
    return render_template(
        "projects/sources.html",
        strategic_session=strategic_session,
        sheets=sheets,
        all_sources=all_sources,
        chosen=chosen,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )


@session_role_required()
def alignment(strategic_session):
    """Which national projects and strategy priorities the projects serve."""
    scope = _scope(request.args)
    national, strategy = session_alignment(strategic_session, current_user, scope)
    return render_template(
        "projects/alignment.html",
        strategic_session=strategic_session,
        national=national,
        strategy=strategy,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )
