"""The e-mail choices of the notifications page."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SubmitField

from ..core.forms import Form, select_choices
from .models import NotificationKind

LANGUAGES = (("ru", "Русский"), ("en", "English"))


class EmailChoicesForm(Form):
    """One box per kind of notification (ticked: e-mail it) and the language to write in."""

    language = SelectField(
        _l("Language of the e-mails and of the interface"),
        choices=select_choices(LANGUAGES),
    )
    submit = SubmitField(_l("Save"))

    def kind_fields(self):
        """(kind, its box), in the order of :class:`NotificationKind`."""
        return [(kind, self[kind.value]) for kind in NotificationKind]

    def choices(self) -> dict[NotificationKind, bool]:
        """The boxes as the service takes them."""
        return {kind: bool(box.data) for kind, box in self.kind_fields()}


for _kind in NotificationKind:
    setattr(
        EmailChoicesForm,
        _kind.value,
        BooleanField(NotificationKind.__titles__[_kind.value], default=True),
    )
