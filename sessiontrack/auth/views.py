"""Log in, log out, change password."""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.errors import DomainError, show_at_field
from ..core.urls import API_PREFIX, is_safe_next
from ..extensions import limiter
from . import services
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__, url_prefix="/auth")

# What an account that must replace its one-time password may still open.
OPEN_BEFORE_OWN_PASSWORD = frozenset(
    {"auth.change_password", "auth.logout", "static", "core.set_language"}
)
# One count of password guesses per account, whether made at the log-in form or at the
# change-password form's current password.
GUESSES_SCOPE = "password-guesses"


def _login_refused(response) -> bool:
    """Only refused log-ins count against the throttling limits."""
    return response.status_code != 302


def _current_password_refused(response) -> bool:
    """Only a wrong current password counts at the change-password form, not a weak new one."""
    return g.get("current_password_refused", False)


def _login_account_key() -> str:
    return "account:" + services.normalise_email(request.form.get("email"))[:254]


def _current_account_key() -> str:
    return "account:" + current_user.email


def _password_guesses_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


@bp.before_app_request
def _own_password_first():
    """A log-in with a one-time password leads to choosing one's own password, and nowhere
    else, until it is chosen. (The API authenticates by token, not by this browser's log-in.)"""
    if (
        request.endpoint not in OPEN_BEFORE_OWN_PASSWORD
        and not request.path.startswith(API_PREFIX)
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_refused,
)
@limiter.shared_limit(
    _password_guesses_limit,
    scope=GUESSES_SCOPE,
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_login_refused,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong e-mail or password."))
        else:
            login_user(user, remember=form.remember.data)
            if user.must_change_password:
                flash(_("Please choose your own password now."), "warning")
                return redirect(url_for("auth.change_password"))
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("home.index"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@login_required
def logout():
    services.log_out(current_user._get_current_object())
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(
    _password_guesses_limit,
    scope=GUESSES_SCOPE,
    key_func=_current_account_key,
    methods=["POST"],
    deduct_when=_current_password_refused,
    exempt_when=lambda: not current_user.is_authenticated,
)
def change_password():
    user = current_user._get_current_object()
    one_time = user.must_change_password
    form = ChangePasswordForm(email=user.email, ask_current=not one_time)
    if form.validate_on_submit():
        try:
            if one_time:
                services.choose_own_password(user, form.new_password.data)
            else:
                services.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            g.current_password_refused = error.field == "current_password"
            status = show_at_field(form, error)
            return render_template("auth/password.html", form=form, one_time=one_time), status
        login_user(user)  # keep this browser logged in with the new version
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("home.index"))
    template = render_template("auth/password.html", form=form, one_time=one_time)
    return template, 200 if not form.errors else 422
