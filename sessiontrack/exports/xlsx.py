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
from openpyxl.cell import WriteOnlyCell
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

    Written in openpyxl's write-only mode: rows stream into the file as they come, with no cell
    object kept per value (a session's workbook has over a hundred thousand cells).

    :param progress: called as ``progress(done, total)`` after each sheet.
    """
    workbook = Workbook(write_only=True)
    _write_about(workbook.create_sheet(_("About")[:SHEET_NAME_LENGTH]), session_tables.about())
    names = t.available_tables(session_tables.scope)
    for done, name in enumerate(names, start=1):
        table = session_tables.build(name)
        write_table(workbook.create_sheet(table.title[:SHEET_NAME_LENGTH]), table)
        if progress is not None:
            progress(done, len(names))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tables_bytes(tables: list[t.Table], about: list[tuple[str, object]] | None = None) -> bytes:
    """A workbook of ``tables`` (a sheet each, laid out as the session's), after an «About»
    sheet of ``about`` (label, value) rows when given, as XLSX bytes."""
    workbook = Workbook(write_only=True)
    if about is not None:
        _write_about(workbook.create_sheet(_("About")[:SHEET_NAME_LENGTH]), about)
    for table in tables:
        write_table(workbook.create_sheet(table.title[:SHEET_NAME_LENGTH]), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_value(value):
    """A value openpyxl can store: local wall-clock time for timestamps, text neutralised."""
    if isinstance(value, datetime):
        return to_user_timezone(value).replace(tzinfo=None)
    return neutralise(value)


def _write_about(sheet, rows) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    for label, value in rows:
        head = WriteOnlyCell(sheet, label)
        head.font = HEADER_FONT
        cell = WriteOnlyCell(sheet, cell_value(value))
        if isinstance(value, date):
            cell.number_format = NUMBER_FORMATS[t.DATE]
        elif isinstance(value, str):
            cell.data_type = TYPE_STRING
        sheet.append([head, cell])


def write_table(sheet, table: t.Table) -> None:
    """``table`` into a write-only ``sheet``: bold frozen header, autofilter, formats by column
    kind, text neutralised. Column widths first (a write-only sheet takes them before any row),
    then the rows."""
    kinds = [column.kind for column in table.columns]
    # A header may wrap onto two lines; the data decide the rest.
    widths = [max(MIN_WIDTH, min(len(column.title) // 2 + 2, 24)) for column in table.columns]
    for row in table.rows:
        for index, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            if isinstance(value, str):
                length = max((len(line) for line in value.splitlines()), default=0)
            else:
                length = _display_length(value, kind)
            widths[index] = max(widths[index], min(length + 2, MAX_WIDTH))
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"

    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, neutralise(column.title))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    formats = [NUMBER_FORMATS.get(kind) for kind in kinds]
    for row in table.rows:
        sheet.append(
            [
                _cell(sheet, value, number_format)
                for value, number_format in zip(row, formats, strict=True)
            ]
        )


def _cell(sheet, value, number_format: str | None):
    """A plain value where no format is needed (most cells), a formatted cell otherwise."""
    value = cell_value(value)
    if isinstance(value, str):
        if not value.startswith("="):
            return value
        # Text stays text: openpyxl would otherwise store "=…" as a formula.
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = TYPE_STRING
        return cell
    if value is None or number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


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
