"""The portfolio's files: the list of projects (CSV, and the first sheet of the workbook), the
money by funding source and year, and the projects by session and national project. Laid out
by the exports area (:mod:`...exports.xlsx`, :mod:`...exports.csv_format`), which neutralises
formulas in text cells."""

from flask_babel import gettext as _

from ..exports import csv_format, xlsx
from ..exports.table_model import (
    INTEGER,
    SCORE,
    YEAR,
    Column,
    Table,
    money_cells,
    money_columns,
)
from .figures import Breakdown, PortfolioProject

CSV_MIMETYPE = "text/csv"  # Werkzeug adds «; charset=utf-8» to a text type


def projects_table(projects: list[PortfolioProject]) -> Table:
    """A row per project: its session, title, direction, state, money and comparable score."""
    columns = [
        Column(_("Session")),
        Column(_("Place")),
        Column(_("Project")),
        Column(_("Direction")),
        Column(_("State")),
        *money_columns(),
        Column(_("Rank in the session"), INTEGER),
        Column(_("Ranked projects in the session"), INTEGER),
        Column(_("Rank percentile in the session"), SCORE),
        Column(_("z-score in the session"), SCORE),
    ]
    rows = []
    for p in projects:
        money = p.money.rounded()
        score = p.score
        rows.append(
            [
                p.session.title,
                p.session.place,
                p.title,
                p.direction,
                p.state.title,
                *money_cells(money),
                score.rank if score else None,
                score.ranked if score else None,
                score.percentile if score else None,
                score.zscore if score else None,
            ]
        )
    return Table("portfolio", _("Portfolio projects"), columns, rows)


def money_table(summary: Breakdown) -> Table:
    """A row per funding source and year with money: need, secured, gap."""
    columns = [
        Column(_("Funding source")),
        Column(_("Year"), YEAR),
        *money_columns(),
    ]
    rows = []
    for source in summary.sources:
        for year in summary.money.years:
            money = summary.money.cell(source.id if source else None, year).rounded()
            if money.need:
                title = source.title if source else _("No source")
                rows.append([title, year, *money_cells(money)])
    return Table("money", _("By funding source and year"), columns, rows)


def national_table(summary: Breakdown, sessions: list) -> Table:
    """A row per session and national project: how many projects."""
    columns = [Column(_("Session")), Column(_("National project")), Column(_("Projects"), INTEGER)]
    rows = []
    for strategic_session in sessions:
        counts = summary.by_session.get(strategic_session.id, {})
        for national in summary.national_projects:
            count = counts.get(national.id if national else None)
            if count:
                title = national.title if national else _("No national project")
                rows.append([strategic_session.title, title, count])
    return Table("national", _("By session and national project"), columns, rows)


def portfolio_csv(projects: list[PortfolioProject]) -> bytes:
    """The list of projects as CSV (UTF-8 with a byte-order mark, for Excel)."""
    return csv_format.table_bytes(projects_table(projects))


def portfolio_workbook(projects: list[PortfolioProject], summary: Breakdown, sessions) -> bytes:
    """The list, the money and the national projects as an XLSX workbook."""
    return xlsx.tables_bytes(
        [projects_table(projects), money_table(summary), national_table(summary, sessions)]
    )
