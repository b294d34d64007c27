"""The home page."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from . import services

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    overview = services.home_overview(current_user)
    return render_template("home/index.html", overview=overview)
