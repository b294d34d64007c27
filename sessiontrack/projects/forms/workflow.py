"""The workflow's forms: returning, deciding, and accepting or returning several projects.

Submitting, accepting and withdrawing take the shared :class:`~sessiontrack.core.forms.CommentForm`.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from ...core.forms import Form, strip_text
from ..models import Project
from .fields import TEXT_MAX, options, too_long


class ReturnForm(Form):
    remarks = TextAreaField(
        _l("Remarks for the group"),
        [DataRequired(message=_l("Write what the group should change.")), too_long(TEXT_MAX)],
        filters=[strip_text],
    )
    submit = SubmitField(_l("Return for revision"))


class DecisionForm(Form):
    recommended = SelectField(
        _l("Decision"),
        [DataRequired(message=_l("Choose a decision."))],
        choices=options([("yes", _l("Recommend for the forum")), ("no", _l("Do not recommend"))]),
        invalid_choice_message=_l("Choose a decision."),
    )
    comment = TextAreaField(_l("Comment"), [too_long(TEXT_MAX)], filters=[strip_text])


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
    remarks = TextAreaField(
        _l("Remarks for the groups"), [too_long(TEXT_MAX)], filters=[strip_text]
    )
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
