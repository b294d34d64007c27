"""The forms of a project's implementation: a stage's progress, an indicator's actual value,
money secured and a progress report."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from ...core.forms import Form, enum_choices, strip_text
from ..models import StageStatus
from .fields import NumberField, YearField, date_field, reference_field, too_long


class StageProgressForm(Form):
    """A stage's actual start, end and status; ``seen`` is what the author saw."""

    actual_start = date_field(_l("Actual start"))
    actual_end = date_field(_l("Actual end"))
    status = SelectField(
        _l("Status"),
        [DataRequired()],
        choices=enum_choices(StageStatus),
        invalid_choice_message=_l("Choose a status."),
    )
    seen = HiddenField()


class IndicatorValueForm(Form):
    """An indicator's actual value in a year; ``seen`` is the value the author saw (empty:
    none recorded yet)."""

    indicator_id = reference_field(
        _l("Indicator"), _l("Choose an indicator of this project."), [DataRequired()]
    )
    year = YearField(_l("Year"), [InputRequired(message=_l("Enter a year, for example 2020."))])
    value = NumberField(_l("Actual value"), [InputRequired(message=_l("Enter a number."))])
    seen = HiddenField()


class SecuredFundingForm(Form):
    """Money secured from a funding source on a date, in million roubles."""

    funding_source_id = reference_field(
        _l("Funding source"), _l("Choose a funding source."), [DataRequired()]
    )
    secured_on = date_field(_l("Date"))
    amount = NumberField(_l("Amount, million roubles"), [InputRequired()])
    document = StringField(_l("Document"), [too_long(300)], filters=[strip_text])


class ProgressReportForm(Form):
    """A short report for a period."""

    period = StringField(_l("Period"), [DataRequired(), too_long(100)], filters=[strip_text])
    text = TextAreaField(_l("Report"), [DataRequired(), too_long(10_000)], filters=[strip_text])


class ReportEditForm(ProgressReportForm):
    """A report corrected: its period and text, and what the report read when the form was
    opened (to detect a change meanwhile)."""

    text = TextAreaField(
        _l("Report"),
        [DataRequired(), too_long(10_000)],
        filters=[strip_text],
        render_kw={"rows": 8},
    )
    seen = HiddenField()
