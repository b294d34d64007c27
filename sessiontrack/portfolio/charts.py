"""The data of the portfolio's charts, drawn in the browser by the vendored Chart.js
(``static/js/portfolio.js``); the page shows the same figures in tables beside them."""

from flask_babel import gettext as _

from .figures import PORTFOLIO_STATES, Breakdown


def _money_series(items) -> dict:
    """Labels and the secured and gap series of ``(label, Money)`` pairs, in millions."""
    items = list(items)
    return {
        "labels": [label for label, _money in items],
        "series": [
            {"label": _("Secured"), "data": [float(m.secured) for _l, m in items]},
            {"label": _("Gap"), "data": [float(m.gap) for _l, m in items]},
        ],
    }


def chart_data(summary: Breakdown, sessions) -> dict:
    """Each chart's labels and series: money by year and by funding source (secured and gap
    stacked to the need), projects by session and by state."""
    money = summary.money
    by_year = _money_series(
        (str(year) if year else _("No year"), money.by_year[year]) for year in money.years
    )
    by_source = _money_series(
        (source.title if source else _("No source"), money.by_source[source.id if source else None])
        for source in summary.sources
    )
    states = [s for s in PORTFOLIO_STATES if summary.by_state.get(s)]
    by_session = {
        "labels": [s.title for s in sessions if s.id in summary.by_session],
        "series": [
            {
                "label": state.title,
                "data": [
                    summary.session_states.get((s.id, state), 0)
                    for s in sessions
                    if s.id in summary.by_session
                ],
            }
            for state in states
        ],
    }
    return {"by_year": by_year, "by_source": by_source, "by_session": by_session}
