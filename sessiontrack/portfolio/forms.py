"""The portfolio's forms: the page's filters and sorting (GET), the admin's grant."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import Form, select_choices, strip_text
from ..projects.models import ProjectState
from .figures import PORTFOLIO_STATES

SORTS = {
    "session": _l("Session"),
    "percentile": _l("Rank percentile"),
    "zscore": _l("z-score"),
    "title": _l("Title"),
    "state": _l("State"),
    "need": _l("Need"),
    "gap": _l("Gap"),
}
DIRECTIONS = {"asc": _l("ascending"), "desc": _l("descending")}


class PortfolioFilterForm(Form):
    """The portfolio's search, filters and sorting (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), [Optional(), Length(max=200)], filters=[strip_text])
    session = SelectField(_l("Session"), [Optional()])
    state = SelectField(_l("State"), [Optional()])
    sort = SelectField(
        _l("Sort by"), [Optional()], choices=select_choices(SORTS.items()), default="session"
    )
    order = SelectField(
        _l("Order"), [Optional()], choices=select_choices(DIRECTIONS.items()), default="asc"
    )

    def __init__(self, *args, sessions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.session.choices = select_choices(
            [("", _("all sessions")), *((s.slug, s.title) for s in sessions)]
        )
        self.state.choices = select_choices(
            [("", _("any state")), *((s.value, s.title) for s in PORTFOLIO_STATES)]
        )

    def value(self, name: str):
        """The field's value when it is valid, else ``None`` (a bad value filters nothing)."""
        field = self[name]
        return None if field.errors or not field.data else field.data

    @property
    def chosen_state(self) -> ProjectState | None:
        """The state to keep, if one is chosen."""
        value = self.value("state")
        return ProjectState(value) if value else None


class MultiCheckboxField(SelectMultipleField):
    """A choice of several, as check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PortfolioGrantForm(Form):
    """An admin grants (or changes) an account's portfolio reading."""

    email = EmailField(
        _l("E-mail of the account"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid e-mail."))],
        description=_l("The person needs an account: create one under «Accounts» first."),
    )
    all_sessions = BooleanField(_l("Every session, present and future"))
    sessions = MultiCheckboxField(_l("Sessions"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Grant portfolio reading"))

    def __init__(self, *args, sessions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions.choices = select_choices((s.id, s.title) for s in sessions)

    def validate_sessions(self, field) -> None:
        """Some session, or every one, must be chosen."""
        if not field.data and not self.all_sessions.data:
            raise ValidationError(_("Choose the sessions, or every session."))
