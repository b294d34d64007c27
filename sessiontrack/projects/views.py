"""Priority projects of a session: list, passport, workflow, revisions, summaries, wrap-up."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ..audit.models import AuditEntry
from ..core.pagination import requested_page
from ..core.permissions import is_facilitator, session_role_required
from ..extensions import db
from ..people.models import GROUP_ROLES, ParticipantRole
from ..reference.models import FundingSource
from ..sessions.models import Direction
from . import charts, passport, permissions, services, summaries
from .forms import (
    BulkModerationForm,
    CommentForm,
    DecisionForm,
    EditProjectForm,
    PassportChoices,
    ProjectFilterForm,
    ProjectForm,
    ReturnForm,
    ScopeForm,
)
from .models import (
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceNeed,
    Stage,
)

bp = Blueprint("projects", __name__, url_prefix="/s/<slug>/projects")

STATE_ORDER = sa.case(
    {state: position for position, state in enumerate(ProjectState)},
    value=Project.state,
)
# The same order as an expert sees it before publication: decided projects among the accepted.
SHOWN_STATE_ORDER = sa.case(
    {
        state: list(ProjectState).index(permissions.shown_state_of(state, hidden=True))
        for state in ProjectState
    },
    value=Project.state,
)


def get_project_or_404(strategic_session, project_id: int, *options) -> Project:
    """The project of this session that the current user may read.

    :raise 404: if it does not exist in this session.
    :raise 403: if the user may not read it.
    """
    project = db.session.get(Project, project_id, options=options)
    if project is None or project.session_id != strategic_session.id:
        abort(404)
    if not permissions.can_read_project(current_user, project, strategic_session):
        abort(403)
    return project


def _passport_options() -> list:
    return [
        joinedload(Project.direction),
        joinedload(Project.working_group),
        joinedload(Project.lead_organisation),
        selectinload(Project.partners).joinedload(ProjectPartner.organisation),
        selectinload(Project.indicators),
        selectinload(Project.resources).joinedload(ResourceNeed.funding_source),
        selectinload(Project.stages).joinedload(Stage.responsible_organisation),
        selectinload(Project.national_projects),
        selectinload(Project.strategy_priorities),
    ]


def _scope(args) -> str:
    form = ScopeForm(args)
    return form.scope.data if form.validate() else "all"


# ----------------------------------------------------------------------------------------------
# The list
# ----------------------------------------------------------------------------------------------


def _filtered(
    query, filters: ProjectFilterForm, *, with_state: bool = True, decisions_hidden: bool = False
):
    if filters.q.data:
        needle = filters.q.data.lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Project.title).contains(needle, autoescape=True),
                sa.func.lower(Project.short_title).contains(needle, autoescape=True),
            )
        )
    if filters.direction.data:
        query = query.where(Project.direction_id == filters.direction.data)
    if with_state and filters.state.data:
        state = ProjectState(filters.state.data)
        if decisions_hidden and state in permissions.REVIEWABLE:
            # Asking for a decision must not tell the expert which projects have one.
            query = query.where(Project.state.in_(permissions.REVIEWABLE))
        else:
            query = query.where(Project.state == state)
    return query


@bp.get("/")
@session_role_required()
def index(strategic_session):
    directions = list(
        db.session.scalars(
            sa.select(Direction)
            .where(Direction.session_id == strategic_session.id)
            .order_by(Direction.position)
        )
    )
    filters = ProjectFilterForm(request.args, directions=directions)
    if not filters.validate():
        # A filter that makes no sense is dropped; the others still apply.
        for field in filters:
            if field.errors:
                field.data, field.raw_data, field.errors = field.default, None, []
    base = permissions.visible_projects(
        sa.select(Project).where(Project.session_id == strategic_session.id),
        current_user,
        strategic_session,
    )
    if filters.to_edit.data:
        base = permissions.to_edit_by(base, current_user, strategic_session)
    hidden = permissions.forum_decisions_hidden(current_user, strategic_session)
    query = _filtered(base, filters, decisions_hidden=hidden).options(
        joinedload(Project.direction),
        joinedload(Project.working_group),
        joinedload(Project.lead_organisation),
    )
    order = {
        "title": [Project.title],
        "updated": [Project.updated_at.desc()],
        "state": [SHOWN_STATE_ORDER if hidden else STATE_ORDER, Project.title],
        "direction": [Direction.position, Project.title],
    }[filters.sort.data or "title"]
    if filters.sort.data == "direction":
        query = query.join(Direction, Direction.id == Project.direction_id)
    query = query.order_by(*order, Project.id)
    if filters.per_page.data == "all":
        page, projects = None, db.session.scalars(query).unique().all()
    else:
        page = db.paginate(
            query,
            page=requested_page(),
            per_page=int(filters.per_page.data or 25),
            max_per_page=100,
            error_out=False,
        )
        projects = page.items
    counts = dict(
        db.session.execute(
            _filtered(base, filters, with_state=False)
            .with_only_columns(Project.state, sa.func.count())
            .group_by(Project.state)
        ).all()
    )
    for state in permissions.FORUM_DECISIONS if hidden else ():
        if state in counts:
            counts[ProjectState.ACCEPTED] = counts.get(ProjectState.ACCEPTED, 0) + counts.pop(state)
    state_counts = [(state, counts[state]) for state in ProjectState if state in counts]
    return render_template(
        "projects/index.html",
        strategic_session=strategic_session,
        projects=projects,
        page=page,
        filters=filters,
        state_counts=state_counts,
        money=summaries.money_by_project([p.id for p in projects]),
        can_create=permissions.can_create_project(current_user, strategic_session),
        can_moderate=is_facilitator(current_user, strategic_session),
        state_of=lambda project: permissions.shown_state(project, hidden),
    )


# ----------------------------------------------------------------------------------------------
# Writing the passport
# ----------------------------------------------------------------------------------------------


def _render_form(strategic_session, form, project=None, status=200, **context):
    return (
        render_template(
            "projects/form.html",
            strategic_session=strategic_session,
            form=form,
            project=project,
            **context,
        ),
        status,
    )


def _missing_in_form(strategic_session, form) -> list:
    """What the form's passport lacks for a submission; each missing field gets a message."""
    preview = services.preview_project(strategic_session, form.passport())
    return _mark_missing(form, passport.snapshot(preview))


