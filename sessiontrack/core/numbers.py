"""How figures read on pages and in documents: in the interface language's number format
(Flask-Babel), so a Russian page says «72,8» and «2 945,5» where an English one says "72.8"
and "2,945.5". Templates reach these as filters (:mod:`.templating`); the PDF and DOCX
documents call them directly. Spreadsheets keep real numbers and set number formats instead.
"""

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel.numbers import (
    get_decimal_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_pattern,
)
from flask import g
from flask_babel import get_locale

DASH = "—"
TENTH = Decimal("0.1")


@lru_cache(maxsize=16)
def _pattern(number_format: str):
    """The parsed number pattern (Babel parses it anew on every call otherwise: a page of a few
    hundred figures spent most of its time there)."""
    return parse_pattern(number_format)


def _format(value, number_format: str) -> str:
    """``value`` in the pattern ``number_format`` and the interface language's symbols, as
    Flask-Babel's ``format_decimal`` gives it."""
    return _pattern(number_format).apply(value, _locale())


def amount(value) -> str:
    """A money or quantity figure, up to two decimals: ``12 500,5`` in Russian."""
    if value is None:
        return DASH
    return _format(Decimal(value), "#,##0.##")


def typed(value) -> str:
    """A number as a form field gives it back to edit: the interface language's decimal
    sign, no grouping, no trailing zeros — «12,5» and «1200» in Russian, "12.5" in English
    (the fields read either sign, :class:`~sessiontrack.projects.forms.fields.NumberField`)."""
    if value is None:
        return ""
    return _format(Decimal(value), "0.##")


def score(value) -> str:
    """A score or a figure computed from scores (0–100 scale), one decimal: ``72,8``."""
    if value is None:
        return DASH
    return _tenths(value, signed=False)


def score_format():
    """:func:`score` with the interface language looked up once: for a page that formats
    hundreds of figures in one language."""
    decimal_sign, minus, _plus = _symbols(_locale())

    def format_score(value) -> str:
        if value is None:
            return DASH
        if isinstance(value, float) and (fast := _float_tenths(value)) is not None:
            negative, digits = fast
            digits = digits.replace(".", decimal_sign)
            return minus + digits if negative else digits
        return _tenths(value, signed=False)

    return format_score


def signed_score(value) -> str:
    """A difference of scores with its sign, one decimal: ``+5,5``, ``-3,0``."""
    if value is None:
        return DASH
    return _tenths(value, signed=True)


def _tenths(value, *, signed: bool) -> str:
    """``value`` to one decimal as Babel's ``format_decimal(value, "0.0")`` (or
    ``"+0.0;-0.0"``) writes it in the interface language — the same text, several times
    faster: a ranking page formats thousands of scores. Babel rounds ``Decimal(str(value))``
    half to even and signs by the value before rounding; so does this. Non-finite values go to
    Babel's pattern."""
    if isinstance(value, float) and (fast := _float_tenths(value)) is not None:
        negative, digits = fast
        decimal_sign, minus, plus = _symbols(_locale())
        digits = digits.replace(".", decimal_sign)
        if negative:
            return minus + digits
        return plus + digits if signed else digits
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return _format(value, "+0.0;-0.0" if signed else "0.0")
    decimal_sign, minus, plus = _symbols(_locale())
    digits = f"{abs(number).quantize(TENTH, rounding=ROUND_HALF_EVEN):f}".replace(".", decimal_sign)
    if number.is_signed():
        return minus + digits
    return plus + digits if signed else digits


def _float_tenths(value: float) -> tuple[bool, str] | None:
    """``(negative, "12.3")``: ``value`` to one decimal, half to even, from its shortest
    decimal text (``Decimal(str(value))``'s digits) without building a Decimal — the same
    rounding, a fraction of the cost; ``None`` for what that text writes with an exponent
    (or not at all), which the caller leaves to Decimal."""
    text = float.__repr__(value)
    if "e" in text or "n" in text:
        return None
    negative = text.startswith("-")
    whole, _point, fraction = text.lstrip("-").partition(".")
    tenths = int(whole) * 10 + int(fraction[:1] or "0")
    rest = fraction[1:]
    # The shortest text has no trailing zeros: "5" alone is exactly half a tenth.
    if rest > "5" or (rest == "5" and tenths % 2):
        tenths += 1
    return negative, f"{tenths // 10}.{tenths % 10}"


def _locale():
    """The interface language's locale: Flask-Babel's, read from where it keeps it for the
    request when it has chosen it already (a tenth of the cost of asking it again)."""
    chosen = getattr(g.get("_flask_babel"), "babel_locale", None) if g else None
    return chosen if chosen is not None else get_locale()


@lru_cache(maxsize=16)
def _symbols(locale) -> tuple[str, str, str]:
    """The decimal sign, minus and plus signs of ``locale``."""
    return get_decimal_symbol(locale), get_minus_sign_symbol(locale), get_plus_sign_symbol(locale)
