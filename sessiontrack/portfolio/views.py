"""The portfolio page and its files: the reader's sessions side by side (read only)."""

import io

from flask import Blueprint, render_template, request, send_file
from flask_login import current_user

from ..core.pagination import requested_page
from ..exports.services import XLSX_MIMETYPE
from . import exports, listing
from .charts import chart_data
from .figures import breakdown, load_portfolio
from .forms import PortfolioFilterForm
from .readers import has_portfolio, portfolio_required

bp = Blueprint("portfolio", __name__, url_prefix="/portfolio")
# The query string's keys that choose and order the list.
FILTER_KEYS = ("q", "session", "state", "sort", "order")
# The main navigation links the portfolio for the accounts that have one.
bp.add_app_template_global(has_portfolio, "has_portfolio")


def _chosen(portfolio):
    """The filter form and the projects it keeps, in the order it asks for."""
    form = PortfolioFilterForm(formdata=request.args, sessions=portfolio.sessions)
    form.validate()
    kept = listing.filtered(
        portfolio.projects,
        q=form.value("q"),
        session_slug=form.value("session"),
        state=form.chosen_state,
    )
    descending = form.value("order") == "desc"
    return form, listing.sorted_projects(kept, form.value("sort") or "session", descending)


@bp.get("/")
@portfolio_required
def index():
    portfolio = load_portfolio(current_user)
    form, projects = _chosen(portfolio)
    summary = breakdown(portfolio, projects)
    return render_template(
        "portfolio/index.html",
        form=form,
        portfolio=portfolio,
        summary=summary,
        page=listing.page_of(projects, requested_page()),
        charts=chart_data(summary, portfolio.sessions),
        # The exports keep the list's filter and order (and nothing else of the query string).
        export_args={key: request.args[key] for key in FILTER_KEYS if request.args.get(key)},
    )


@bp.get("/portfolio.<any(csv, xlsx):kind>")
@portfolio_required
def export(kind: str):
    portfolio = load_portfolio(current_user)
    _form, projects = _chosen(portfolio)
    if kind == "csv":
        content, mimetype = exports.portfolio_csv(projects), exports.CSV_MIMETYPE
    else:
        summary = breakdown(portfolio, projects)
        content = exports.portfolio_workbook(projects, summary, portfolio.sessions)
        mimetype = XLSX_MIMETYPE
    return send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"portfolio.{kind}",
        max_age=0,
    )