def _mark_missing(form, snapshot: dict) -> list:
    """What ``snapshot`` lacks for a submission; each missing field of ``form`` says so."""
    missing = passport.missing_items(snapshot, anchor=form.row_anchor)
    fields = form.all_fields()
    for item in missing:
        field = fields.get(item.anchor)
        if field is not None and not field.errors:
            field.errors = [*field.errors, _("Needed to submit the project.")]
    return missing


def _saved(project: Project, submitted: bool):
    db.session.commit()
    if submitted:
        flash(_("The project is submitted. The facilitator will review it."), "success")
    else:
        flash(_("The draft is saved."), "success")
    return redirect(
        url_for("projects.show", slug=project.strategic_session.slug, project_id=project.id)
    )


@bp.route("/new", methods=["GET", "POST"])
@session_role_required(*GROUP_ROLES)
def new(strategic_session):
    if not permissions.can_create_project(current_user, strategic_session):
        flash(_("The session no longer takes proposals."), "warning")
        return redirect(url_for("projects.index", slug=strategic_session.slug))
    choices = PassportChoices.load(strategic_session, current_user)
    if request.method == "GET":
        form = ProjectForm(
            data={"working_group": choices.groups[0].value if choices.groups else None},
            choices=choices,
        )
        form.ensure_a_row_each()
        return _render_form(strategic_session, form)
    form = ProjectForm(choices=choices)
    if form.apply_row_action():
        return _render_form(strategic_session, form)
    if not form.validate():
        return _render_form(strategic_session, form, status=422)
    submitting = bool(form.submit_passport.data)
    try:
        project = services.create_project(strategic_session, current_user, form.passport())
        if submitting:
            services.submit_project(project, current_user)
    except services.IncompletePassport:
        return _kept_as_draft(project)
    except services.NotAllowed:
        db.session.rollback()
        abort(403)
    except services.ProjectError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _render_form(strategic_session, form, status=422)
    return _saved(project, submitting)


