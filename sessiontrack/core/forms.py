"""Forms shared across areas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, TextAreaField
from wtforms.validators import AnyOf, Length, Optional


class EmptyForm(FlaskForm):
    """Gives a CSRF token to POST-only buttons (log out, state changes)."""


class MoveForm(FlaskForm):
    """Up or down buttons that reorder a list (``post_button(..., name="direction")``)."""

    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class CommentForm(FlaskForm):
    """A confirmation with an optional comment kept in the audit log."""

    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


def select_choices(pairs) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_cls, members=None) -> list[SelectChoice]:
    """Select options for a :class:`~sessiontrack.core.enums.TitledEnum`.

    Labels stay lazy, so a form class defined at import time shows them in the language of
    each request.
    """
    return [
        SelectChoice(member.value, enum_cls.__titles__.get(member.value, member.value))
        for member in (members or enum_cls)
    ]


def blank_choice(pairs, label: str = "—") -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs after an empty first option (``""``)."""
    return select_choices([("", label), *pairs])


def optional_int(value):
    """Coerce a select's value to an int, ``""`` or ``None`` to ``None``."""
    if value in ("", None, "None"):
        return None
    return int(value)
