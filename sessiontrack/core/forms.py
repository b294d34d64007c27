"""Form base classes shared across areas: every form cleans the text it receives."""

import wtforms
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

# Characters no one types and PostgreSQL refuses in text (NUL), or that break exports.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def clean_text(value):
    """Drop control characters (NUL and the like) from submitted text; keep line breaks."""
    if isinstance(value, str):
        return value.translate(_CONTROL)
    return value


def strip_text(value):
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


class RowForm(wtforms.Form):
    """The base of repeated rows inside a page form (``FieldList(FormField(RowForm))``)."""

    class Meta(_CleaningMeta):
        pass


class EmptyForm(Form):
    """Gives a CSRF token to POST-only buttons (log out, state changes)."""
