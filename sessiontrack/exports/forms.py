"""Forms of the export page and of the session import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, Length, Optional, Regexp

from ..core.forms import Form, UploadedFile
from ..sessions.services import SLUG_PATTERN
from .services import KINDS, SHEETS_BY


class ExportJobForm(Form):
    """Start a long export (workbook, forum book, sheets, JSON) in the background."""

    document = HiddenField(validators=[AnyOf([key for key, kind in KINDS.items() if kind.long])])
    by = SelectField(
        _l("Sheets"),
        choices=[
            SelectChoice("expert", _l("Per expert")),
            SelectChoice("project", _l("Per project")),
        ],
        default="expert",
        validators=[Optional(), AnyOf(SHEETS_BY)],
    )
    expert = SelectField(_l("Expert"), coerce=str, validators=[Optional()])


class SessionImportForm(Form):
    """Upload a JSON export to create a session from it."""

    file = FileField(
        _l("JSON file"),
        validators=[
            FileRequired(_l("Choose the JSON file of a session export.")),
            UploadedFile(("json",), "SESSION_IMPORT_MAX_BYTES", _l("Choose a .json file.")),
        ],
    )
    slug = StringField(
        _l("Slug of the new session"),
        description=_l("Leave empty to keep the slug in the file. Latin letters, digits, dashes."),
        validators=[
            Optional(),
            Length(max=80),
            Regexp(SLUG_PATTERN, message=_l("Use lower-case Latin letters, digits and dashes.")),
        ],
    )
