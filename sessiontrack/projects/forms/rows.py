"""The repeatable rows of a passport: partners, indicators, resources, stages."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional

from ...core.forms import RowForm as BaseRowForm
from ...core.forms import strip_text
from ..models import MONEY_UNITS, ResourceKind, ResourceStatus, StageStatus, money_unit
from .fields import (
    AMOUNT_MAX,
    YEAR_MAX,
    YEAR_MIN,
    NumberField,
    Within,
    YearField,
    date_field,
    options,
    reference_field,
    too_long,
)


def _entered(field):
    """What was typed into ``field``; for a form filled from a saved project, the saved value."""
    if field.raw_data is None:
        return field.data
    return (field.raw_data or [""])[0]


class RowForm(BaseRowForm):
    """A row of a repeatable part. A row left blank is dropped, never refused."""

    class Meta:
        def get_translations(self, form):
            return translations

    # The fields whose input makes a row count (selects with a default do not).
    content_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        """Whether nothing was entered in the row (it is then ignored)."""
        return not any(_entered(self[name]) not in ("", None) for name in self.content_fields)

    def validate(self, extra_validators=None) -> bool:
        """A blank row is valid and shows no error; a filled one is checked field by field."""
        if self.is_blank():
            for field in self:
                field.errors = []
            return True
        return super().validate(extra_validators)


class PartnerForm(RowForm):
    organisation = reference_field(
        _l("Partner organisation"),
        _l("Choose an organisation of this session."),
        [DataRequired(message=_l("Choose the partner organisation."))],
    )
    contribution = StringField(_l("Contribution"), [too_long(500)], filters=[strip_text])

    content_fields = ("organisation", "contribution")

    def values(self) -> dict:
        """The row's values as the passport services take them."""
        return {"organisation_id": self.organisation.data, "contribution": self.contribution.data}


class IndicatorForm(RowForm):
    name = StringField(
        _l("Indicator"),
        [DataRequired(message=_l("Name the indicator.")), too_long(300)],
        filters=[strip_text],
    )
    unit = StringField(_l("Unit"), [too_long(50)], filters=[strip_text])
    baseline = NumberField(
        _l("Baseline"),
        [Optional(), Within(-AMOUNT_MAX, AMOUNT_MAX, message=_l("The number is too large."))],
    )
    target = NumberField(
        _l("Target"),
        [Optional(), Within(-AMOUNT_MAX, AMOUNT_MAX, message=_l("The number is too large."))],
    )
    year = YearField(_l("Year"))

    content_fields = ("name", "unit", "baseline", "target", "year")

    def values(self) -> dict:
        """The row's values as the passport services take them."""
        return {name: self[name].data for name in self.content_fields}


class ResourceForm(RowForm):
    kind = SelectField(
        _l("Kind"),
        choices=lambda: options(ResourceKind.choices()),
        coerce=ResourceKind,
        default=ResourceKind.FINANCIAL,
        invalid_value_message=_l("Choose a kind of resource."),
    )
    description = StringField(_l("Description"), [too_long(500)], filters=[strip_text])
    amount = NumberField(
        _l("Amount"),
        [
            InputRequired(message=_l("Give the amount.")),
            Within(min=0, message=_l("The amount cannot be negative.")),
            Within(max=AMOUNT_MAX, message=_l("The number is too large.")),
        ],
    )
    unit = StringField(
        _l("Unit"), [too_long(50)], filters=[strip_text], render_kw={"list": "money-units"}
    )
    year = YearField(_l("Year"))
    funding_source = reference_field(_l("Funding source"), _l("Choose a funding source."))
    status = SelectField(
        _l("Status"),
        choices=lambda: options(ResourceStatus.choices()),
        coerce=ResourceStatus,
        default=ResourceStatus.REQUESTED,
        invalid_value_message=_l("Choose requested or secured."),
    )

    content_fields = ("description", "amount", "unit", "year", "funding_source")

    def validate(self, extra_validators=None) -> bool:
        """A filled financial row must give its amount in a money unit (rubles, thousands, ...)."""
        valid = super().validate(extra_validators)
        if self.is_blank() or self.kind.data != ResourceKind.FINANCIAL or self.unit.errors:
            return valid
        unit = money_unit(self.unit.data)
        if unit is None:
            self.unit.errors.append(
                _("Give money in one of these units: %(units)s", units=", ".join(MONEY_UNITS))
            )
            return False
        self.unit.data = unit
        return valid

    def values(self) -> dict:
        """The row's values as the passport services take them."""
        return {
            "kind": self.kind.data,
            "description": self.description.data,
            "amount": self.amount.data,
            "unit": self.unit.data,
            "year": self.year.data,
            "funding_source_id": self.funding_source.data,
            "status": self.status.data,
        }


class StageForm(RowForm):
    title = StringField(
        _l("Stage"),
        [DataRequired(message=_l("Name the stage.")), too_long(300)],
        filters=[strip_text],
    )
    starts_on = date_field(_l("Start"))
    ends_on = date_field(_l("End"))
    deliverable = StringField(_l("Deliverable"), [too_long(500)], filters=[strip_text])
    responsible_organisation = reference_field(
        _l("Responsible organisation"), _l("Choose an organisation of this session.")
    )
    status = SelectField(
        _l("Status"),
        choices=lambda: options(StageStatus.choices()),
        coerce=StageStatus,
        default=StageStatus.PLANNED,
        invalid_value_message=_l("Choose a status."),
    )

    content_fields = ("title", "starts_on", "ends_on", "deliverable", "responsible_organisation")

    def validate(self, extra_validators=None) -> bool:
        """A filled stage's dates must lie within the years allowed and be in order."""
        valid = super().validate(extra_validators)
        if self.is_blank():
            return valid
        for field in (self.starts_on, self.ends_on):
            if field.data and not YEAR_MIN <= field.data.year <= YEAR_MAX:
                field.errors.append(
                    _("Give a date between %(min)d and %(max)d.", min=YEAR_MIN, max=YEAR_MAX)
                )
                valid = False
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors.append(_("The stage ends before it starts."))
            valid = False
        return valid

    def values(self) -> dict:
        """The row's values as the passport services take them."""
        return {
            "title": self.title.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "deliverable": self.deliverable.data,
            "responsible_organisation_id": self.responsible_organisation.data,
            "status": self.status.data,
        }
