"""A passport sent as JSON, checked by the web's own passport form.

The body has passed the marshmallow schema (types, lengths, ranges); it is then put into the
passport form (``projects/forms/project.py``) as a browser would post it, so that every rule
the web page checks — the user's groups, the session's organisations, the years in order and
within the timeframe, a partner named once, money in a money unit — is checked by the same
code, with the same messages. The form's :meth:`passport` is what the services take.
"""

from flask_babel import gettext as _
from flask_smorest import abort
from werkzeug.datastructures import MultiDict

from ...projects.forms.project import SECTIONS, EditProjectForm, PassportChoices, ProjectForm

# The API's names of the form's fields where they differ (the API names ids as ids).
FIELD_NAMES = {
    "working_group": "working_group_id",
    "lead_organisation": "lead_organisation_id",
    "national_projects": "national_project_ids",
    "strategy_priorities": "strategy_priority_ids",
    "organisation": "organisation_id",
    "funding_source": "funding_source_id",
    "responsible_organisation": "responsible_organisation_id",
}
FORM_NAMES = {api: form for form, api in FIELD_NAMES.items()}
LISTS = ("national_project_ids", "strategy_priority_ids")


def _text(value) -> str:
    return "" if value is None else str(value)


def _formdata(body: dict) -> MultiDict:
    """The body as the passport form's fields (``partners-0-organisation``, ...)."""
    data = MultiDict()
    for key, value in body.items():
        if key in SECTIONS:
            for index, row in enumerate(value):
                for name, cell in row.items():
                    data.add(f"{key}-{index}-{FORM_NAMES.get(name, name)}", _text(cell))
        elif key in LISTS:
            for ident in value:
                data.add(FORM_NAMES[key], str(ident))
        else:
            data.add(FORM_NAMES.get(key, key), _text(value))
    return data


def api_field(form_id: str) -> str:
    """The API's dotted name of a form field: ``partners-0-organisation`` →
    ``partners.0.organisation_id``."""
    parts = form_id.split("-")
    parts[-1] = FIELD_NAMES.get(parts[-1], parts[-1])
    return ".".join(parts)


def form_errors(form) -> dict:
    """Every message of the validated ``form``, by the API's field name."""
    errors = {}
    for form_id, field in form.all_fields().items():
        if field.errors:
            errors[api_field(form_id)] = [str(message) for message in field.errors]
    if form.form_errors:
        errors["_passport"] = [str(message) for message in form.form_errors]
    return errors


def checked_passport(strategic_session, user, body: dict, *, edit: bool = False) -> dict:
    """The passport in ``body`` as the services take it.

    :raise 422: with each field's messages when the passport form refuses it.
    """
    choices = PassportChoices.load(strategic_session, user)
    form_class = EditProjectForm if edit else ProjectForm
    form = form_class(formdata=_formdata(body), choices=choices, meta={"csrf": False})
    if not form.validate():
        errors = form_errors(form)
        abort(422, message=_("The passport is not valid: see the fields named."), errors=errors)
    return form.passport()