def _kept_as_draft(project: Project):
    """A new passport that could not be submitted is kept as a draft, so the work is not lost;
    its form then lists what the submission still needs."""
    db.session.commit()
    flash(
        _(
            "The project is saved as a draft but not submitted: the passport is not complete. "
            "Fill in what is marked below, then submit it."
        ),
        "warning",
    )
    return redirect(
        url_for(
            "projects.edit",
            slug=project.strategic_session.slug,
            project_id=project.id,
            missing=1,
        )
    )


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@session_role_required()
def edit(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id, *_passport_options())
    if not permissions.in_project_group(current_user, project, strategic_session):
        abort(403)
    editable = permissions.can_edit_project(current_user, project, strategic_session)
    if request.method == "GET":
        if not editable:
            if project.state in permissions.EDITABLE:
                message = _("The session no longer takes proposals.")
            else:
                message = _(
                    "The project is «%(state)s»: it can no longer be edited.",
                    state=project.state.title,
                )
            flash(message, "warning")
            return redirect(
                url_for("projects.show", slug=strategic_session.slug, project_id=project.id)
            )
        form = EditProjectForm(
            data=ProjectForm.data_from(project),
            choices=PassportChoices.load(strategic_session, current_user),
        )
        form.set_version(project.version_id)
        missing = (
            _mark_missing(form, passport.snapshot(project)) if request.args.get("missing") else None
        )
        form.ensure_a_row_each()
        return _render_form(strategic_session, form, project, missing=missing)
    form = EditProjectForm(choices=PassportChoices.load(strategic_session, current_user))
    if form.apply_row_action():
        return _render_form(strategic_session, form, project)
    if not form.validate():
        return _render_form(strategic_session, form, project, status=422)
    submitting = bool(form.submit_passport.data)
    try:
        services.update_project(project, current_user, form.passport(), version=form.version.data)
        if submitting:
            services.submit_project(project, current_user)
    except services.ProjectConflict as conflict:
        db.session.rollback()
        return _render_conflict(strategic_session, form, project_id, str(conflict))
    except services.IncompletePassport:
        db.session.rollback()
        missing = _missing_in_form(strategic_session, form)
        return _render_form(strategic_session, form, project, status=422, missing=missing)
    except services.NotAllowed:
        db.session.rollback()
        abort(403)
    except services.ProjectError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _render_form(strategic_session, form, project, status=409)
    return _saved(project, submitting)


def _render_conflict(strategic_session, form, project_id: int, message: str):
    """The user's input stays in the form; beside it, what the other person saved."""
    current = db.session.get(Project, project_id, options=_passport_options())
    theirs = passport.snapshot(current)
    yours = passport.snapshot(services.preview_project(strategic_session, form.passport()))
    last_change = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == "project", AuditEntry.object_id == project_id)
        .options(joinedload(AuditEntry.user))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    form.set_version(current.version_id)
    return _render_form(
        strategic_session,
        form,
        current,
        status=409,
        conflict=message,
        conflict_changes=passport.compare(theirs, yours),
        last_change=last_change,
    )


# ----------------------------------------------------------------------------------------------
# The passport page and the workflow
# ----------------------------------------------------------------------------------------------


def _history(project: Project) -> list:
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "project", AuditEntry.object_id == project.id)
            .options(joinedload(AuditEntry.user))
            .order_by(AuditEntry.created_at, AuditEntry.id)
        )
    )


