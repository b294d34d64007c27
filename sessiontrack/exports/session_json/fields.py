"""The rules that convert a JSON value to what a column holds: text within the column's length,
whole number, decimal, ISO date, one of an enum's values, ...; each raises :class:`BadValue`
saying what was expected."""

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from ...sessions.services import SLUG_PATTERN

# What a whole-number column holds (PostgreSQL's integer).
INTEGER_RANGE = (-(2**31), 2**31 - 1)


class BadValue(ValueError):
    """A value of the wrong kind; the message says what was expected. It never leaves the
    reader (:mod:`.reader`), which lists it among the problems of an
    :class:`~.schema.ImportRefused`."""


@dataclass
class Field:
    """How to read one key of an object: a converter, whether it is required, its default."""

    convert: object
    required: bool = True
    default: object = None


def _text(value, column=None):
    if not isinstance(value, str):
        raise BadValue(_("text expected"))
    length = getattr(column.type, "length", None) if column is not None else None
    if length and len(value) > length:
        raise BadValue(_("longer than %(max)d characters", max=length))
    return value


def text(column=None, nullable=False):
    """A converter of text that fits ``column`` (``None`` passes when ``nullable``)."""

    def convert(value):
        if value is None and nullable:
            return None
        return _text(value, column)

    return convert


def integer(nullable=False):
    """A converter of a whole number in the database's range (``None`` passes when
    ``nullable``)."""

    def convert(value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(_("whole number expected"))
        low, high = INTEGER_RANGE
        if not low <= value <= high:
            raise BadValue(_("whole number from %(min)d to %(max)d expected", min=low, max=high))
        return value

    return convert


def number(value):
    """A finite number, as a float. :raise BadValue: otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadValue(_("number expected"))
    return float(value)


def weight(value):
    """A criterion's weight, within the bounds its form allows."""
    value = number(value)
    if not 0 <= value <= 1000:
        raise BadValue(_("number from 0 to 1000 expected"))
    return value


def slug(value):
    """A session's address. :raise BadValue: if it is not a valid slug."""
    value = _text(value)
    if not SLUG_PATTERN.match(value):
        raise BadValue(_("lower-case Latin letters, digits and hyphens expected"))
    return value


def levels(value):
    """A criterion's level descriptions: texts by whole-number level (``{"0": "...", ...}``)."""
    value = mapping(value)
    for level, description in value.items():
        if not re.fullmatch(r"-?[0-9]{1,4}", level):
            raise BadValue(_("the level «%(level)s» is not a whole number", level=level[:40]))
        if not isinstance(description, str):
            raise BadValue(_("text expected"))
    return value


def boolean(value):
    """``true`` or ``false``. :raise BadValue: otherwise."""
    if not isinstance(value, bool):
        raise BadValue(_("true or false expected"))
    return value


# Amounts, baselines and targets are NUMERIC(18, 2): sixteen digits before the point.
MAX_WHOLE_DIGITS = 16


def decimal(nullable=False, minimum=None):
    """A number a NUMERIC(18, 2) column holds (and not below ``minimum``, where given)."""

    def convert(value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadValue(_("number expected"))
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            raise BadValue(_("number expected")) from None
        if not result.is_finite():
            raise BadValue(_("number expected"))
        if result.adjusted() >= MAX_WHOLE_DIGITS:
            raise BadValue(
                _(
                    "at most %(digits)d digits before the decimal point expected",
                    digits=MAX_WHOLE_DIGITS,
                )
            )
        if minimum is not None and result < minimum:
            raise BadValue(_("a number not below %(minimum)s expected", minimum=minimum))
        return result

    return convert


def _parsed(parse, value, message):
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(message)
    try:
        return parse(value)
    except ValueError:
        raise BadValue(message) from None


def day(value):
    """A date from ``YYYY-MM-DD`` (``None`` stays ``None``). :raise BadValue: otherwise."""
    return _parsed(date.fromisoformat, value, _("date expected as YYYY-MM-DD"))


def clock(value):
    """A time from ``HH:MM`` (``None`` stays ``None``). :raise BadValue: otherwise."""
    return _parsed(time.fromisoformat, value, _("time expected as HH:MM"))


def moment(value):
    """A timezone-aware date and time from ISO 8601 (UTC when it names no zone).

    :raise BadValue: if the value is not one.
    """
    parsed = _parsed(
        datetime.fromisoformat, value, _("date and time expected as YYYY-MM-DDTHH:MM:SS+00:00")
    )
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def choice(enum_cls):
    """A converter of a value of ``enum_cls`` to its member."""

    def convert(value):
        try:
            return enum_cls(value)
        except ValueError:
            raise BadValue(
                _(
                    "one of %(values)s expected",
                    values=", ".join(member.value for member in enum_cls),
                )
            ) from None

    return convert


def mapping(value):
    """A JSON object. :raise BadValue: otherwise."""
    if not isinstance(value, dict):
        raise BadValue(_("object expected"))
    return value


def text_list(value):
    """A list of texts. :raise BadValue: otherwise."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadValue(_("list of texts expected"))
    return value


def day_counts(value):
    """A list of at most five whole numbers of days, 1 to 60 (the reminder ladder), largest
    first. :raise BadValue: otherwise."""
    if (
        not isinstance(value, list)
        or len(value) > 5
        or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 60 for d in value)
    ):
        raise BadValue(_("list of at most five whole numbers from 1 to 60 expected"))
    return sorted(set(value), reverse=True)


def rows(value):
    """A list (of rows read later). :raise BadValue: otherwise."""
    if not isinstance(value, list):
        raise BadValue(_("list expected"))
    return value


def column(model, name):
    """The column ``name`` of ``model``'s table (its length bounds a text field)."""
    return model.__table__.c[name]
