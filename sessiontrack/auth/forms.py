"""Log-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..core.forms import Form
from .services import normalise_email, password_problems


class LoginForm(Form):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Length(max=254)], filters=[normalise_email]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(Form):
    """The current password and a new one; without the current one (``ask_current=False``)
    where a spent one-time password is being replaced."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))

    def __init__(self, email: str = "", *args, ask_current: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email
        if not ask_current:
            del self.current_password

    def validate_new_password(self, field) -> None:
        from wtforms.validators import ValidationError

        problems = password_problems(field.data or "", self._email)
        if problems:
            raise ValidationError(" ".join(problems))
