"""The public catalogue (no login: ``/c/<slug>/``) and the facilitator's page that publishes it
and prints its QR posters (``/s/<slug>/catalogue``)."""

import io
from datetime import date

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import DomainError, flash_refusal, show_at_field
from ..core.forms import EmptyForm
from ..exports.pdf.posters import posters_pdf
from ..extensions import db, limiter
from ..people.models import ExpertKind
from ..review import forms as review_forms
from ..review import permissions as review_permissions
from ..review import services as review_services
from ..review.models import InvestorInterest
from ..sessions.access import FACILITATION, session_role_required
from . import services, settings, showcase
from .forms import PublicPartsForm
from .qr import qr_svg

bp = Blueprint("catalogue", __name__)


def _public_limit() -> str:
    return current_app.config["CATALOGUE_LIMIT_PER_ADDRESS"]


def _catalogue_url(strategic_session) -> str:
    return url_for("catalogue.index", slug=strategic_session.slug, _external=True)


def _project_url(strategic_session, project) -> str:
    return url_for(
        "catalogue.project", slug=strategic_session.slug, project_id=project.id, _external=True
    )


@limiter.limit(_public_limit)
def index(slug):
    strategic_session = services.public_session_or_404(slug)
    q = services.search_text(request.args.get("q"))
    projects = services.recommended_projects(strategic_session, q)
    url = _catalogue_url(strategic_session)
    return render_template(
        "catalogue/index.html",
        catalogue_session=strategic_session,
        q=q,
        max_length=services.QUERY_MAX_LENGTH,
        directions=services.by_direction(projects),
        money=services.money_of(projects) if strategic_session.catalogue_shows_money else {},
        qr=qr_svg(url, _("QR code of the catalogue: %(url)s", url=url)),
    )


@limiter.limit(_public_limit)
def project(slug, project_id: int):
    strategic_session = services.public_session_or_404(slug)
    item = services.public_project_or_404(strategic_session, project_id)
    return _project_page(strategic_session, item)


def _project_page(strategic_session, item, interest_form=None, status=200):
    """The public page of a project; for an investor of the session, their interest form."""
    url = _project_url(strategic_session, item)
    investor = _investor(strategic_session)
    interest = _interest_of(investor, item)
    if investor is not None and interest_form is None:
        interest_form = review_forms.InterestTermsForm(obj=interest)
        interest_form.set_stages(item.stages)
        if interest is not None:
            interest_form.form.data = interest.form.value
            interest_form.submit.label.text = _("Change interest")
    money = None
    if strategic_session.catalogue_shows_money:
        money = services.money_of([item]).get(item.id)
    return render_template(
        "catalogue/project.html",
        catalogue_session=strategic_session,
        project=item,
        parts=settings.shown_parts(strategic_session),
        money=money,
        score=showcase.public_score(strategic_session, item),
        progress=showcase.public_progress(strategic_session, item, money, date.today()),
        interest_count=showcase.interest_count(strategic_session, item),
        qr=qr_svg(url, _("QR code of the project's page: %(url)s", url=url)),
        investor=investor,
        interest=interest,
        interest_form=interest_form,
        withdraw_form=EmptyForm(),
    ), status


def _investor(strategic_session):
    """The signed-in user's investor participant in the session (``None`` for anyone else)."""
    expert = review_permissions.expert_participant(current_user, strategic_session)
    return expert if expert is not None and expert.expert_kind == ExpertKind.INVESTOR else None


def _interest_of(investor, item):
    """The investor's interest in the project (``None`` without one)."""
    if investor is None:
        return None
    return db.session.scalar(
        sa.select(InvestorInterest).where(
            InvestorInterest.expert_id == investor.id, InvestorInterest.project_id == item.id
        )
    )


def _public_investor(slug: str, project_id: int):
    """The session, the public project and the current user's investor participant.

    :raise 404: if the catalogue or the project is not public; :raise 403: for anyone but an
        investor of the session.
    """
    strategic_session = services.public_session_or_404(slug)
    item = services.public_project_or_404(strategic_session, project_id)
    investor = _investor(strategic_session)
    if investor is None:
        abort(403)
    return strategic_session, item, investor


