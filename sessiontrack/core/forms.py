"""Form base classes shared across areas: every form cleans the text it receives."""

import wtforms
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectChoice, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, Optional, StopValidation

# Characters no one types and PostgreSQL refuses in text (NUL), or that break exports.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def clean_text(value):
    """Drop control characters (NUL and the like) from submitted text; keep line breaks."""
    if isinstance(value, str):
        return value.translate(_CONTROL)
    return value


def strip_text(value):
    """A form filter: the value without leading and trailing white space (non-text as is)."""
    return value.strip() if isinstance(value, str) else value


class _CleaningMeta:
    """Adds the text filters to every text field when the form binds it."""

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, StringField | TextAreaField):
            filters = [clean_text]
            if not issubclass(unbound_field.field_class, TextAreaField | PasswordField):
                filters.append(strip_text)
            options["filters"] = [*filters, *options.get("filters", ())]
        return unbound_field.bind(form=form, **options)


class Form(FlaskForm):
    """The base of every page form (with CSRF)."""

    class Meta(_CleaningMeta):
        pass


class FilterForm(Form):
    """The base of a list's search and filters: a GET form read from the query string."""

    class Meta(Form.Meta):
        csrf = False

    def read(self):
        """Validate; a filter that makes no sense is dropped (back to its default), the others
        still apply. Returns the form."""
        if not self.validate():
            for field in self:
                if field.errors:
                    field.data, field.raw_data, field.errors = field.default, None, []
        return self


class RowForm(wtforms.Form):
    """The base of repeated rows inside a page form (``FieldList(FormField(RowForm))``)."""

    class Meta(_CleaningMeta):
        pass


class EmptyForm(Form):
    """Gives a CSRF token to POST-only buttons (log out, state changes)."""


class MoveForm(Form):
    """Up or down buttons that reorder a list (``post_button(..., name="direction")``)."""

    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        """-1 to move the item up, +1 to move it down."""
        return -1 if self.direction.data == "up" else 1


class LanguageForm(Form):
    """The language buttons of every page: the language chosen, and the page to go back to."""

    language = HiddenField()
    next = HiddenField()


class CommentForm(Form):
    """A confirmation with an optional comment kept in the audit log."""

    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


# What a file of each kind begins with (an XLSX workbook is a ZIP archive), and what to say
# when it does not.
SIGNATURES = {"xlsx": (b"PK\x03\x04", _l("The file is not an XLSX workbook."))}


def size_text(size: int) -> str:
    """A byte count for people: "2 MB", "500 KB"."""
    if size >= 1024 * 1024:
        return _("%(size)s MB", size=f"{size / (1024 * 1024):g}")
    return _("%(size)s KB", size=max(1, size // 1024))


class UploadedFile:
    """Validates an uploaded file at its field: its type by name (``message`` when it is not
    one of ``extensions``) and, where known, by its first bytes; its size under the setting
    ``size_setting``. Leaves the stream at its start for the view to read.

    A request larger than ``MAX_CONTENT_LENGTH`` never reaches the form: see the 413 page.
    """

    def __init__(self, extensions: tuple[str, ...], size_setting: str, message):
        self.extensions = extensions
        self.size_setting = size_setting
        self.message = message

    def __call__(self, form, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", None):
            return  # no file: FileRequired says so
        name = upload.filename
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in self.extensions:
            raise StopValidation(str(self.message))
        limit = int(current_app.config[self.size_setting])
        head = upload.stream.read(limit + 1)
        upload.stream.seek(0)
        if len(head) > limit:
            raise StopValidation(_("The file is larger than %(size)s.", size=size_text(limit)))
        signature, refusal = SIGNATURES.get(extension, (b"", ""))
        if not head.startswith(signature):
            raise StopValidation(str(refusal))


def select_choices(pairs) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_cls, members=None) -> list[SelectChoice]:
    """Select options for a :class:`~sessiontrack.core.enums.TitledEnum`.

    Labels stay lazy, so a form class defined at import time shows them in the language of
    each request.
    """
    return [
        SelectChoice(member.value, enum_cls.__titles__.get(member.value, member.value))
        for member in (members or enum_cls)
    ]


def blank_choice(pairs, label: str = "—") -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs after an empty first option (``""``)."""
    return select_choices([("", label), *pairs])


def optional_int(value):
    """Coerce a select's value to an int, ``""`` or ``None`` to ``None``."""
    if value in ("", None, "None"):
        return None
    return int(value)
