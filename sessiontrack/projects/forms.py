"""Forms of the projects area: the passport with its repeatable rows, the workflow, filters.

Forms validate and never persist; :meth:`ProjectForm.passport` hands the service plain data.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from ..core.forms import Form
from ..core.forms import RowForm as BaseRowForm
from ..core.permissions import group_ids_of
from ..extensions import db
from ..people.models import Organisation
from ..reference.models import FundingSource, NationalProject
from ..sessions.models import StrategyPriority, WorkingGroup
from .models import (
    MONEY_UNITS,
    Project,
    ProjectState,
    ResourceKind,
    ResourceStatus,
    StageStatus,
    money_unit,
)

TEXT_MAX = 10_000
YEAR_MIN, YEAR_MAX = 1900, 2200
AMOUNT_MAX = Decimal(10) ** 15
ROWS_MAX = 60
SECTIONS = ("partners", "indicators", "resources", "stages")
ROW_ACTION = re.compile(r"^(add|remove)-(partners|indicators|resources|stages)(?:-(\d{1,3}))?$")


def _clean(value):
    """Strip surrounding blanks from text (the base forms drop control characters)."""
    return value.strip() if isinstance(value, str) else value


def options(pairs) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def _id_or_none(value) -> int | None:
    """A select's value as an id; garbage becomes an id no choice has."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("At most %(max)d characters, please."))


class Within(NumberRange):
    """:class:`NumberRange` for a value that parsed: unparsable input has its own message."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


def _year_validators() -> list:
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


class YearField(IntegerField):
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(
            label,
            validators or _year_validators(),
            invalid_value_message=_l("Enter a year, for example 2020."),
            **kwargs,
        )


def _date_field(label) -> DateField:
    return DateField(
        label,
        [Optional()],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Enter a date, for example 31.03.2019."),
    )


def _reference_field(label, message, validators=None) -> SelectField:
    return SelectField(
        label,
        validators or [Optional()],
        coerce=_id_or_none,
        invalid_choice_message=message,
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# ----------------------------------------------------------------------------------------------
# Choices
# ----------------------------------------------------------------------------------------------


@dataclass
class PassportChoices:
    """What the passport's selects offer: the session's rows and the reference lists."""

    groups: list[SelectChoice]
    organisations: list[SelectChoice]
    national_projects: list[SelectChoice]
    priorities: list[SelectChoice]
    funding_sources: list[SelectChoice]

    @classmethod
    def load(cls, strategic_session, user) -> "PassportChoices":
        """The choices for a passport form: the user's working groups, the session's
        organisations and priorities, the national projects and funding sources."""
        sid = strategic_session.id
        groups = db.session.scalars(
            sa.select(WorkingGroup)
            .where(WorkingGroup.id.in_(group_ids_of(user, strategic_session)))
            .order_by(WorkingGroup.position)
        )
        organisations = db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.session_id == sid)
            .order_by(Organisation.name)
        )
        national_projects = db.session.scalars(
            sa.select(NationalProject).order_by(NationalProject.position)
        )
        priorities = db.session.scalars(
            sa.select(StrategyPriority)
            .where(StrategyPriority.session_id == sid)
            .order_by(StrategyPriority.position)
        )
        sources = db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position))
        return cls(
            groups=options((g.id, g.title) for g in groups),
            organisations=options((o.id, o.display_name) for o in organisations),
            national_projects=options((n.id, n.title) for n in national_projects),
            priorities=options((p.id, p.title) for p in priorities),
            funding_sources=options((s.id, s.title) for s in sources),
        )


BLANK = [SelectChoice(value="", label="—")]

# ----------------------------------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------------------------------


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
        """Whether nothing was entered in the row (a blank row is dropped, not validated)."""
        return not any(_entered(self[name]) not in ("", None) for name in self.content_fields)

    def validate(self, extra_validators=None) -> bool:
        """A blank row is valid (its errors cleared); a filled one validates as usual."""
        if self.is_blank():
            for field in self:
                field.errors = []
            return True
        return super().validate(extra_validators)


class PartnerForm(RowForm):
    organisation = _reference_field(
        _l("Partner organisation"),
        _l("Choose an organisation of this session."),
        [DataRequired(message=_l("Choose the partner organisation."))],
    )
    contribution = StringField(_l("Contribution"), [_too_long(500)], filters=[_clean])

    content_fields = ("organisation", "contribution")

    def values(self) -> dict:
        """The partner row's values for the passport."""
        return {"organisation_id": self.organisation.data, "contribution": self.contribution.data}


