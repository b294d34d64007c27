"""How figures read on pages and in documents: in the interface language's number format
(Flask-Babel), so a Russian page says «72,8» and «2 945,5» where an English one says "72.8"
and "2,945.5". Templates reach these as filters (:mod:`.templating`); the PDF and DOCX
documents call them directly. Spreadsheets keep real numbers and set number formats instead.
"""

from decimal import Decimal
from functools import lru_cache

from babel.numbers import parse_pattern
from flask_babel import get_locale

DASH = "—"


@lru_cache(maxsize=16)
def _pattern(number_format: str):
    """The parsed number pattern (Babel parses it anew on every call otherwise: a page of a few
    hundred figures spent most of its time there)."""
    return parse_pattern(number_format)


def _format(value, number_format: str) -> str:
    """``value`` in the pattern ``number_format`` and the interface language's symbols, as
    Flask-Babel's ``format_decimal`` gives it."""
    return _pattern(number_format).apply(value, get_locale())


def amount(value) -> str:
    """A money or quantity figure, up to two decimals: ``12 500,5`` in Russian."""
    if value is None:
        return DASH
    return _format(Decimal(value), "#,##0.##")


def score(value) -> str:
    """A score or a figure computed from scores (0–100 scale), one decimal: ``72,8``."""
    if value is None:
        return DASH
    return _format(value, "0.0")


def signed_score(value) -> str:
    """A difference of scores with its sign, one decimal: ``+5,5``, ``-3,0``."""
    if value is None:
        return DASH
    return _format(value, "+0.0;-0.0")
