"""The session's export page, downloads, background export jobs, and the session import."""

import io
import itertools
import unicodedata
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..core.errors import DomainError, show_at_field
from ..core.loading import get_in_session_or_404
from ..core.permissions import admin_required
from ..extensions import db
from ..projects.models import Project
from ..review.permissions import expert_participant
from ..sessions.access import is_facilitator, session_role_required
from ..tasks.exports import build_after_commit
from . import jobs, services, tables
from .forms import ExportJobForm, SessionImportForm
from .models import ExportJob, ExportJobState
from .session_json import import_session, loads

bp = Blueprint("exports", __name__, url_prefix="/s/<slug>/exports")
imports_bp = Blueprint("imports", __name__, url_prefix="/import")


def _send(export: services.ExportFile):
    return send_file(
        io.BytesIO(export.content),
        mimetype=export.mimetype,
        as_attachment=True,
        download_name=export.filename,
        max_age=0,
    )


def _built(strategic_session, export_request: services.ExportRequest, build=services.build):
    """The export ``build`` makes (whole, or :func:`services.stream_table`'s stream), once the
    user is found to be allowed it.

    :raise 403: if the user may not have it.
    :raise 404: for an unknown document or a project or expert of another session.
    """
    if not services.can_export(current_user, strategic_session, export_request):
        abort(403)
    try:
        return build(strategic_session, export_request, user=current_user)
    except DomainError:
        abort(404)


def _download(strategic_session, export_request: services.ExportRequest):
    """Check the user may have the export, build it and send it (403/404: :func:`_built`)."""
    return _send(_built(strategic_session, export_request))


def _job_form(strategic_session) -> ExportJobForm:
    form = ExportJobForm()
    experts = services.assigned_experts(strategic_session)
    form.expert.choices = [SelectChoice("", _("Every expert"))] + [
        SelectChoice(str(expert.id), expert.full_name) for expert in experts
    ]
    return form


@bp.get("/")
@session_role_required()
def index(strategic_session):
    return _render_index(strategic_session, _job_form(strategic_session))


def _render_index(strategic_session, form: ExportJobForm, status: int = 200):
    kinds = {kind.key: kind for kind in services.available_kinds(current_user, strategic_session)}
    table_names = [name for name in tables.TABLE_NAMES if f"csv:{name}" in kinds]
    return render_template(
        "exports/index.html",
        strategic_session=strategic_session,
        kinds=kinds,
        kind_titles={key: kind.title for key, kind in services.KINDS.items()},
        table_names=table_names,
        table_titles=tables.TABLE_TITLES,
        sheet_titles=[str(tables.TABLE_TITLES[name]).lower() for name in table_names],
        projects=services.passport_projects(current_user, strategic_session),
        state_of=services.scope_for(current_user, strategic_session).state_of,
        form=form,
        facilitator=is_facilitator(current_user, strategic_session),
        published=services.is_published(strategic_session),
        own_expert=expert_participant(current_user, strategic_session),
        recent=jobs.user_jobs(current_user, strategic_session),
        is_stale=jobs.is_stale,
    ), status


@bp.get("/projects/<int:project_id>/passport.<any(pdf, docx):fmt>")
@session_role_required()
def passport(strategic_session, project_id: int, fmt: str):
    get_in_session_or_404(Project, project_id, strategic_session)
    return _download(
        strategic_session, services.ExportRequest(fmt, "passport", project_id=project_id)
    )


@bp.get("/minutes.<any(pdf, docx):fmt>")
@session_role_required()
def minutes(strategic_session, fmt: str):
    return _download(strategic_session, services.ExportRequest(fmt, "minutes"))


@bp.get("/tables/<name>.csv")
@session_role_required()
def table(strategic_session, name: str):
    if name not in tables.TABLE_NAMES:
        abort(404)
    separator = request.args.get("separator", "comma")
    if separator not in ("comma", "semicolon"):
        abort(404)
    export_request = services.ExportRequest("csv", name, delimiter=separator)
    export = _built(strategic_session, export_request, services.stream_table)
    # The first chunk is made here, so that a failing query still gives an error page; the
    # rest is made as the client reads it, within the request's context (and its database
    # session, whose cursor the raw scores are read from).
    first = next(export.chunks, b"")
    response = Response(
        stream_with_context(itertools.chain([first], export.chunks)), mimetype=export.mimetype
    )
    return _attachment(response, export.filename)


