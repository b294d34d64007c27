"""The JSON text of a document: reading it (numbers no column can hold kept for the checks to
name, a clear refusal for invalid or too deeply nested JSON), writing it, and how dates, exact
figures and computed figures are written in it."""

import json
import math
import re
from datetime import UTC, datetime, time
from decimal import Decimal

from flask_babel import gettext as _

from .schema import ImportRefused, UnreadableNumber

MAX_INT_DIGITS = 19
# Characters of a decimal number: more than a float's 17 significant digits and an exponent.
MAX_FLOAT_CHARS = 40
# The strings and brackets of a JSON text, to find where it nests deepest.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _whole_number(text: str):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return UnreadableNumber(text[:24])
    value = int(text)
    return value if -(2**63) <= value < 2**63 else UnreadableNumber(text)


def _decimal_number(text: str):
    if len(text) > MAX_FLOAT_CHARS:
        return UnreadableNumber(text[:24])
    value = float(text)
    return value if math.isfinite(value) else UnreadableNumber(text)


def loads(raw: bytes | str) -> dict:
    """The document in ``raw``. Numbers that no column can hold are read as
    :class:`UnreadableNumber`, for the checks to refuse with their place in the file.

    :raise ImportRefused: if it is not UTF-8 JSON (a truncated file, for example), or nests
        deeper than the reader can follow.
    """
    try:
        document = json.loads(
            raw,
            parse_int=_whole_number,
            parse_float=_decimal_number,
            parse_constant=UnreadableNumber,
        )
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text; nothing was imported.")) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _(
                "The file is not valid JSON (line %(line)d, column %(column)d: %(problem)s); "
                "it may be truncated. Nothing was imported.",
                line=error.lineno,
                column=error.colno,
                problem=error.msg,
            )
        ) from None
    except RecursionError:
        line, column = _deepest_point(raw)
        raise ImportRefused(
            _(
                "The file nests its lists and objects too deeply (line %(line)d, column "
                "%(column)d): it is not a session export. Nothing was imported.",
                line=line,
                column=column,
            )
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused(_("The file is not a sessiontrack session export."))
    return document


def _deepest_point(raw: bytes | str) -> tuple[int, int]:
    """Line and column of the first bracket at the greatest depth of a JSON text."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    depth = deepest = position = 0
    for token in _TOKENS.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest, position = depth, token.start()
        elif token.group() in "]}":
            depth -= 1
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


# ==============================================================================================
# Export
# ==============================================================================================


def dumps(document: dict) -> bytes:
    """The document as UTF-8 JSON, readable (Cyrillic as is, one key per line)."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def iso(value) -> str | None:
    """A date, time or timestamp as ISO 8601 (timestamps in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return value.isoformat()


def decimal_text(value: Decimal | None) -> str | None:
    """An exact figure as a string (``"12.50"``)."""
    return None if value is None else str(value)


def rounded(value: float | None) -> float | None:
    """A computed figure to six decimals."""
    return None if value is None else round(value, 6)
