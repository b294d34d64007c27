"""How figures and dates read in documents (PDF, DOCX), in the interface language.

Figures read as on the pages, through the same functions (:mod:`..core.numbers`).
"""

from datetime import date, datetime, time

from flask_babel import format_date, format_datetime

from ..core.numbers import DASH, amount, score

__all__ = ["DASH", "amount", "dates", "day", "moment", "score", "times", "years"]


def day(value: date | None) -> str:
    """A date as ``dd.MM.yyyy`` (a dash for none)."""
    if value is None:
        return DASH
    return format_date(value, "dd.MM.yyyy")


def moment(value: datetime | None) -> str:
    """A date and time as ``dd.MM.yyyy HH:mm`` (a dash for none)."""
    if value is None:
        return DASH
    return format_datetime(value, "dd.MM.yyyy HH:mm")


def years(start: int | None, end: int | None) -> str:
    """A span of years, ``2020–2024``, one year alone, or a dash; ``?`` for a missing end."""
    if start is None and end is None:
        return DASH
    if start == end:
        return str(start)
    return f"{start or '?'}–{end or '?'}"


def dates(start: date | None, end: date | None) -> str:
    """A span of dates, ``01.02.2020 – 03.04.2020``, one date alone, or a dash; ``?`` for a
    missing end."""
    if start is None and end is None:
        return DASH
    if start == end:
        return day(start)
    return f"{day(start) if start else '?'} – {day(end) if end else '?'}"


def times(start: time | None, end: time | None) -> str:
    """An agenda item's times, ``10:00–10:30``; empty when it has none."""
    if start is None:
        return ""
    return start.strftime("%H:%M") + (f"–{end.strftime('%H:%M')}" if end else "")
