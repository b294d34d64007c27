"""Forms shared across areas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
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


def blank_choice(choices: list, label: str = "—") -> list:
    """Select choices with an empty first option (value ``""``)."""
    return [("", label), *choices]


def optional_int(value):
    """Coerce a select's value to an int, ``""`` or ``None`` to ``None``."""
    if value in ("", None, "None"):
        return None
    return int(value)
