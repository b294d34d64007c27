"""Forms for agenda items, talks and decisions."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.forms import Form, blank_choice, enum_choices, optional_int
from .models import DecisionStatus


class AgendaItemForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_at = TimeField(_l("Starts at"), validators=[Optional()])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), Length(max=50000)],
        description=_l("The facilitator's record of what was said and agreed."),
    )
    submit = SubmitField(_l("Save"))

    def validate_ends_at(self, field) -> None:
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The end time is before the start time."))


class TalkForm(Form):
    speaker_id = SelectField(_l("Speaker"), coerce=optional_int)
    title = StringField(_l("Title of the talk"), validators=[DataRequired(), Length(max=300)])
    key_points = TextAreaField(
        _l("Key points"),
        validators=[Optional(), Length(max=50000)],
        description=_l("One point per line."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, participants, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.speaker_id.choices = blank_choice(
            [
                (
                    p.id,
                    f"{p.full_name} · {p.organisation.display_name}"
                    if p.organisation
                    else p.full_name,
                )
                for p in participants
            ]
        )


class DecisionForm(Form):
    text = TextAreaField(_l("Decision"), validators=[DataRequired(), Length(max=20000)])
    agenda_item_id = SelectField(_l("Agenda item"), coerce=optional_int)
    responsible = StringField(
        _l("Responsible"),
        validators=[Optional(), Length(max=300)],
        description=_l("A person or a body, for example: moderators of the working groups."),
    )
    responsible_organisation_id = SelectField(_l("Responsible organisation"), coerce=optional_int)
    due_on = DateField(_l("Due"), validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=enum_choices(DecisionStatus),
        default=DecisionStatus.OPEN.value,
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, agenda_items, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_item_id.choices = blank_choice([(i.id, i.title) for i in agenda_items])
        self.responsible_organisation_id.choices = blank_choice(
            [(o.id, o.name) for o in organisations]
        )

    def values(self) -> dict:
        """The decision's values for :func:`.services.add_decision` and ``update_decision``."""
        return {
            "text": self.text.data.strip(),
            "agenda_item_id": self.agenda_item_id.data,
            "responsible": (self.responsible.data or "").strip(),
            "responsible_organisation_id": self.responsible_organisation_id.data,
            "due_on": self.due_on.data,
            "status": DecisionStatus(self.status.data),
        }
