"""CSV files of the session's tables (see :mod:`.tables`).

UTF-8 with a byte-order mark by default, so that Excel opens Cyrillic correctly; comma-separated
with decimal points, or semicolon-separated with decimal commas — what Russian Excel expects.
Text cells go through :func:`.spreadsheets.neutralise_csv`: like the workbook's, and also where
a program that splits the line on the other delimiter would start a cell.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from flask_babel import get_timezone

from . import tables as t
from .spreadsheets import neutralise_csv

COMMA, SEMICOLON = ",", ";"
DELIMITERS = {"comma": COMMA, "semicolon": SEMICOLON}
BOM = "\ufeff"


def table_bytes(table: t.Table, *, delimiter: str = COMMA, bom: bool = True) -> bytes:
    """The table as CSV bytes: a header row, then one line per row."""
    if delimiter not in DELIMITERS.values():
        raise ValueError(f"unsupported delimiter {delimiter!r}")
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise_csv(column.title) for column in table.columns])
    decimal_comma = delimiter == SEMICOLON
    timezone = get_timezone()
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow(
            [
                _text(value, kind, decimal_comma, timezone)
                for kind, value in zip(kinds, row, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _text(value, kind: str, decimal_comma: bool, timezone) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # The user's wall-clock time (what flask_babel.to_user_timezone gives, once per file).
        return value.astimezone(timezone).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.2f}" if kind == t.SCORE else repr(value)
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    elif isinstance(value, int):
        return str(value)
    else:
        return neutralise_csv(str(value))
    return text.replace(".", ",") if decimal_comma else text