class IndicatorForm(RowForm):
    name = StringField(
        _l("Indicator"),
        [DataRequired(message=_l("Name the indicator.")), _too_long(300)],
        filters=[_clean],
    )
    unit = StringField(_l("Unit"), [_too_long(50)], filters=[_clean])
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
        """The indicator row's values for the passport."""
        return {name: self[name].data for name in self.content_fields}


class ResourceForm(RowForm):
    kind = SelectField(
        _l("Kind"),
        choices=lambda: options(ResourceKind.choices()),
        coerce=ResourceKind,
        default=ResourceKind.FINANCIAL,
        invalid_value_message=_l("Choose a kind of resource."),
    )
    description = StringField(_l("Description"), [_too_long(500)], filters=[_clean])
    amount = NumberField(
        _l("Amount"),
        [
            InputRequired(message=_l("Give the amount.")),
            Within(min=0, message=_l("The amount cannot be negative.")),
            Within(max=AMOUNT_MAX, message=_l("The number is too large.")),
        ],
    )
    unit = StringField(
        _l("Unit"), [_too_long(50)], filters=[_clean], render_kw={"list": "money-units"}
    )
    year = YearField(_l("Year"))
    funding_source = _reference_field(_l("Funding source"), _l("Choose a funding source."))
    status = SelectField(
        _l("Status"),
        choices=lambda: options(ResourceStatus.choices()),
        coerce=ResourceStatus,
        default=ResourceStatus.REQUESTED,
        invalid_value_message=_l("Choose requested or secured."),
    )

    content_fields = ("description", "amount", "unit", "year", "funding_source")

    def validate(self, extra_validators=None) -> bool:
        """As a row, and a financial resource's unit must be one of the money units (it is
        stored in its usual spelling)."""
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
        """The resource row's values for the passport."""
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
        [DataRequired(message=_l("Name the stage.")), _too_long(300)],
        filters=[_clean],
    )
    starts_on = _date_field(_l("Start"))
    ends_on = _date_field(_l("End"))
    deliverable = StringField(_l("Deliverable"), [_too_long(500)], filters=[_clean])
    responsible_organisation = _reference_field(
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
        """As a row, with dates within the allowed years and the end not before the start."""
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
        """The stage row's values for the passport."""
        return {
            "title": self.title.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "deliverable": self.deliverable.data,
            "responsible_organisation_id": self.responsible_organisation.data,
            "status": self.status.data,
        }


# ----------------------------------------------------------------------------------------------
# The passport
# ----------------------------------------------------------------------------------------------


def _rows(form_class):
    return FieldList(FormField(form_class), min_entries=0, max_entries=ROWS_MAX)


class ProjectForm(Form):
    """The project passport. A draft may be incomplete; what it holds must be valid."""

    working_group = SelectField(
        _l("Working group"),
        [DataRequired(message=_l("Choose your working group."))],
        coerce=_id_or_none,
        invalid_choice_message=_l("Choose one of your working groups."),
    )
    title = StringField(
        _l("Full title"),
        [DataRequired(message=_l("Give the project a title.")), _too_long(500)],
        filters=[_clean],
    )
    short_title = StringField(
        _l("Short title"),
        [_too_long(120)],
        filters=[_clean],
        description=_l("Used in lists and on the wrap-up screen."),
    )
    problem = TextAreaField(_l("Problem"), [_too_long(TEXT_MAX)], filters=[_clean])
    goal = TextAreaField(_l("Goal"), [_too_long(TEXT_MAX)], filters=[_clean])
    expected_results = TextAreaField(
        _l("Expected results"), [_too_long(TEXT_MAX)], filters=[_clean]
    )
    start_year = YearField(_l("Start year"))
    end_year = YearField(_l("End year"))
    lead_organisation = _reference_field(
        _l("Lead organisation"), _l("Choose an organisation of this session.")
    )
    responsible_person = StringField(_l("Responsible person"), [_too_long(200)], filters=[_clean])
    responsible_position = StringField(
        _l("Position of the responsible person"), [_too_long(300)], filters=[_clean]
    )
    national_projects = MultiCheckboxField(
        _l("National projects"),
        coerce=int,
        invalid_value_message=_l("Choose national projects from the list."),
        invalid_choice_message=_l("Choose national projects from the list."),
    )
    strategy_priorities = MultiCheckboxField(
        _l("Strategy priorities"),
        coerce=int,
        invalid_value_message=_l("Choose priorities of this session's strategy."),
        invalid_choice_message=_l("Choose priorities of this session's strategy."),
    )
    risks = TextAreaField(_l("Risks"), [_too_long(TEXT_MAX)], filters=[_clean])
    partners = _rows(PartnerForm)
    indicators = _rows(IndicatorForm)
    resources = _rows(ResourceForm)
    stages = _rows(StageForm)
    # Set by the "add row" and "remove row" buttons: ``add-resources``, ``remove-stages-2``.
    row_action = StringField()
    save = SubmitField(_l("Save draft"))
    submit_passport = SubmitField(_l("Save and submit"))

    def __init__(self, *args, choices: PassportChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.passport_choices = choices
        self._bind_choices()

    def _bind_choices(self) -> None:
        c = self.passport_choices
        self.working_group.choices = c.groups
        self.lead_organisation.choices = BLANK + c.organisations
        self.national_projects.choices = c.national_projects
        self.strategy_priorities.choices = c.priorities
        for entry in self.partners:
            entry.form.organisation.choices = BLANK + c.organisations
        for entry in self.resources:
            entry.form.funding_source.choices = BLANK + c.funding_sources
        for entry in self.stages:
            entry.form.responsible_organisation.choices = BLANK + c.organisations

    # -- the add and remove buttons -------------------------------------------------------------

    def apply_row_action(self) -> bool:
        """Add or remove the row a button asked for; ``True`` if one was asked for."""
        match = ROW_ACTION.match(self.row_action.data or "")
        if not match:
            return False
        verb, section, index = match.groups()
        rows = self[section]
        if verb == "add" and len(rows) < ROWS_MAX:
            rows.append_entry({})
        elif verb == "remove" and index is not None and int(index) < len(rows):
            rows.pop_entry(int(index))
        self._bind_choices()
        self.row_action.data = ""
        return True

    def ensure_a_row_each(self) -> None:
        """Offer one empty row in every repeatable part that has none."""
        for section in SECTIONS:
            if not len(self[section]):
                self[section].append_entry({})
        self._bind_choices()

    # -- validation ------------------------------------------------------------------------------

    def all_fields(self) -> dict:
        """Every field by id, the rows' fields included."""
        fields = {}
        for field in self:
            fields[field.id] = field
            for entry in getattr(field, "entries", []):
                for subfield in entry.form:
                    fields[subfield.id] = subfield
        return fields

    def has_errors(self) -> bool:
        """Whether any field or the form itself has an error."""
        return bool(self.form_errors) or any(f.errors for f in self.all_fields().values())

    def filled_rows(self, section: str) -> list:
        """The rows of ``section`` that are not blank."""
        return [entry for entry in self[section] if not entry.form.is_blank()]

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: the end year not before the start, the rows within the timeframe,
        each partner named once and not the lead."""
        valid = super().validate(extra_validators)
        start, end = self.start_year.data, self.end_year.data
        if self.start_year.errors:
            start = None
        if self.end_year.errors:
            end = None
        if start and end and end < start:
            self.end_year.errors.append(_("The end year is before the start year."))
            return False
        valid = self._check_timeframe(start, end) and valid
        return self._check_partners() and valid

    def _check_timeframe(self, start: int | None, end: int | None) -> bool:
        """Rows must fall within the project's timeframe."""
        if not start or not end:
            return True
        message = _("Outside the project's timeframe %(start)d–%(end)d.", start=start, end=end)
        valid = True
        checks = [(e.form.year, e.form.year.data) for e in self.filled_rows("indicators")]
        checks += [(e.form.year, e.form.year.data) for e in self.filled_rows("resources")]
        for entry in self.filled_rows("stages"):
            for field in (entry.form.starts_on, entry.form.ends_on):
                checks.append((field, field.data.year if isinstance(field.data, date) else None))
        for field, year in checks:
            if year is not None and not field.errors and not start <= year <= end:
                field.errors.append(message)
                valid = False
        return valid

    def _check_partners(self) -> bool:
        valid = True
        seen = {self.lead_organisation.data}
        for entry in self.filled_rows("partners"):
            field = entry.form.organisation
            if field.errors or field.data is None:
                continue
            if field.data in seen:
                field.errors.append(_("This organisation already takes part in the project."))
                valid = False
            seen.add(field.data)
        return valid

    # -- the data ----------------------------------------------------------------------------

    def passport(self) -> dict:
        """The validated passport as the services take it."""
        return {
            "working_group_id": self.working_group.data,
            "title": self.title.data,
            "short_title": self.short_title.data,
            "problem": self.problem.data,
            "goal": self.goal.data,
            "expected_results": self.expected_results.data,
            "start_year": self.start_year.data,
            "end_year": self.end_year.data,
            "lead_organisation_id": self.lead_organisation.data,
            "responsible_person": self.responsible_person.data,
            "responsible_position": self.responsible_position.data,
            "risks": self.risks.data,
            "national_project_ids": list(self.national_projects.data or []),
            "strategy_priority_ids": list(self.strategy_priorities.data or []),
            **{
                section: [entry.form.values() for entry in self.filled_rows(section)]
                for section in SECTIONS
            },
        }

    def row_anchor(self, section: str, index: int, name: str) -> str:
        """The id of field ``name`` of the ``index``-th filled row (blank rows are skipped)."""
        rows = self.filled_rows(section)
        return rows[index].form[name].id if index < len(rows) else f"{section}-section"

    @staticmethod
    def data_from(project: Project) -> dict:
        """The form's initial data from a saved project."""
        return {
            "working_group": project.working_group_id,
            "title": project.title,
            "short_title": project.short_title,
            "problem": project.problem,
            "goal": project.goal,
            "expected_results": project.expected_results,
            "start_year": project.start_year,
            "end_year": project.end_year,
            "lead_organisation": project.lead_organisation_id,
            "responsible_person": project.responsible_person,
            "responsible_position": project.responsible_position,
            "risks": project.risks,
            "national_projects": [np.id for np in project.national_projects],
            "strategy_priorities": [sp.id for sp in project.strategy_priorities],
            "partners": [
                {"organisation": p.organisation_id, "contribution": p.contribution}
                for p in project.partners
            ],
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "baseline": i.baseline,
                    "target": i.target,
                    "year": i.year,
                }
                for i in project.indicators
            ],
            "resources": [
                {
                    "kind": r.kind,
                    "description": r.description,
                    "amount": r.amount,
                    "unit": r.unit,
                    "year": r.year,
                    "funding_source": r.funding_source_id,
                    "status": r.status,
                }
                for r in project.resources
            ],
            "stages": [
                {
                    "title": s.title,
                    "starts_on": s.starts_on,
                    "ends_on": s.ends_on,
                    "deliverable": s.deliverable,
                    "responsible_organisation": s.responsible_organisation_id,
                    "status": s.status,
                }
                for s in project.stages
            ],
        }


