"""The portfolio's progress after the forum as tables, for the progress workbook (XLSX) and the
progress document (PDF).

Every figure comes from :mod:`..projects.portfolio`, the functions the implementation
dashboard shows: the late stages (:func:`..projects.implementation.is_late`), the indicators
reached, the money (:class:`..projects.summaries.Money`: need, secured, gap).
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..projects.portfolio import Progress
from .table_model import (
    AMOUNT,
    DATE,
    INTEGER,
    TEXT,
    YEAR,
    Column,
    Table,
    money_cells,
    money_columns,
)

SHEET_TITLES = {
    "portfolio": _l("Portfolio"),
    "stages": _l("Key stages"),
    "indicators": _l("Indicators"),
    "funding": _l("Money secured"),
    "reports": _l("Reports"),
}


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def about(strategic_session, today: date) -> list[tuple[str, object]]:
    """What the progress files are: the session, its stage and the day they are as of."""
    return [
        (_("Session"), strategic_session.title),
        (_("Stage"), strategic_session.state.title),
        (_("As of"), today),
    ]


def portfolio_table(rows: list[Progress]) -> Table:
    """Per project: stages done and late, indicators reached, need, secured and gap."""
    columns = [
        Column(_("Project")),
        Column(_("Stages"), INTEGER),
        Column(_("Stages done"), INTEGER),
        Column(_("Late"), INTEGER),
        Column(_("Indicators"), INTEGER),
        Column(_("Indicators reached"), INTEGER),
        *money_columns(),
    ]
    body = [
        [
            row.project.display_title,
            row.stages,
            row.done,
            len(row.late),
            row.indicators,
            row.reached,
            *money_cells(row.money),
        ]
        for row in rows
    ]
    return Table("portfolio", str(SHEET_TITLES["portfolio"]), columns, body)


def stages_table(rows: list[Progress]) -> Table:
    """Each key stage: planned and actual dates, status, late or not."""
    columns = [
        Column(_("Project")),
        Column(_("Stage")),
        Column(_("Planned start"), DATE),
        Column(_("Planned end"), DATE),
        Column(_("Actual start"), DATE),
        Column(_("Actual end"), DATE),
        Column(_("Status")),
        Column(_("Late")),
    ]
    body = [
        [
            row.project.display_title,
            stage.title,
            stage.starts_on,
            stage.ends_on,
            stage.actual_start,
            stage.actual_end,
            stage.status.title,
            _yes(stage in row.late),
        ]
        for row in rows
        for stage in row.project.stages
    ]
    return Table("stages", str(SHEET_TITLES["stages"]), columns, body)


def indicators_table(rows: list[Progress]) -> Table:
    """Each indicator's target against its actual value per year (one row per year; an
    indicator without a value yet has one row without a year)."""
    columns = [
        Column(_("Project")),
        Column(_("Indicator")),
        Column(_("Unit")),
        Column(_("Target"), AMOUNT),
        Column(_("Target year"), YEAR),
        Column(_("Year"), YEAR),
        Column(_("Actual value"), AMOUNT),
        Column(_("Reached")),
    ]
    body = []
    for row in rows:
        for indicator in row.project.indicators:
            head = [row.project.display_title, indicator.name, indicator.unit]
            head += [indicator.target, indicator.year]
            reached = _yes(row.is_reached(indicator))
            values = row.values_of(indicator) or [(None, None)]
            body += [[*head, year, value, reached] for year, value in values]
    return Table("indicators", str(SHEET_TITLES["indicators"]), columns, body)


def funding_table(rows: list[Progress]) -> Table:
    """Money secured over time: each amount, and the project's need, secured part and gap
    once it was secured."""
    columns = [
        Column(_("Project")),
        Column(_("Date"), DATE),
        Column(_("Funding source")),
        Column(_("Amount, million roubles"), AMOUNT),
        Column(_("Document")),
        *money_columns(),
    ]
    body = [
        [
            row.project.display_title,
            funding.secured_on,
            funding.funding_source.title,
            funding.amount,
            funding.document,
            *money_cells(money),
        ]
        for row in rows
        for funding, money in row.funding
    ]
    return Table("funding", str(SHEET_TITLES["funding"]), columns, body)


def reports_table(rows: list[Progress]) -> Table:
    """The reports per period, by date."""
    columns = [
        Column(_("Project")),
        Column(_("Period")),
        Column(_("Reported on"), DATE),
        Column(_("Author")),
        Column(_("Report"), TEXT),
    ]
    body = [
        [
            row.project.display_title,
            report.period,
            report.reported_on,
            report.author.name if report.author else "",
            report.text,
        ]
        for row in rows
        for report in row.reports
    ]
    return Table("reports", str(SHEET_TITLES["reports"]), columns, body)


def progress_tables(rows: list[Progress]) -> list[Table]:
    """The progress workbook's sheets, in order."""
    return [
        portfolio_table(rows),
        stages_table(rows),
        indicators_table(rows),
        funding_table(rows),
        reports_table(rows),
    ]
