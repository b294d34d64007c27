"""The account's API tokens: list, create (its secret shown once), revoke."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import DomainError, flash_refusal, show_at_field
from ..core.forms import EmptyForm
from ..extensions import db
from . import tokens
from .forms import TokenForm
from .models import ApiToken

bp = Blueprint("api_tokens", __name__, url_prefix="/auth/tokens")


def _page(form, secret=None, created=None, status=200):
    return (
        render_template(
            "api/tokens.html",
            form=form,
            tokens=tokens.tokens_of(current_user),
            secret=secret,
            created=created,
            tokens_max=tokens.TOKENS_MAX,
        ),
        status,
    )


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422 if form.errors else 200)
    try:
        token, secret = tokens.create_token(current_user, form.name.data, form.scope.data)
    except DomainError as refusal:
        return _page(form, status=show_at_field(form, refusal))
    # The secret is shown on this answer only: it is kept nowhere but as a hash.
    return _page(TokenForm(formdata=None), secret=secret, created=token)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if EmptyForm().validate_on_submit():
        try:
            tokens.revoke_token(current_user, token)
        except DomainError as refusal:
            flash_refusal(refusal)
            return redirect(url_for(".index"))
        flash(_("The token «%(name)s» is revoked.", name=token.name), "success")
    return redirect(url_for(".index"))