def _render_show(strategic_session, project: Project, status=200, **forms):
    user = current_user
    can_history = permissions.can_see_history(user, project, strategic_session)
    totals = summaries.project_totals(project)
    sources = {r.funding_source_id: r.funding_source for r in project.resources}
    context = {
        "strategic_session": strategic_session,
        "project": project,
        "totals": totals,
        "sources": [sources[sid] for sid in totals.by_source if sid is not None]
        + ([None] if None in totals.by_source else []),
        "timeline": charts.timeline(
            project.stages, charts.year_span(project.stages, project.start_year, project.end_year)
        ),
        "can_edit": permissions.can_edit_project(user, project, strategic_session),
        "can_submit": permissions.can_submit_project(user, project, strategic_session),
        "can_moderate": permissions.can_moderate_project(user, project, strategic_session),
        "can_decide": permissions.can_decide_project(user, project, strategic_session),
        "can_withdraw": permissions.can_withdraw_project(user, project, strategic_session),
        "can_history": can_history,
        "state": permissions.shown_state(
            project, permissions.forum_decisions_hidden(user, strategic_session)
        ),
        "history": _history(project) if can_history else [],
        "revisions": project.revisions if can_history else [],
        "return_form": forms.get("return_form") or ReturnForm(),
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
        "missing": forms.get("missing"),
        "actions": services.ACTIONS,
    }
    return render_template("projects/show.html", **context), status


@bp.get("/<int:project_id>")
@session_role_required()
def show(strategic_session, project_id: int):
    project = get_project_or_404(
        strategic_session,
        project_id,
        *_passport_options(),
        selectinload(Project.revisions).joinedload(ProjectRevision.created_by),
    )
    return _render_show(strategic_session, project)


def _back_to(project: Project):
    return redirect(
        url_for("projects.show", slug=project.strategic_session.slug, project_id=project.id)
    )


def _refused(project: Project, error: services.ProjectError):
    db.session.rollback()
    if isinstance(error, services.NotAllowed):
        abort(403)
    flash(str(error), "danger")
    return _back_to(project)


def _transition(project: Project, change, message: str):
    """Run a workflow service (``change()``), then commit, say ``message`` and go back to the
    project; a refusal is flashed (403 for a permission) and changes nothing."""
    try:
        change()
    except services.ProjectError as error:
        return _refused(project, error)
    db.session.commit()
    flash(message, "success")
    return _back_to(project)


@bp.post("/<int:project_id>/submit")
@session_role_required()
def submit(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id, *_passport_options())
    if not permissions.in_project_group(current_user, project, strategic_session):
        abort(403)
    form = CommentForm()
    if not form.validate():
        return _render_show(strategic_session, project, status=422)
    try:
        services.submit_project(project, current_user, form.comment.data or "")
    except services.IncompletePassport as incomplete:
        db.session.rollback()
        return _render_show(strategic_session, project, status=422, missing=incomplete.missing)
    except services.ProjectError as error:
        return _refused(project, error)
    db.session.commit()
    flash(_("The project is submitted. The facilitator will review it."), "success")
    return _back_to(project)


@bp.post("/<int:project_id>/return")
@session_role_required(ParticipantRole.FACILITATOR)
def return_(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id, *_passport_options())
    form = ReturnForm()
    if not form.validate():
        return _render_show(strategic_session, project, status=422, return_form=form)
    return _transition(
        project,
        lambda: services.return_project(project, current_user, form.remarks.data),
        _("The project is returned to its group with your remarks."),
    )


@bp.post("/<int:project_id>/accept")
@session_role_required(ParticipantRole.FACILITATOR)
def accept(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id)
    form = CommentForm()
    if not form.validate():
        return _refused(project, services.ProjectError(_("The comment is too long.")))
    return _transition(
        project,
        lambda: services.accept_project(project, current_user, form.comment.data or ""),
        _("The project is accepted for expert review."),
    )


