"""How figures read on pages and in documents: in the interface language's number format
(Flask-Babel), so a Russian page says «72,8» and «2 945,5» where an English one says "72.8"
and "2,945.5". Templates reach these as filters (:mod:`.templating`); the PDF and DOCX
documents call them directly. Spreadsheets keep real numbers and set number formats instead.
"""

from decimal import Decimal

from flask_babel import format_decimal

DASH = "—"


def amount(value) -> str:
    """A money or quantity figure, up to two decimals: ``12 500,5`` in Russian."""
    if value is None:
        return DASH
    return format_decimal(Decimal(value), format="#,##0.##")


def score(value) -> str:
    """A score or a figure computed from scores (0–100 scale), one decimal: ``72,8``."""
    if value is None:
        return DASH
    return format_decimal(value, format="0.0")


def signed_score(value) -> str:
    """A difference of scores with its sign, one decimal: ``+5,5``, ``-3,0``."""
    if value is None:
        return DASH
    return format_decimal(value, format="+0.0;-0.0")
