"""Forms of the session's set-up: settings, forum, priorities, lifecycle, structure, copy."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp, ValidationError

from ..core.forms import CommentForm, Form, blank_choice, enum_choices, optional_int, select_choices
from ..people.models import ParticipantRole
from .models import SessionState
from .services import SLUG_PATTERN


class DatesInOrder:
    """Mixin: ``ends_on`` may not come before ``starts_on``."""

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date is before the start date."))


SLUG_HELP = _l("The session's address: lower-case Latin letters, digits and hyphens.")


def slug_field():
    """A field for a session's address: lower-case letters, digits and hyphens."""
    return StringField(
        _l("Address (slug)"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Use lower-case Latin letters, digits and hyphens (for example zato-2019)."
                ),
            ),
        ],
        description=SLUG_HELP,
        filters=[lambda value: value.strip().lower() if value else value],
    )


class SessionSettingsForm(DatesInOrder, Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    strategy_title = StringField(
        _l("Strategy the session serves"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: Strategy of socio-economic development to 2030."),
    )
    strategy_description = TextAreaField(
        _l("About the strategy"), validators=[Optional(), Length(max=20000)]
    )
    submit = SubmitField(_l("Save"))


class NewSessionForm(DatesInOrder, Form):
    slug = slug_field()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Create the session"))


class CopySessionForm(DatesInOrder, Form):
    slug = slug_field()
    title = StringField(
        _l("Title of the new session"), validators=[DataRequired(), Length(max=300)]
    )
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    submit = SubmitField(_l("Create the copy"))


class ForumForm(DatesInOrder, Form):
    name = StringField(_l("Forum"), validators=[DataRequired(), Length(max=300)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Save"))


class StageStepForm(CommentForm):
    """A step of the lifecycle, naming the stage it moves from (the stage the page showed), so
    that a step sent twice is refused rather than taken twice."""

    from_stage = HiddenField(
        validators=[
            DataRequired(_l("The page was out of date: reload it and take the step again.")),
            AnyOf(
                [state.value for state in SessionState],
                _l("The page was out of date: reload it and take the step again."),
            ),
        ]
    )

    @property
    def stage(self) -> SessionState:
        """The stage the page showed, which the step moves from."""
        return SessionState(self.from_stage.data)


class PriorityForm(Form):
    title = StringField(_l("Priority"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


class DirectionForm(Form):
    title = StringField(_l("Direction"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


class GroupForm(Form):
    title = StringField(_l("Working group"), validators=[DataRequired(), Length(max=300)])
    direction_id = SelectField(_l("Direction"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Save"))

    def __init__(self, directions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction_id.choices = select_choices((d.id, d.title) for d in directions)


class GroupMemberForm(Form):
    participant_id = SelectField(
        _l("Participant"), coerce=optional_int, validators=[DataRequired()]
    )
    role = SelectField(
        _l("Role in the group"),
        choices=enum_choices(ParticipantRole, [ParticipantRole.MEMBER, ParticipantRole.MODERATOR]),
        default=ParticipantRole.MEMBER.value,
    )
    submit = SubmitField(_l("Add to the group"))

    def __init__(self, participants, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant_id.choices = blank_choice(
            [(p.id, _participant_label(p)) for p in participants], str(_l("Choose a person"))
        )


def _participant_label(participant) -> str:
    parts = [participant.full_name]
    if participant.organisation is not None:
        parts.append(participant.organisation.display_name)
    if participant.working_group is not None:
        parts.append(str(_l("now in «%(group)s»", group=participant.working_group.title)))
    return " · ".join(parts)
