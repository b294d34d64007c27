"""The fields the passport's forms are made of: numbers and years as people type them, dates,
references to the session's rows, and the limits they share."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from ...core import numbers

TEXT_MAX = 10_000
YEAR_MIN, YEAR_MAX = 1900, 2200
AMOUNT_MAX = Decimal(10) ** 15


def options(pairs) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def id_or_none(value) -> int | None:
    """A select's value as an id; garbage becomes an id no choice has."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def too_long(limit: int) -> Length:
    """A length check of at most ``limit`` characters, with the area's message."""
    return Length(max=limit, message=_l("At most %(max)d characters, please."))


class Within(NumberRange):
    """:class:`NumberRange` for a value that parsed: unparsable input has its own message."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


def year_validators() -> list:
    """A year may be left out; given, it lies between YEAR_MIN and YEAR_MAX."""
    return [
        Optional(),
        Within(
            min=YEAR_MIN,
            max=YEAR_MAX,
            message=_l("Give a year between %(min)d and %(max)d."),
        ),
    ]


class NumberField(DecimalField):
    """A number as people type it: «12,5», «1 200» or «12.5»; kept to two decimals."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(
            label,
            validators,
            places=None,
            invalid_value_message=_l("Enter a number, for example 12,5."),
            **kwargs,
        )

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = re.sub(r"[\s\u00a0\u202f]", "", str(valuelist[0])).replace(",", ".")
        if not text:
            self.data = None
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.data = None
            raise ValueError(self.invalid_value_message)
        self.data = (
            value.quantize(Decimal("0.01"), ROUND_HALF_UP) if abs(value) < AMOUNT_MAX else value
        )

    def _value(self) -> str:
        """What the person typed, when the form comes back to them; a kept number in the
        interface language's way of writing it («12,5», not "12.50", on a Russian page)."""
        if self.raw_data:
            return self.raw_data[0]
        return numbers.typed(self.data)


class YearField(IntegerField):
    """A year typed as digits, optional and within the years a passport may name."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(
            label,
            validators or year_validators(),
            invalid_value_message=_l("Enter a year, for example 2020."),
            **kwargs,
        )


def date_field(label) -> DateField:
    """An optional date, typed as 2019-03-31 or 31.03.2019."""
    return DateField(
        label,
        [Optional()],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Enter a date, for example 31.03.2019."),
    )


def reference_field(label, message, validators=None) -> SelectField:
    """A select of the session's rows by id (optional unless ``validators`` say otherwise);
    ``message`` answers an id that is not among the choices."""
    return SelectField(
        label,
        validators or [Optional()],
        coerce=id_or_none,
        invalid_choice_message=message,
    )


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
