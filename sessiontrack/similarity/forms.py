"""The duplicate pairs' threshold (a GET form)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from ..core.forms import Form
from .matching import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD


class ThresholdForm(Form):
    """How alike two projects must be to be listed, in per cent (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    threshold = IntegerField(
        _l("Similarity at least, %"),
        validators=[
            Optional(),
            NumberRange(
                min=round(MIN_THRESHOLD * 100),
                max=round(MAX_THRESHOLD * 100),
                message=_l("Choose a similarity from %(min)s to %(max)s %%."),
            ),
        ],
        default=round(DEFAULT_THRESHOLD * 100),
        invalid_value_message=_l("Enter a whole number of per cent, for example 62."),
    )

    def chosen_threshold(self) -> float:
        """The threshold chosen (0–1), the default while the field is empty or wrong."""
        if self.threshold.errors or self.threshold.data is None:
            return DEFAULT_THRESHOLD
        return self.threshold.data / 100
