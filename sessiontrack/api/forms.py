"""The form that makes a personal API token."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..core.forms import Form
from .models import TokenScope


class TokenForm(Form):
    """A token's name (what it is for) and its scope."""

    name = StringField(
        _l("Name"),
        [DataRequired(message=_l("Say what the token is for.")), Length(max=100)],
        description=_l("What the token is for, e.g. «the regional office's dashboard»."),
    )
    scope = RadioField(
        _l("Access"),
        choices=[
            SelectChoice(TokenScope.READ.value, _l("Read only")),
            SelectChoice(TokenScope.WRITE.value, _l("Read and write (your group's projects)")),
        ],
        default=TokenScope.READ.value,
        coerce=TokenScope,
        validate_choice=True,
    )
    submit = SubmitField(_l("Create token"))
