"""The audit log's filters."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from ..core.forms import Form, blank_choice, optional_int
from .labels import object_type_title


class AuditFilterForm(Form):
    """Kind of object and person (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    object_type = SelectField(_l("Kind of object"), validators=[Optional()])
    user = SelectField(_l("Person"), coerce=optional_int, validators=[Optional()])

    def __init__(self, object_types, users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = str(_l("All"))
        self.object_type.choices = blank_choice(
            sorted(((t, object_type_title(t)) for t in object_types), key=lambda c: c[1]),
            everything,
        )
        self.user.choices = blank_choice([(u.id, u.name) for u in users], everything)
