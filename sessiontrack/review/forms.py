"""Forms of the expert review. They validate; the services change state."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import Select

from ..core.forms import FilterForm, Form, RowForm, UploadedFile, enum_choices, strip_text
from ..projects.forms.fields import AMOUNT_MAX, NumberField, Within, id_or_none, options, too_long
from . import queries
from .aggregation import FLAG_TITLES
from .models import ParticipationForm
from .services import CriterionData, InterestTerms

EXTRA_LEVEL_ROWS = 3


def choices(pairs) -> list[SelectChoice]:
    """Select choices from (value, label) pairs."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


class LevelForm(RowForm):
    """One described level of a criterion's scale."""

    level = IntegerField(_l("Level"), validators=[Optional()])
    description = StringField(_l("What this level means"), validators=[Length(max=500)])


class CriterionForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    counted = BooleanField(
        _l("Counted in the total"),
        default=True,
        description=_l("Untick for a criterion that is reported beside the total, not counted."),
    )
    weight = FloatField(
        _l("Weight"),
        default=1.0,
        validators=[Optional(), NumberRange(min=0, max=1000)],
        description=_l("Greater than zero for a counted criterion; ignored otherwise."),
    )
    scale_min = IntegerField(
        _l("Scale from"), default=0, validators=[InputRequired(), NumberRange(-1000, 1000)]
    )
    scale_max = IntegerField(
        _l("Scale to"), default=10, validators=[InputRequired(), NumberRange(-1000, 1000)]
    )
    position = IntegerField(
        _l("Order"), default=0, validators=[InputRequired(), NumberRange(0, 10000)]
    )
    levels = FieldList(FormField(LevelForm), label=_l("Levels of the scale"))
    submit = SubmitField(_l("Save"))

    def validate_weight(self, field):
        if self.counted.data and not (field.data and field.data > 0):
            field.errors.append(_l("A counted criterion needs a weight greater than zero."))

    def validate_scale_max(self, field):
        low, high = self.scale_min.data, field.data
        if low is not None and high is not None and high <= low:
            field.errors.append(_l("The top of the scale must be above its bottom."))

    def validate_levels(self, field):
        seen = set()
        low, high = self.scale_min.data, self.scale_max.data
        for entry in field.entries:
            level, text = entry.form.level.data, (entry.form.description.data or "").strip()
            if level is None and not text:
                continue
            if level is None:
                entry.form.level.errors.append(_l("Give the level this text describes."))
            elif low is not None and high is not None and not low <= level <= high:
                entry.form.level.errors.append(_l("This level is outside the scale."))
            elif level in seen:
                entry.form.level.errors.append(_l("This level is described twice."))
            seen.add(level)
        if any(entry.form.level.errors for entry in field.entries):
            field.errors.append(_l("Check the levels of the scale."))

    def fill_levels(self, descriptions: dict) -> None:
        """Rows for the described levels, then a few blank ones."""
        while self.levels.entries:
            self.levels.pop_entry()
        for level, text in sorted(descriptions.items(), key=lambda item: int(item[0])):
            self.levels.append_entry({"level": int(level), "description": text})
        for _row in range(EXTRA_LEVEL_ROWS):
            self.levels.append_entry()

    def data_for_service(self) -> CriterionData:
        """The criterion as the service takes it; levels without a description are left out."""
        return CriterionData(
            title=self.title.data or "",
            description=self.description.data or "",
            weight=self.weight.data or 0.0,
            counted=self.counted.data,
            scale_min=self.scale_min.data,
            scale_max=self.scale_max.data,
            level_descriptions={
                str(entry.form.level.data): entry.form.description.data.strip()
                for entry in self.levels.entries
                if entry.form.level.data is not None and (entry.form.description.data or "").strip()
            },
            position=self.position.data,
        )


