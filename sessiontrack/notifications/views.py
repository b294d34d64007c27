"""The bell's page: a person's notifications, marking them read, their e-mail choices; and the
facilitator's list of experts with scorecards left, each with a «remind» button."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import DomainError, flash_refusal
from ..core.forms import EmptyForm
from ..core.loading import get_in_session_or_404
from ..core.models import utcnow
from ..core.pagination import requested_page
from ..extensions import db
from ..people.models import Participant
from ..sessions.access import FACILITATION, session_role_required
from . import reminders, services
from .forms import EmailChoicesForm
from .models import Notification
from .texts import link_of, text_of

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
reminders_bp = Blueprint("reminders", __name__, url_prefix="/s/<slug>/reminders")


@bp.app_template_global()
def unread_notifications() -> int:
    """The bell's figure: the signed-in person's unread notifications (0 for anyone else)."""
    if not current_user.is_authenticated:
        return 0
    return services.unread_count_kept(current_user)


@bp.get("/")
@login_required
def index():
    page = services.notifications_page(
        current_user, requested_page(), current_app.config["PER_PAGE"]
    )
    return render_template(
        "notifications/index.html",
        page=page,
        text_of=text_of,
        link_of=link_of,
        form=EmptyForm(),
    )


def _back():
    return redirect(url_for(".index", page=request.args.get("page", 1, type=int)))


def get_own_notification_or_404(notification_id: int) -> Notification:
    """The current user's notification with this id.

    :raise 404: if there is none (another person's included).
    """
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    return notification


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    notification = get_own_notification_or_404(notification_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_read(notification)
    return _back()


@bp.post("/read")
@login_required
def mark_all_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user)
    if count:
        flash(_("All notifications are marked read."), "success")
    return _back()


@bp.route("/email", methods=["GET", "POST"])
@login_required
def email_choices():
    form = EmailChoicesForm()
    if request.method == "GET":
        for kind, wanted in services.email_choices(current_user).items():
            form[kind.value].data = wanted
        form.language.data = current_user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    if form.validate_on_submit():
        services.set_email_choices(current_user, form.choices(), form.language.data)
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for(".email_choices"))
    template = render_template("notifications/email.html", form=form)
    return template, 422 if form.is_submitted() else 200


@session_role_required(*FACILITATION)
def late_experts(strategic_session):
    return render_template(
        "notifications/late_experts.html",
        strategic_session=strategic_session,
        experts=reminders.experts_with_work_left(strategic_session),
        past_deadline=strategic_session.review_deadline is not None
        and utcnow() >= strategic_session.review_deadline,
        form=EmptyForm(),
    )


@session_role_required(*FACILITATION)
def remind(strategic_session, participant_id: int):
    expert = get_in_session_or_404(Participant, participant_id, strategic_session)
    back = url_for(".late_experts", slug=strategic_session.slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reminders.remind_by_hand(strategic_session, expert, current_user, utcnow())
    except DomainError as error:
        flash_refusal(error)
        return redirect(back, code=303)
    flash(_("%(name)s is reminded of the scorecards left.", name=expert.full_name), "success")
    return redirect(back)


reminders_bp.add_url_rule("/", view_func=late_experts, methods=["GET"])
reminders_bp.add_url_rule("/<int:participant_id>", view_func=remind, methods=["POST"])
