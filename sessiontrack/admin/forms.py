"""Forms of the administration area."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SearchField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..core.forms import Form, select_choices


class AppointFacilitatorForm(Form):
    email = EmailField(
        _l("E-mail of the account"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid e-mail."))],
        description=_l("The person needs an account: create one under «Accounts» first."),
    )
    submit = SubmitField(_l("Appoint facilitator"))


class UserForm(Form):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid e-mail."))],
        description=_l("The login."),
    )
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    is_admin = BooleanField(_l("Administrator of the whole instance"))
    submit = SubmitField(_l("Save"))


class UserSearchForm(Form):
    """The account list's search (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or e-mail"), validators=[Optional(), Length(max=200)])
    status = SelectField(
        _l("Status"),
        choices=select_choices(
            [("", _l("All")), ("active", _l("Active")), ("inactive", _l("Deactivated"))]
        ),
        validators=[Optional()],
    )
