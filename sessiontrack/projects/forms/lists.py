"""The forms of the project lists and summaries: search, filters, sorting, scope (GET forms)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Optional

from ...core.forms import FilterForm, Form, strip_text
from ..models import ProjectState
from .fields import id_or_none, options, too_long

SORTS = {
    "title": _l("Title"),
    "updated": _l("Last changed"),
    "state": _l("State"),
    "direction": _l("Direction"),
}
# At most 100 a page: a page of every project (2,000 at a forum ten times the usual size) would
# take seconds to build. A link of the time when «all» was offered shows the widest page.
PER_PAGE_CHOICES = [("25", "25"), ("50", "50"), ("100", "100")]


def _widest_for_all(value):
    return "100" if value == "all" else value


class ProjectFilterForm(FilterForm):
    """The project list's search, filters and sorting (a GET form)."""

    q = StringField(_l("Search"), [Optional(), too_long(200)], filters=[strip_text])
    direction = SelectField(_l("Direction"), [Optional()], coerce=id_or_none)
    state = SelectField(
        _l("State"),
        [Optional()],
        choices=lambda: options([("", _("any state")), *ProjectState.choices()]),
    )
    to_edit = BooleanField(_l("Only my group's projects to edit"))
    sort = SelectField(_l("Sort by"), [Optional()], choices=options(SORTS.items()), default="title")
    per_page = SelectField(
        _l("Per page"),
        [Optional()],
        choices=options(PER_PAGE_CHOICES),
        default="25",
        filters=[_widest_for_all],
    )

    def __init__(self, *args, directions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = options(
            [("", _("all directions")), *((d.id, d.title) for d in directions)]
        )


SCOPES = {
    "all": _l("all but withdrawn"),
    "submitted": _l("submitted and later"),
    "accepted": _l("accepted for review and later"),
}


class ScopeForm(Form):
    """Which projects the summaries count (a GET form)."""

    class Meta:
        csrf = False

    scope = SelectField(
        _l("Projects counted"), [Optional()], choices=options(SCOPES.items()), default="all"
    )
