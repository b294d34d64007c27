"""The public catalogue (no login: ``/c/<slug>/``) and the facilitator's page that publishes it
and prints its QR posters (``/s/<slug>/catalogue``)."""

import io

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from ..core.errors import DomainError, flash_refusal
from ..exports.pdf.posters import posters_pdf
from ..extensions import limiter
from ..sessions.access import FACILITATION, session_role_required
from . import services
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
        money=services.money_of(projects),
        qr=qr_svg(url, _("QR code of the catalogue: %(url)s", url=url)),
    )


@limiter.limit(_public_limit)
def project(slug, project_id: int):
    strategic_session = services.public_session_or_404(slug)
    item = services.public_project_or_404(strategic_session, project_id)
    url = _project_url(strategic_session, item)
    return render_template(
        "catalogue/project.html",
        catalogue_session=strategic_session,
        project=item,
        money=services.money_of([item]).get(item.id),
        qr=qr_svg(url, _("QR code of the project's page: %(url)s", url=url)),
    )


@session_role_required(*FACILITATION)
def manage(strategic_session):
    url = _catalogue_url(strategic_session)
    return render_template(
        "catalogue/manage.html",
        strategic_session=strategic_session,
        is_public=services.is_public(strategic_session),
        url=url,
        count=len(services.recommended_projects(strategic_session)),
        qr=qr_svg(url, _("QR code of the catalogue: %(url)s", url=url)),
    )


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
    ("/s/<slug>/catalogue", manage, ["GET"]),
    ("/s/<slug>/catalogue/publish", publish, ["POST"]),
    ("/s/<slug>/catalogue/unpublish", unpublish, ["POST"]),
    ("/s/<slug>/catalogue/posters.pdf", posters, ["GET"]),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)
