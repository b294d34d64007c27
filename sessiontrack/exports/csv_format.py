"""CSV files of the session's tables (see :mod:`.tables`).

UTF-8 with a byte-order mark by default, so that Excel opens Cyrillic correctly; comma-separated
with decimal points, or semicolon-separated with decimal commas — what Russian Excel expects.
Text cells go through :func:`.spreadsheets.neutralise_csv`: like the workbook's, and also where
a program that splits the line on the other delimiter would start a cell.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import get_timezone

from . import tables as t
from .spreadsheets import neutralise_csv

COMMA, SEMICOLON = ",", ";"
DELIMITERS = {"comma": COMMA, "semicolon": SEMICOLON}
BOM = "\ufeff"


# Rows written to the buffer before it is handed on as a chunk of the streamed file.
ROWS_PER_CHUNK = 500
# How many repeated texts a file keeps made safe, and up to what length (see :func:`_chunks`).
CACHED_TEXTS, CACHED_LENGTH = 512, 300


def table_bytes(table: t.Table, *, delimiter: str = COMMA, bom: bool = True) -> bytes:
    """The table as CSV bytes: a header row, then one line per row."""
    return b"".join(table_chunks(table.columns, table.rows, delimiter=delimiter, bom=bom))


def table_chunks(
    columns: list[t.Column],
    rows: Iterable[list],
    *,
    delimiter: str = COMMA,
    bom: bool = True,
    rows_per_chunk: int | None = None,
) -> Iterator[bytes]:
    """The table as CSV bytes in chunks of ``rows_per_chunk`` lines (default
    :data:`ROWS_PER_CHUNK`), each encoded as soon as
    it is written: joined, they are :func:`table_bytes`; ``rows`` may be a generator, read as
    the chunks are asked for.

    :raise ValueError: at once (not at the first ``next()``) for an unsupported delimiter.
    """
    if delimiter not in DELIMITERS.values():
        raise ValueError(f"unsupported delimiter {delimiter!r}")
    return _chunks(columns, rows, delimiter, bom, rows_per_chunk or ROWS_PER_CHUNK)


def _chunks(columns, rows, delimiter: str, bom: bool, rows_per_chunk: int) -> Iterator[bytes]:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise_csv(column.title) for column in columns])
    decimal_comma = delimiter == SEMICOLON
    timezone = get_timezone()
    kinds = [column.kind for column in columns]
    # The texts a table repeats (an expert's name on each of their rows, directions, titles),
    # made safe once: the first few hundred met, so that the cache stays small however long
    # the file.
    texts: dict[str, str] = {}
    offsets: dict[tuple, timedelta] = {}
    for written, row in enumerate(rows, start=1):
        cells = []
        for kind, value in zip(kinds, row, strict=True):
            if type(value) is str:
                text = texts.get(value)
                if text is None:
                    text = neutralise_csv(value)
                    if len(texts) < CACHED_TEXTS and len(value) <= CACHED_LENGTH:
                        texts[value] = text
                cells.append(text)
            elif type(value) is datetime and value.tzinfo is not None:
                cells.append(_wall_clock(value, timezone, offsets))
            else:
                cells.append(_text(value, kind, decimal_comma, timezone))
        writer.writerow(cells)
        if written % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if last := buffer.getvalue():
        yield last.encode("utf-8")


def _wall_clock(value: datetime, timezone, offsets: dict) -> str:
    """What :func:`_text` writes of an aware time, with the zone's offset looked up once per
    quarter of an hour (zones change their offsets on such boundaries) rather than per row."""
    key = (value.year, value.month, value.day, value.hour, value.minute // 15)
    offset = offsets.get(key)
    if offset is None:
        local = value.astimezone(timezone)
        offset = local.replace(tzinfo=None) - value.replace(tzinfo=None)
        if len(offsets) < CACHED_TEXTS:
            offsets[key] = offset
    local = value + offset
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def _text(value, kind: str, decimal_comma: bool, timezone) -> str:
    if value is None:
        return ""
    # The commonest first: text and whole numbers (not their subclasses, bool or enums).
    if type(value) is str:
        return neutralise_csv(value)
    if type(value) is int:
        return str(value)
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