class SettingsForm(Form):
    review_deadline = DateTimeLocalField(
        _l("Deadline for the experts"),
        validators=[Optional()],
        description=_l("Shown to the experts; the review stays open until you close it."),
    )
    review_min_scorecards = IntegerField(
        _l("Minimum number of scorecards per project"),
        validators=[InputRequired(), NumberRange(1, 100)],
    )
    disagreement_stdev = FloatField(
        _l("Disagreement when the standard deviation exceeds (points of 100)"),
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    disagreement_range = FloatField(
        _l("Disagreement when the range exceeds (points of 100)"),
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    normalise_scores = BooleanField(_l("Show normalised results (z-scores) by default"))
    reminder_rungs = StringField(
        _l("Remind experts of their scorecards, days before the deadline"),
        default="3, 1",
        validators=[Length(max=40)],
        description=_l(
            "Whole days, separated by commas (for example 3, 1); at most five. Empty: no reminders."
        ),
    )
    returned_reminder_days = IntegerField(
        _l("Remind a group of a returned project after (days)"),
        default=3,
        validators=[Optional(), NumberRange(0, 60)],
        description=_l("Empty or 0: no reminder."),
    )
    submit = SubmitField(_l("Save"))

    def validate_reminder_rungs(self, field):
        try:
            reminder_ladder(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


REMINDER_DAYS_MAX = 60
REMINDER_RUNGS_MAX = 5


def reminder_ladder(text: str) -> list[int]:
    """Days before the deadline from "3, 1" (largest first, each once).

    :raise ValueError: with the message for the field.
    """
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValueError(_l("Write whole numbers of days separated by commas, for example 3, 1."))
    days = sorted({int(part) for part in parts}, reverse=True)
    if any(not 1 <= day <= REMINDER_DAYS_MAX for day in days):
        raise ValueError(
            _l("Each number of days must be from 1 to %(max)d.", max=REMINDER_DAYS_MAX)
        )
    if len(days) > REMINDER_RUNGS_MAX:
        raise ValueError(_l("At most %(max)d reminders.", max=REMINDER_RUNGS_MAX))
    return days


class BalancedAssignmentForm(Form):
    per_project = IntegerField(
        _l("Experts per project"), default=3, validators=[InputRequired(), NumberRange(1, 100)]
    )
    max_load = IntegerField(
        _l("At most projects per expert"),
        default=10,
        validators=[InputRequired(), NumberRange(1, 1000)],
    )
    submit = SubmitField(_l("Assign"))


class ManualAssignmentForm(Form):
    expert_id = SelectField(_l("Expert"), coerce=int, validators=[InputRequired()])
    project_id = SelectField(_l("Project"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("Add"))


class ManyOptionsSelect(Select):
    """A select whose options (thousands: a session's projects) are written in one pass, not
    each through :func:`wtforms.widgets.html_params`; options have no extra attributes."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        """One ``<option>`` (its value and label escaped by the Markup template)."""
        return _OPTION[bool(choice.selected)].format(choice.value, choice.label or choice.value)


_OPTION = {
    False: Markup('<option value="{}">{}</option>'),
    True: Markup('<option value="{}" selected>{}</option>'),
}


def project_select(label) -> SelectField:
    """A required select of one of the session's projects, by id."""
    return SelectField(label, coerce=int, validators=[InputRequired()], widget=ManyOptionsSelect())


class ConflictForm(Form):
    project_id = project_select(_l("Project"))
    reason = TextAreaField(
        _l("Why you have a conflict of interest"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Declare the conflict"))


WORK_STATUSES = (
    ("", _l("all")),
    (queries.WORK_TO_SCORE, _l("to score (not submitted)")),
    (queries.WORK_NOT_STARTED, _l("not started")),
    (queries.WORK_STARTED, _l("drafts in progress")),
    (queries.WORK_SUBMITTED, _l("submitted")),
)


class WorkFilterForm(FilterForm):
    """The expert's list: where the scorecards stand, words of the title, the direction (a GET
    form; what makes no sense is dropped by the page)."""

    status = SelectField(_l("Show"), [Optional()], choices=lambda: options(WORK_STATUSES))
    q = StringField(_l("Search"), [Optional(), too_long(200)], filters=[strip_text])
    direction = SelectField(_l("Direction"), [Optional()], coerce=id_or_none)

    def __init__(self, *args, directions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = options(
            [("", _l("all directions")), *((d.id, d.title) for d in directions)]
        )


def _stage_id(value):
    """A stage id from the form (``None`` for «no stage»)."""
    return int(value) if value not in (None, "", "None") else None


class InterestTermsForm(Form):
    """An investor's terms for one project (the project given by the page)."""

    form = SelectField(
        _l("Form of participation"),
        choices=enum_choices(ParticipationForm),
        default=ParticipationForm.PARTNERSHIP.value,
        validators=[DataRequired()],
    )
    amount_from = NumberField(
        _l("From, million roubles"),
        validators=[Optional(), Within(max=AMOUNT_MAX, message=_l("The number is too large."))],
    )
    amount_to = NumberField(
        _l("To, million roubles"),
        validators=[Optional(), Within(max=AMOUNT_MAX, message=_l("The number is too large."))],
    )
    stage_id = SelectField(_l("Stage to join"), coerce=_stage_id, validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Mark interest"))

    def set_stages(self, stages) -> None:
        """Offer the project's stages (and «no stage»)."""
        offered = choices((stage.id, stage.title) for stage in stages)
        self.stage_id.choices = [SelectChoice("", "—"), *offered]

    def terms(self) -> InterestTerms:
        """The terms as the service takes them."""
        stage = getattr(self, "stage_id", None)
        return InterestTerms(
            form=ParticipationForm(self.form.data),
            amount_from=self.amount_from.data,
            amount_to=self.amount_to.data,
            stage_id=stage.data if stage is not None else None,
            note=self.note.data or "",
        )


class InterestForm(InterestTermsForm):
    """An investor's interest marked from the review area: the project chosen in the form (no
    stage there: the public page of the project offers its stages)."""

    project_id = project_select(_l("Project"))
    stage_id = None


class DecisionForm(Form):
    recommended = HiddenField(validators=[DataRequired()])
    comment = StringField(_l("Comment"), validators=[Length(max=2000)])
    # The page to return to (the ranking with its filters); checked by the view.
    next = HiddenField()


class UploadForm(Form):
    sheet = FileField(
        _l("Filled scoring sheet (XLSX)"),
        validators=[
            FileRequired(_l("Choose the filled XLSX sheet.")),
            UploadedFile(("xlsx",), "PAPER_SHEET_MAX_BYTES", _l("Upload an .xlsx file.")),
        ],
    )
    submit = SubmitField(_l("Upload and check"))


class BaseScorecardForm(Form):
    comment = TextAreaField(
        _l("Comment for the forum and the working group"), validators=[Length(max=5000)]
    )
    version = HiddenField()
    # Sent by the button pressed: "submit" submits, anything else saves a draft.
    action = HiddenField()

    @property
    def submitting(self) -> bool:
        """Whether the expert pressed submit (rather than save)."""
        return self.action.data == "submit"


def scorecard_form(criteria, scorecard, formdata=None):
    """A form with one radio group per criterion (``criterion_<id>``), the comment, the version.

    Built per request: the criteria, and so the fields, belong to the session.
    """

    class ScorecardForm(BaseScorecardForm):
        pass

    for criterion in criteria:
        levels = range(criterion.scale_min, criterion.scale_max + 1)
        level_choices = choices((level, level) for level in levels)
        setattr(
            ScorecardForm,
            field_name(criterion),
            RadioField(criterion.title, choices=level_choices, validators=[Optional()]),
        )
    values = {score.criterion_id: score.value for score in scorecard.scores}
    data = {field_name(c): str(values[c.id]) for c in criteria if c.id in values}
    form = ScorecardForm(formdata=formdata, data=data)
    if formdata is None:
        form.comment.data = scorecard.comment
        form.version.data = str(scorecard.version_id)
    return form


def field_name(criterion) -> str:
    """The scorecard form's field name for a criterion's score."""
    return f"criterion_{criterion.id}"


def submitted_values(form, criteria) -> dict[int, int | None]:
    """Criterion id → the chosen level (``None`` when none is chosen)."""
    values = {}
    for criterion in criteria:
        raw = (form[field_name(criterion)].data or "").strip()
        values[criterion.id] = int(raw) if raw and raw != "None" else None
    return values


def submitted_version(form) -> int | None:
    """The scorecard version the form was loaded from, or ``None`` if it is malformed."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


class AdoptPackageForm(Form):
    """Adopt the package shown: its fingerprint, sent by the button
    (``post_button(..., name="fingerprint")``)."""

    fingerprint = HiddenField(validators=[DataRequired(), Length(max=64)])


RANKING_FLAGS = {**FLAG_TITLES, "none": _l("No flag")}
RANKING_DECISIONS = {
    "open": _l("Not decided yet"),
    "recommended": _l("Recommended"),
    "not_recommended": _l("Not recommended"),
}


class RankingFilterForm(FilterForm):
    """The ranking's search and filters (a GET form); the method and the panel are links."""

    q = StringField(_l("Search"), [Optional(), Length(max=200)], filters=[strip_text])
    direction = SelectField(_l("Direction"), [Optional()], coerce=id_or_none)
    flag = SelectField(_l("Flag"), [Optional()])
    decision = SelectField(_l("Forum decision"), [Optional()])

    def __init__(self, *args, directions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = options(
            [("", _("all directions")), *((d.id, d.title) for d in directions)]
        )
        self.flag.choices = options([("", _("any flag")), *RANKING_FLAGS.items()])
        self.decision.choices = options([("", _("any decision")), *RANKING_DECISIONS.items()])