@login_required
def mark_interest(slug, project_id: int):
    strategic_session, item, investor = _public_investor(slug, project_id)
    form = review_forms.InterestTermsForm()
    form.set_stages(item.stages)
    if not form.validate_on_submit():
        return _project_page(strategic_session, item, interest_form=form, status=422)
    try:
        review_services.mark_interest(strategic_session, investor, item, form.terms(), current_user)
    except DomainError as error:
        if error.field:
            status = show_at_field(form, error)
            return _project_page(strategic_session, item, interest_form=form, status=status)
        flash_refusal(error)
    else:
        flash(_("Your interest is recorded."), "success")
    return redirect(
        url_for("catalogue.project", slug=strategic_session.slug, project_id=item.id), code=303
    )


@login_required
def withdraw_interest(slug, project_id: int):
    strategic_session, item, investor = _public_investor(slug, project_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    interest = _interest_of(investor, item)
    if interest is not None:
        review_services.withdraw_interest(strategic_session, interest, current_user)
        flash(_("Your interest is withdrawn."), "success")
    return redirect(
        url_for("catalogue.project", slug=strategic_session.slug, project_id=item.id), code=303
    )


def _parts_form(strategic_session) -> PublicPartsForm:
    """The form of what the catalogue shows, filled from the session's setting."""
    return PublicPartsForm(
        formdata=None,
        seen=settings.parts_token(strategic_session),
        **settings.shown_parts(strategic_session),
    )


def _manage_page(strategic_session, parts_form=None, status=200):
    url = _catalogue_url(strategic_session)
    return render_template(
        "catalogue/manage.html",
        strategic_session=strategic_session,
        is_public=services.is_public(strategic_session),
        url=url,
        count=len(services.recommended_projects(strategic_session)),
        qr=qr_svg(url, _("QR code of the catalogue: %(url)s", url=url)),
        parts_form=parts_form or _parts_form(strategic_session),
    ), status


@session_role_required(*FACILITATION)
def manage(strategic_session):
    return _manage_page(strategic_session)


@session_role_required(*FACILITATION)
def change_parts(strategic_session):
    form = PublicPartsForm()
    if not form.validate_on_submit():
        return _manage_page(strategic_session, form, 422)
    try:
        settings.change_parts(strategic_session, form.shown(), form.seen.data or "")
    except DomainError as error:
        # The form again as the setting now reads, the refusal above it.
        fresh = _parts_form(strategic_session)
        return _manage_page(strategic_session, fresh, show_at_field(fresh, error))
    flash(_("The catalogue's pages show what you chose."), "success")
    return redirect(url_for("catalogue.manage", slug=strategic_session.slug), code=303)


@session_role_required(*FACILITATION)
def publish(strategic_session):
    try:
        services.publish(strategic_session)
    except DomainError as error:
        flash_refusal(error)
    else:
        flash(_("The catalogue is published: anyone with its address can read it."), "success")
    return redirect(url_for("catalogue.manage", slug=strategic_session.slug))


@session_role_required(*FACILITATION)
def unpublish(strategic_session):
    services.unpublish(strategic_session)
    flash(_("The catalogue is closed: its pages are no longer public."), "success")
    return redirect(url_for("catalogue.manage", slug=strategic_session.slug))


@session_role_required(*FACILITATION)
def posters(strategic_session):
    projects = services.recommended_projects(strategic_session)
    money = services.money_of(projects)
    content = posters_pdf(
        strategic_session.title,
        [(item, money.get(item.id), _project_url(strategic_session, item)) for item in projects],
        per_page=4 if request.args.get("per_page") == "4" else 1,
    )
    return send_file(
        io.BytesIO(content),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{strategic_session.slug}-posters.pdf",
        max_age=0,
    )


for rule, view, methods in (
    ("/c/<slug>/", index, ["GET"]),
    ("/c/<slug>/p/<int:project_id>", project, ["GET"]),
    ("/c/<slug>/p/<int:project_id>/interest", mark_interest, ["POST"]),
    ("/c/<slug>/p/<int:project_id>/interest/withdraw", withdraw_interest, ["POST"]),
    ("/s/<slug>/catalogue", manage, ["GET"]),
    ("/s/<slug>/catalogue/publish", publish, ["POST"]),
    ("/s/<slug>/catalogue/unpublish", unpublish, ["POST"]),
    ("/s/<slug>/catalogue/parts", change_parts, ["POST"]),
    ("/s/<slug>/catalogue/posters.pdf", posters, ["GET"]),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)
