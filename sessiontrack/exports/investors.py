"""The investors' report as files: per project (who, in which form, how much, at which stage,
with which note) and per investor (their list), in XLSX and PDF.

Both files are laid out from :func:`report_tables`, which reads the rows of the facilitator's
page from the one definition (:func:`...review.queries.investors_report`): the page and the
files show the same projects, investors, terms and totals.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from ..review.queries import investors_report
from ..sessions.models import StrategicSession
from . import content
from . import formatting as fmt
from .table_model import AMOUNT, INTEGER, Column, Table
from .xlsx import SHEET_NAME_LENGTH, write_table

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _terms(interest) -> list:
    """An interest's terms as cells: form, amount from, amount to, stage, note."""
    return [
        interest.form.title,
        interest.amount_from,
        interest.amount_to,
        interest.stage.title if interest.stage else None,
        interest.note or None,
    ]


def _term_columns() -> list[Column]:
    return [
        Column(_("Form of participation")),
        Column(_("From, million roubles"), AMOUNT),
        Column(_("To, million roubles"), AMOUNT),
        Column(_("Stage to join")),
        Column(_("Note")),
    ]


def report_tables(strategic_session: StrategicSession) -> list[Table]:
    """The report's four tables: projects with their totals, each project's interests,
    investors with their totals, each investor's list — the rows of the page."""
    projects, investors = investors_report(strategic_session)
    by_project = Table(
        "by_project",
        _("By project"),
        [
            Column(_("Project")),
            Column(_("Investors"), INTEGER),
            Column(_("Form of participation")),
            Column(_("From, million roubles"), AMOUNT),
            Column(_("To, million roubles"), AMOUNT),
        ],
        [
            [
                line.project.display_title,
                len(line.interests),
                ", ".join(str(form.title) for form in line.forms),
                line.amount_from,
                line.amount_to,
            ]
            for line in projects
        ],
    )
    project_interests = Table(
        "project_interests",
        _("Interest by project"),
        [Column(_("Project")), Column(_("Investor")), *_term_columns()],
        [
            [line.project.display_title, i.expert.full_name, *_terms(i)]
            for line in projects
            for i in line.interests
        ],
    )
    by_investor = Table(
        "by_investor",
        _("By investor"),
        [
            Column(_("Investor")),
            Column(_("Projects"), INTEGER),
            Column(_("From, million roubles"), AMOUNT),
            Column(_("To, million roubles"), AMOUNT),
        ],
        [
            [line.investor.full_name, len(line.interests), line.amount_from, line.amount_to]
            for line in investors
        ],
    )
    investor_lists = Table(
        "investor_lists",
        _("Each investor's projects"),
        [Column(_("Investor")), Column(_("Project")), *_term_columns()],
        [
            [line.investor.full_name, i.project.display_title, *_terms(i)]
            for line in investors
            for i in line.interests
        ],
    )
    return [by_project, project_interests, by_investor, investor_lists]


def investors_xlsx(tables: list[Table]) -> bytes:
    """The report's workbook: a sheet per table, cells safe from formulas (:mod:`.xlsx`)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        write_table(workbook.create_sheet(table.title[:SHEET_NAME_LENGTH]), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_cell(value, kind: str) -> str:
    """A cell as the PDF prints it: amounts in the reader's format, empty as a dash."""
    if kind == AMOUNT:
        return fmt.amount(value) if value is not None else fmt.DASH
    return fmt.DASH if value is None else str(value)


def simple_table(table: Table, widths: tuple) -> content.SimpleTable:
    """``table`` as text for the PDF's grid."""
    kinds = [column.kind for column in table.columns]
    return content.SimpleTable(
        headers=[column.title for column in table.columns],
        rows=[
            [text_cell(value, kind) for value, kind in zip(row, kinds, strict=True)]
            for row in table.rows
        ],
        widths=widths,
    )
