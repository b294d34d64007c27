"""Administration: create sessions, appoint their facilitators, manage user accounts."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import services as audit
from ..auth import services as accounts
from ..auth.models import User
from ..core.errors import DomainError, flash_refusal, show_at_field
from ..core.forms import EmptyForm
from ..core.pagination import requested_page
from ..core.permissions import admin_required
from ..core.search import contains_text
from ..extensions import db
from ..people.models import Participant, ParticipantRole
from ..portfolio import services as portfolio
from ..portfolio.forms import PortfolioGrantForm
from ..portfolio.models import PortfolioReader
from ..sessions import services as sessions
from ..sessions.access import get_session_or_404
from ..sessions.forms import NewSessionForm
from ..sessions.models import StrategicSession
from ..tasks.mail import send_one_time_password
from .forms import AppointFacilitatorForm, UserForm, UserSearchForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def get_user_or_404(user_id: int) -> User:
    """:raise 404: if there is no such account."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _form_page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _one_time_password_page(user: User, password: str, *, created: bool):
    """The one-time password, e-mailed where SMTP is configured and shown on this response
    only, never stored in clear."""
    mailed = send_one_time_password(user, password)
    response = make_response(
        render_template(
            "admin/password.html", user=user, password=password, created=created, mailed=mailed
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Sessions and their facilitators
# ---------------------------------------------------------------------------------------------


@bp.get("/")
@admin_required
def index():
    strategic_sessions = db.session.scalars(
        sa.select(StrategicSession)
        .options(sa.orm.selectinload(StrategicSession.facilitators).joinedload(Participant.user))
        .order_by(StrategicSession.starts_on.desc().nulls_last(), StrategicSession.id.desc())
    ).all()
    return render_template("admin/index.html", strategic_sessions=strategic_sessions)


@bp.route("/sessions/new", methods=["GET", "POST"])
@admin_required
def new_session():
    form = NewSessionForm()
    if form.validate_on_submit():
        try:
            strategic_session = sessions.create_session(
                slug=form.slug.data,
                title=form.title.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                place=(form.place.data or "").strip(),
                description=(form.description.data or "").strip(),
            )
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The session is created. Now appoint its facilitators."), "success")
            return redirect(url_for("admin.session", slug=strategic_session.slug))
    return _form_page("admin/session_new.html", form)


@bp.route("/sessions/<slug>", methods=["GET", "POST"])
@admin_required
def session(slug: str):
    strategic_session = get_session_or_404(slug)
    form = AppointFacilitatorForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        try:
            if user is None:
                raise DomainError(_("There is no account with this e-mail."), "email")
            sessions.appoint_facilitator(strategic_session, user)
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("%(name)s is a facilitator of the session now.", name=user.name), "success")
            return redirect(url_for("admin.session", slug=strategic_session.slug))
    return _form_page(
        "admin/session.html",
        form,
        managed_session=strategic_session,
        facilitators=sessions.facilitators_of(strategic_session),
    )


@bp.post("/sessions/<slug>/facilitators/<int:participant_id>/remove")
@admin_required
def remove_facilitator(slug: str, participant_id: int):
    strategic_session = get_session_or_404(slug)
    facilitator = db.session.get(Participant, participant_id)
    if (
        facilitator is None
        or facilitator.session_id != strategic_session.id
        or facilitator.role != ParticipantRole.FACILITATOR
        or facilitator.user is None
    ):
        abort(404)
    if EmptyForm().validate_on_submit():
        name = facilitator.user.name
        sessions.remove_facilitator(facilitator, strategic_session)
        flash(_("%(name)s is no longer a facilitator of the session.", name=name), "success")
    return redirect(url_for("admin.session", slug=strategic_session.slug))


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------


@bp.get("/users")
@admin_required
def users():
    form = UserSearchForm(formdata=request.args)
    query = sa.select(User).order_by(User.name, User.id)
    if form.validate():
        if form.q.data and form.q.data.strip():
            query = query.where(
                sa.or_(
                    contains_text(User.name, form.q.data), contains_text(User.email, form.q.data)
                )
            )
        if form.status.data:
            query = query.where(User.active.is_(form.status.data == "active"))
    page = db.paginate(
        query,
        page=requested_page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.create_account_with_one_time_password(
                form.email.data, form.name.data.strip(), is_admin=form.is_admin.data
            )
        except DomainError as error:
            show_at_field(form, error)
        else:
            return _one_time_password_page(user, password, created=True)
    return _form_page("admin/user_edit.html", form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = get_user_or_404(user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            accounts.update_user(
                user,
                name=form.name.data,
                email=form.email.data,
                is_admin=form.is_admin.data,
                by=current_user._get_current_object(),
            )
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The account is saved."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    participations = db.session.execute(
        sa.select(Participant, StrategicSession)
        .join(StrategicSession, StrategicSession.id == Participant.session_id)
        .where(Participant.user_id == user.id)
        .options(sa.orm.joinedload(Participant.working_group))
        .order_by(StrategicSession.starts_on.desc().nulls_last(), StrategicSession.id.desc())
    ).all()
    return _form_page(
        "admin/user_edit.html",
        form,
        user=user,
        participations=participations,
        history=audit.history(user),
    )


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate_user(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            accounts.deactivate_user(user, by=current_user._get_current_object())
        except DomainError as error:
            flash_refusal(error)
        else:
            flash(_("The account is deactivated: it cannot log in."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/reactivate")
@admin_required
def reactivate_user(user_id: int):
    user = get_user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        accounts.reactivate_user(user)
        flash(_("The account is active again."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@admin_required
def reset_password(user_id: int):
    user = get_user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.edit_user", user_id=user.id))
    password = accounts.reset_password(user)
    return _one_time_password_page(user, password, created=False)


# ---------------------------------------------------------------------------------------------
# Portfolio readers
# ---------------------------------------------------------------------------------------------


@bp.route("/portfolio", methods=["GET", "POST"])
@admin_required
def portfolio_readers():
    all_sessions = db.session.scalars(
        sa.select(StrategicSession).order_by(StrategicSession.title, StrategicSession.id)
    ).all()
    form = PortfolioGrantForm(sessions=all_sessions)
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        try:
            if user is None:
                raise DomainError(_("There is no account with this e-mail."), "email")
            portfolio.grant_portfolio(
                user, session_ids=form.sessions.data, all_sessions=form.all_sessions.data
            )
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("%(name)s reads the portfolio now.", name=user.name), "success")
            return redirect(url_for("admin.portfolio_readers"))
    return _form_page("admin/portfolio.html", form, readers=portfolio.portfolio_readers())


@bp.post("/portfolio/<int:reader_id>/revoke")
@admin_required
def revoke_portfolio(reader_id: int):
    reader = db.session.get(PortfolioReader, reader_id)
    if reader is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        name = reader.user.name
        portfolio.revoke_portfolio(reader)
        flash(_("%(name)s no longer reads the portfolio.", name=name), "success")
    return redirect(url_for("admin.portfolio_readers"))
