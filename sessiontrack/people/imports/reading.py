"""Reading an uploaded file into rows keyed by field, within the bounds of rows and columns.

CSV in UTF-8 (with or without BOM) or Windows-1251, comma, semicolon or tab separated; XLSX.
The header row may be in Russian or English (see :mod:`.vocabulary`).
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from ...core.errors import DomainError
from ...core.forms import clean_text
from ...core.spreadsheets import SpreadsheetError, read_sheet
from .vocabulary import HEADER_FIELDS, normalise

MAX_ROWS = 5000
# Columns read from a sheet: the known ones and whatever else a list carries beside them.
MAX_COLUMNS = 100
ALLOWED_EXTENSIONS = ("csv", "txt", "xlsx")
# The form field a refusal of the whole file is shown at.
FILE_FIELD = "file"


@dataclass
class TableRow:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    """The rows of an uploaded file, keyed by field; columns it did not recognise."""

    columns: dict[str, str]
    ignored: list[str]
    rows: list[TableRow]

    @property
    def has_people(self) -> bool:
        """Whether a column of full names was recognised."""
        return "full_name" in self.columns


def extension_of(filename: str) -> str:
    """The file name's extension in lower case, without the dot (empty if none)."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file into a :class:`Table`.

    :raise DomainError: at the ``file`` field, for another type, an unreadable file, no known
        header, too many rows.
    """
    extension = extension_of(filename)
    if extension == "xls":
        raise DomainError(
            _("Old Excel files (.xls) are not read: save it as .xlsx or CSV."), FILE_FIELD
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise DomainError(_("Upload a CSV or XLSX file."), FILE_FIELD)
    if not data.strip():
        raise DomainError(_("The file is empty."), FILE_FIELD)
    lines = _xlsx_lines(data) if extension == "xlsx" else _csv_lines(data)
    return _table(lines)


def _csv_lines(data: bytes):
    if zipfile.is_zipfile(io.BytesIO(data)) or b"\x00" in data[:4096]:
        raise DomainError(_("This is not a text CSV file. Upload CSV or XLSX."), FILE_FIELD)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(
            _("Cannot read the text: save the file as UTF-8 or Windows-1251."), FILE_FIELD
        )
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:  # a cell over the csv module's limit of 128 KB
        raise DomainError(
            _("Line %(line)d cannot be read: a cell is far too long.", line=start),
            FILE_FIELD,
        ) from error


def _xlsx_lines(data: bytes):
    try:
        rows = read_sheet(data, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    except SpreadsheetError as error:
        raise DomainError(error.message, FILE_FIELD) from error
    for number, row in enumerate(rows, start=1):
        yield number, [_cell_text(value) for value in row]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(lines) -> Table:
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    rows: list[TableRow] = []
    for count, (line, cells) in enumerate(lines, start=1):
        # Empty rows count: a sheet padded to a million of them is refused, not walked through.
        if count > MAX_ROWS + 1:
            raise DomainError(
                _(
                    "The file has more than %(count)d rows besides the header (empty rows "
                    "count too): split it.",
                    count=MAX_ROWS,
                ),
                FILE_FIELD,
            )
        cells = [clean_text(str(cell)).strip() for cell in cells]
        if not any(cells):
            continue
        if not columns:
            for index, header in enumerate(cells):
                key = HEADER_FIELDS.get(normalise(header).rstrip(":*").strip())
                if key and key not in headers:
                    columns[index] = key
                    headers[key] = header
                elif header:
                    ignored.append(header)
            if "full_name" not in headers and "organisation" not in headers:
                raise DomainError(
                    _(
                        "The first row must name the columns, with «ФИО» (Full name) or "
                        "«Организация» (Organisation) among them."
                    ),
                    FILE_FIELD,
                )
            continue
        values = {key: cells[index] if index < len(cells) else "" for index, key in columns.items()}
        rows.append(TableRow(line, values))
    if not columns:
        raise DomainError(_("The file is empty."), FILE_FIELD)
    if not rows:
        raise DomainError(_("The file has a header row but no data rows."), FILE_FIELD)
    return Table(columns=headers, ignored=ignored, rows=rows)
