"""What the session's set-up pages share."""

from flask import render_template


def form_page(template: str, form, **context):
    """The form's page: 422 when the sent form has errors, else 200."""
    return render_template(template, form=form, **context), 422 if form.errors else 200
