"""The portfolio, as its page shows it, for the accounts that read one
(``portfolio/readers.py``): the same services (``portfolio/figures.py``), one function per
figure."""

from flask_babel import gettext as _
from flask_smorest import abort

from ...portfolio import listing
from ...portfolio.figures import Breakdown, Portfolio, PortfolioProject, breakdown, load_portfolio
from ...portfolio.readers import has_portfolio
from ...projects.summaries import Money
from .auth import api_user
from .blueprint import api_blueprint
from .errors import ErrorSchema
from .schemas import PortfolioSchema

blp = api_blueprint(
    "api_portfolio",
    __name__,
    description="The portfolio across sessions, for the accounts an administrator grants it.",
)


def money_data(money: Money) -> dict:
    """Need, secured and gap, each rounded once to the kopeck of a million."""
    shown = money.rounded()
    return {
        "need": format(shown.need, ".2f"),
        "secured": format(shown.secured, ".2f"),
        "gap": format(shown.gap, ".2f"),
    }


def totals_data(summary: Breakdown) -> dict:
    """The page's totals: the projects counted and their money."""
    return {
        "projects": summary.count,
        "unconverted": summary.unconverted,
        **money_data(summary.money.total),
    }


def money_cells(summary: Breakdown) -> list[dict]:
    """Money by funding source × year, as the page's table (sources in their order, years in
    theirs; only the cells with money)."""
    return [
        {
            "funding_source_id": source.id if source else None,
            "funding_source": source.title if source else None,
            "year": year,
            **money_data(summary.money.cell(source.id if source else None, year)),
        }
        for source in summary.sources
        for year in summary.money.years
        if (source.id if source else None, year) in summary.money.cells
    ]


def project_data(project: PortfolioProject) -> dict:
    """A project of the list: its session, state, money and comparable score."""
    score = project.score
    return {
        "id": project.id,
        "title": project.title,
        "session": project.session.slug,
        "state": project.state.value,
        "direction": project.direction,
        "national_project_ids": sorted(project.national_project_ids),
        "money": money_data(project.money),
        "score": None
        if score is None
        else {
            "rank": score.rank,
            "ranked": score.ranked,
            "percentile": score.percentile,
            "zscore": score.zscore,
        },
    }


def portfolio_data(portfolio: Portfolio) -> dict:
    """The whole portfolio, its projects in the page's first order (by session, then title)."""
    projects = listing.sorted_projects(portfolio.projects, "session", descending=False)
    summary = breakdown(portfolio, projects)
    return {
        "sessions": [
            {"slug": s.slug, "title": s.title, "place": s.place} for s in portfolio.sessions
        ],
        "totals": totals_data(summary),
        "money": money_cells(summary),
        "projects": [project_data(p) for p in projects],
    }


@blp.get("/portfolio")
@blp.response(200, PortfolioSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(403, schema=ErrorSchema)
def portfolio():
    """The portfolio page's figures: totals, money by funding source × year (need, secured,
    gap), and every project with its session, state and comparable score."""
    user = api_user()
    if not has_portfolio(user):
        abort(403, message=_("Your account reads no portfolio."))
    return portfolio_data(load_portfolio(user))
