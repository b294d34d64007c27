"""The session's workbook (openpyxl): one sheet per table of :mod:`.tables`.

Each sheet has a frozen, bold header row, an autofilter over the data, column widths that fit
the content (within limits) and number and date formats by column kind. Text cells go through
:func:`.spreadsheets.neutralise` and are stored as text, so nothing in a cell runs as a formula.
"""

import io
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import tables as t
from .spreadsheets import neutralise

NUMBER_FORMATS = {
    t.INTEGER: "0",
    t.YEAR: "0",
    t.AMOUNT: "#,##0.00",
    t.SCORE: "0.0",
    t.DATE: "DD.MM.YYYY",
    t.DATETIME: "DD.MM.YYYY HH:MM",
}
MIN_WIDTH, MAX_WIDTH = 6, 60
# Excel's limit on sheet names.
SHEET_NAME_LENGTH = 31
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F2")


def workbook_bytes(session_tables: t.SessionTables, progress=None) -> bytes:
    """The workbook of every table the scope may see, as XLSX bytes.

    :param progress: called as ``progress(done, total)`` after each sheet.
    """
    workbook = Workbook()
    about = workbook.active
    about.title = _("About")[:SHEET_NAME_LENGTH]
    _write_about(about, session_tables.about())
    names = t.available_tables(session_tables.scope)
    for done, name in enumerate(names, start=1):
        table = session_tables.build(name)
        _write_table(workbook.create_sheet(table.title[:SHEET_NAME_LENGTH]), table)
        if progress is not None:
            progress(done, len(names))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_value(value):
    """A value openpyxl can store: local wall-clock time for timestamps, text neutralised."""
    if isinstance(value, datetime):
        return to_user_timezone(value).replace(tzinfo=None)
    return neutralise(value)


def _write_about(sheet, rows) -> None:
    for row_number, (label, value) in enumerate(rows, start=1):
        sheet.cell(row_number, 1, label).font = HEADER_FONT
        cell = sheet.cell(row_number, 2, cell_value(value))
        if isinstance(value, date):
            cell.number_format = NUMBER_FORMATS[t.DATE]
        elif isinstance(value, str):
            cell.data_type = TYPE_STRING
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100


def _write_table(sheet, table: t.Table) -> None:
    widths = []
    for column_number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(1, column_number, neutralise(column.title))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # A header may wrap onto two lines; the data decide the rest.
        widths.append(max(MIN_WIDTH, min(len(column.title) // 2 + 2, 24)))
    for row_number, row in enumerate(table.rows, start=2):
        for column_number, (column, value) in enumerate(
            zip(table.columns, row, strict=True), start=1
        ):
            cell = sheet.cell(row_number, column_number, cell_value(value))
            if isinstance(value, str):
                # Text stays text: openpyxl would otherwise store "=…" as a formula.
                cell.data_type = TYPE_STRING
                length = max((len(line) for line in value.splitlines()), default=0)
            else:
                if column.kind in NUMBER_FORMATS and value is not None:
                    cell.number_format = NUMBER_FORMATS[column.kind]
                length = _display_length(value, column.kind)
            widths[column_number - 1] = max(widths[column_number - 1], min(length + 2, MAX_WIDTH))
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"


def _display_length(value, kind: str) -> int:
    if value is None:
        return 0
    if kind in (t.DATE,):
        return 10
    if kind == t.DATETIME:
        return 16
    if kind == t.AMOUNT:
        return len(f"{value:,.2f}")
    if kind == t.SCORE:
        return len(f"{value:.1f}")
    return len(str(value))