def _attachment(response: Response, filename: str) -> Response:
    """The headers :func:`_send` (``send_file``) gives a download: attachment, not cached."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": f"UTF-8''{quote(filename, safe='!#$&+^`|~')}"}
    else:
        names = {"filename": filename}
    response.headers.set("Content-Disposition", "attachment", **names)
    response.cache_control.no_cache = True
    response.cache_control.max_age = 0
    return response


@bp.get("/workbook.xlsx")
@session_role_required()
def workbook(strategic_session):
    return _download(strategic_session, services.ExportRequest("xlsx", "workbook"))


@bp.get("/progress.<any(pdf, xlsx):fmt>")
@session_role_required()
def progress(strategic_session, fmt: str):
    return _download(strategic_session, services.ExportRequest(fmt, "progress"))


@bp.get("/session.json")
@session_role_required()
def session_json(strategic_session):
    return _download(strategic_session, services.ExportRequest("json", "session"))


@bp.get("/scoring-sheets.pdf")
@session_role_required()
def sheets(strategic_session):
    expert = request.args.get("expert", type=int)
    by = request.args.get("by", "expert")
    return _download(
        strategic_session, services.ExportRequest("pdf", "sheets", by=by, expert_id=expert)
    )


@bp.post("/jobs")
@session_role_required()
def start_job(strategic_session):
    form = _job_form(strategic_session)
    if not form.validate_on_submit():
        flash(_("Choose an export from the list."), "danger")
        return _render_index(strategic_session, form, 422)
    export_format, name = form.document.data.split(":")
    export_request = services.ExportRequest(
        export_format,
        name,
        by=form.by.data or "expert",
        expert_id=int(form.expert.data) if form.expert.data else None,
    )
    if not services.can_export(current_user, strategic_session, export_request):
        abort(403)
    job = jobs.start_job(current_user, strategic_session, export_request)
    build_after_commit(job.id)
    return redirect(url_for(".job", slug=strategic_session.slug, job_id=job.id))


def get_own_job_or_404(strategic_session, job_id: int) -> ExportJob:
    """The session's export job, if it is the user's own or the user is a facilitator.

    :raise 404: if there is no such job in this session.
    :raise 403: if it is someone else's and the user is no facilitator.
    """
    job = get_in_session_or_404(ExportJob, job_id, strategic_session)
    if job.user_id != current_user.id and not is_facilitator(current_user, strategic_session):
        abort(403)
    return job


@bp.get("/jobs/<int:job_id>")
@session_role_required()
def job(strategic_session, job_id: int):
    export_job = get_own_job_or_404(strategic_session, job_id)
    return render_template(
        "exports/job.html",
        strategic_session=strategic_session,
        job=export_job,
        **_job_view(export_job),
    )


@bp.get("/jobs/<int:job_id>/progress")
@session_role_required()
def job_progress(strategic_session, job_id: int):
    export_job = get_own_job_or_404(strategic_session, job_id)
    return render_template(
        "exports/_job_progress.html",
        strategic_session=strategic_session,
        job=export_job,
        **_job_view(export_job),
    )


def _job_view(export_job: ExportJob) -> dict:
    stale = jobs.is_stale(export_job)
    return {
        "kind": services.KINDS.get(f"{export_job.format}:{export_job.name}"),
        "stale": stale,
        "finished": stale or export_job.state in (ExportJobState.DONE, ExportJobState.FAILED),
        "percent": jobs.percent(export_job),
    }


@bp.get("/jobs/<int:job_id>/download")
@session_role_required()
def job_download(strategic_session, job_id: int):
    export_job = get_own_job_or_404(strategic_session, job_id)
    if export_job.state != ExportJobState.DONE or export_job.content is None:
        abort(404)
    return _send(services.ExportFile(export_job.filename, export_job.mimetype, export_job.content))


# ----------------------------------------------------------------------------------------------
# Import of a session (admins)
# ----------------------------------------------------------------------------------------------


@imports_bp.route("/session", methods=["GET", "POST"])
@admin_required
def session_json_import():
    form = SessionImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            document = loads(form.file.data.read())
            report = import_session(document, slug=form.slug.data or None, user=current_user)
        except DomainError as refused:
            # The session may hold the import's failed flush: cleared before the page renders.
            db.session.rollback()
            show_at_field(form, refused)
            problems = getattr(refused, "errors", [])
        else:
            flash(
                _("The session «%(title)s» was imported.", title=report.strategic_session.title),
                "success",
            )
            if report.created_users:
                flash(
                    _(
                        "%(count)d account(s) were created without a known password; give them "
                        "one-time passwords: %(emails)s",
                        count=len(report.created_users),
                        emails=", ".join(report.created_users),
                    ),
                    "warning",
                )
            return redirect(url_for("sessions.overview", slug=report.strategic_session.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("exports/import.html", form=form, problems=problems), status