@bp.post("/<int:project_id>/decision")
@session_role_required(ParticipantRole.FACILITATOR)
def decide(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id)
    form = DecisionForm()
    if not form.validate():
        return _refused(project, services.ProjectError(_("Choose a decision.")))
    recommended = form.recommended.data == "yes"
    return _transition(
        project,
        lambda: services.recommend_project(
            project, current_user, recommended=recommended, comment=form.comment.data or ""
        ),
        _("The project is recommended for the forum.")
        if recommended
        else _("The project is marked as not recommended."),
    )


@bp.post("/<int:project_id>/withdraw")
@session_role_required()
def withdraw(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id)
    if not (
        is_facilitator(current_user, strategic_session)
        or permissions.in_project_group(current_user, project, strategic_session)
    ):
        abort(403)
    form = CommentForm()
    if not form.validate():
        return _refused(project, services.ProjectError(_("The comment is too long.")))
    try:
        services.withdraw_project(project, current_user, form.comment.data or "")
    except services.ProjectError as error:
        return _refused(project, error)
    db.session.commit()
    flash(_("The project is withdrawn."), "success")
    return _back_to(project)


# ----------------------------------------------------------------------------------------------
# Revisions
# ----------------------------------------------------------------------------------------------

CURRENT = "current"


@bp.get("/<int:project_id>/compare")
@session_role_required()
def compare(strategic_session, project_id: int):
    project = get_project_or_404(strategic_session, project_id, *_passport_options())
    if not permissions.can_see_history(current_user, project, strategic_session):
        abort(403)
    revisions = list(
        db.session.scalars(
            sa.select(ProjectRevision)
            .where(ProjectRevision.project_id == project.id)
            .options(joinedload(ProjectRevision.created_by))
            .order_by(ProjectRevision.number)
        )
    )
    by_number = {str(r.number): r for r in revisions}
    options = [*by_number, CURRENT]
    default_old = options[-3] if len(options) >= 3 else options[0]
    default_new = options[-2] if len(options) >= 3 else options[-1]
    old_key = request.args.get("a") if request.args.get("a") in options else default_old
    new_key = request.args.get("b") if request.args.get("b") in options else default_new

    def snapshot_of(key):
        return passport.snapshot(project) if key == CURRENT else by_number[key].snapshot

    comparison = passport.compare(snapshot_of(old_key), snapshot_of(new_key)) if revisions else None
    return render_template(
        "projects/compare.html",
        strategic_session=strategic_session,
        project=project,
        revisions=revisions,
        by_number=by_number,
        old_key=old_key,
        new_key=new_key,
        current=CURRENT,
        comparison=comparison,
    )


# ----------------------------------------------------------------------------------------------
# Accepting or returning several projects at once
# ----------------------------------------------------------------------------------------------


def _submitted_projects(strategic_session) -> list:
    return list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.SUBMITTED,
            )
            .options(joinedload(Project.direction), joinedload(Project.working_group))
            .order_by(Project.title)
        )
    )


@bp.route("/moderate", methods=["GET", "POST"])
@session_role_required(ParticipantRole.FACILITATOR)
def moderate(strategic_session):
    submitted = _submitted_projects(strategic_session)
    if request.method == "GET":
        form = BulkModerationForm(request.args, submitted=submitted, meta={"csrf": False})
        if not form.validate(confirming=False):
            for message in [*form.action.errors, *form.project_ids.errors]:
                flash(message, "warning")
            return redirect(
                url_for("projects.index", slug=strategic_session.slug, state="submitted")
            )
        status = 200
    else:
        form = BulkModerationForm(submitted=submitted)
        status = 422
        if form.validate():
            chosen = [p for p in submitted if p.id in set(form.project_ids.data)]
            try:
                if form.action.data == "accept":
                    count = services.accept_projects(chosen, current_user, form.remarks.data or "")
                    message = ngettext(
                        "%(num)d project is accepted for review.",
                        "%(num)d projects are accepted for review.",
                        count,
                    )
                else:
                    count = services.return_projects(chosen, current_user, form.remarks.data)
                    message = ngettext(
                        "%(num)d project is returned to its group.",
                        "%(num)d projects are returned to their groups.",
                        count,
                    )
            except services.ProjectError as error:
                db.session.rollback()
                form.form_errors.append(str(error))
                status = 409
            else:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("projects.index", slug=strategic_session.slug))
    selected = set(form.project_ids.data or [])
    return (
        render_template(
            "projects/moderate.html",
            strategic_session=strategic_session,
            form=form,
            projects=[p for p in submitted if p.id in selected],
        ),
        status,
    )