class EditProjectForm(ProjectForm):
    """The passport of a saved project, with the version it was loaded from."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

    def set_version(self, version: int) -> None:
        """Set the version the form was loaded from (also as raw data, so a re-rendered form
        keeps it)."""
        self.version.data = version
        self.version.raw_data = [str(version)]


# ----------------------------------------------------------------------------------------------
# The workflow
# ----------------------------------------------------------------------------------------------


class ReturnForm(Form):
    remarks = TextAreaField(
        _l("Remarks for the group"),
        [DataRequired(message=_l("Write what the group should change.")), _too_long(TEXT_MAX)],
        filters=[_clean],
    )
    submit = SubmitField(_l("Return for revision"))


class CommentForm(Form):
    """Accept, submit or withdraw, with an optional comment for the log."""

    comment = TextAreaField(_l("Comment"), [_too_long(TEXT_MAX)], filters=[_clean])


class DecisionForm(Form):
    recommended = SelectField(
        _l("Decision"),
        [DataRequired(message=_l("Choose a decision."))],
        choices=options([("yes", _l("Recommend for the forum")), ("no", _l("Do not recommend"))]),
        invalid_choice_message=_l("Choose a decision."),
    )
    comment = TextAreaField(_l("Comment"), [_too_long(TEXT_MAX)], filters=[_clean])


class BulkModerationForm(Form):
    """Accept or return several submitted projects at once, after seeing which."""

    action = SelectField(
        _l("Action"),
        [DataRequired(message=_l("Choose what to do with the projects."))],
        choices=options(
            [("accept", _l("Accept for review")), ("return", _l("Return for revision"))]
        ),
        invalid_choice_message=_l("Choose what to do with the projects."),
    )
    project_ids = SelectMultipleField(
        _l("Projects"),
        [DataRequired(message=_l("Select at least one submitted project."))],
        coerce=int,
        invalid_value_message=_l("Select projects from the list."),
        invalid_choice_message=_l("Only submitted projects of this session can be selected."),
    )
    remarks = TextAreaField(_l("Remarks for the groups"), [_too_long(TEXT_MAX)], filters=[_clean])
    confirm = SubmitField(_l("Confirm"))

    def __init__(self, *args, submitted: list[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.project_ids.choices = options((p.id, p.title) for p in submitted)

    def validate(self, extra_validators=None, *, confirming: bool = True) -> bool:
        """Validate; before confirming (the GET page) remarks are not asked for yet."""
        valid = super().validate(extra_validators)
        if confirming and self.action.data == "return" and not self.remarks.data:
            self.remarks.errors.append(_("Write what the groups should change."))
            return False
        return valid


# ----------------------------------------------------------------------------------------------
# Lists
# ----------------------------------------------------------------------------------------------

SORTS = {
    "title": _l("Title"),
    "updated": _l("Last changed"),
    "state": _l("State"),
    "direction": _l("Direction"),
}
PER_PAGE_CHOICES = [("25", "25"), ("50", "50"), ("100", "100"), ("all", _l("all"))]


class ProjectFilterForm(Form):
    """The project list's search, filters and sorting (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), [Optional(), _too_long(200)], filters=[_clean])
    direction = SelectField(_l("Direction"), [Optional()], coerce=_id_or_none)
    state = SelectField(
        _l("State"),
        [Optional()],
        choices=lambda: options([("", _("any state")), *ProjectState.choices()]),
    )
    to_edit = BooleanField(_l("Only my group's projects to edit"))
    sort = SelectField(_l("Sort by"), [Optional()], choices=options(SORTS.items()), default="title")
    per_page = SelectField(
        _l("Per page"), [Optional()], choices=options(PER_PAGE_CHOICES), default="25"
    )

    def __init__(self, *args, directions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = options(
            [("", _("all directions")), *((d.id, d.title) for d in directions)]
        )


SCOPES = {
    "all": _l("all but withdrawn"),
    "submitted": _l("submitted and later"),
    "accepted": _l("accepted for review and later"),
}


class ScopeForm(Form):
    """Which projects the summaries count (a GET form)."""

    class Meta:
        csrf = False

    scope = SelectField(
        _l("Projects counted"), [Optional()], choices=options(SCOPES.items()), default="all"
    )