# ----------------------------------------------------------------------------------------------
# Summaries
# ----------------------------------------------------------------------------------------------


@bp.get("/resources")
@session_role_required()
def resources(strategic_session):
    scope = _scope(request.args)
    summary = summaries.resource_summary(strategic_session, current_user, scope)
    bars = charts.money_bars(
        (
            source.title if source else _("No funding source"),
            summary.overall.by_source[source.id if source else None],
        )
        for source in summary.sources
    )
    return render_template(
        "projects/resources.html",
        strategic_session=strategic_session,
        summary=summary,
        bars=bars,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )


@bp.get("/resources/sources")
@session_role_required()
def sources(strategic_session):
    scope = _scope(request.args)
    all_sources = list(
        db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position))
    )
    chosen = next((s for s in all_sources if s.code == request.args.get("source")), None)
    sheets = summaries.source_sheets(strategic_session, current_user, scope, chosen)
    return render_template(
        "projects/sources.html",
        strategic_session=strategic_session,
        sheets=sheets,
        all_sources=all_sources,
        chosen=chosen,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )


@bp.get("/alignment")
@session_role_required()
def alignment(strategic_session):
    scope = _scope(request.args)
    national, strategy = summaries.alignment(strategic_session, current_user, scope)
    return render_template(
        "projects/alignment.html",
        strategic_session=strategic_session,
        national=national,
        strategy=strategy,
        scope_form=ScopeForm(request.args),
        scope=scope,
    )


# ----------------------------------------------------------------------------------------------
# The wrap-up screen (подведение итогов)
# ----------------------------------------------------------------------------------------------


@bp.get("/wrapup")
@session_role_required(ParticipantRole.FACILITATOR, *GROUP_ROLES)
def wrapup_start(strategic_session):
    first = db.session.scalar(
        sa.select(Direction)
        .where(Direction.session_id == strategic_session.id)
        .order_by(Direction.position)
        .limit(1)
    )
    if first is None:
        flash(_("The session has no directions yet."), "warning")
        return redirect(url_for("projects.index", slug=strategic_session.slug))
    return redirect(url_for("projects.wrapup", slug=strategic_session.slug, direction_id=first.id))


@bp.get("/wrapup/<int:direction_id>")
@session_role_required(ParticipantRole.FACILITATOR, *GROUP_ROLES)
def wrapup(strategic_session, direction_id: int):
    directions = list(
        db.session.scalars(
            sa.select(Direction)
            .where(Direction.session_id == strategic_session.id)
            .order_by(Direction.position)
        )
    )
    index = next((i for i, d in enumerate(directions) if d.id == direction_id), None)
    if index is None:
        abort(404)
    direction = directions[index]
    items = summaries.wrapup_projects(strategic_session, current_user, direction)
    stages = [s for item in items for s in item.project.stages]
    span = charts.year_span(
        stages,
        min((i.project.start_year for i in items if i.project.start_year), default=None),
        max((i.project.end_year for i in items if i.project.end_year), default=None),
    )
    return render_template(
        "projects/wrapup.html",
        strategic_session=strategic_session,
        direction=direction,
        number=index + 1,
        count=len(directions),
        previous=directions[index - 1] if index > 0 else None,
        next=directions[index + 1] if index + 1 < len(directions) else None,
        items=[(item, charts.timeline(item.project.stages, span)) for item in items],
    )
