"""Organisations and participants of a session: lists, records, accounts, the import."""

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
from flask_babel import ngettext
from flask_login import current_user

from ..audit import services as audit
from ..core.errors import Conflict, DomainError, flash_refusal, show_at_field
from ..core.forms import EmptyForm
from ..core.loading import get_in_session_or_404
from ..core.pagination import requested_page
from ..sessions.access import FACILITATION, is_facilitator, session_role_required
from ..sessions.services import groups_of
from ..tasks.mail import send_one_time_password
from . import imports, services
from .forms import (
    ImportConfirmForm,
    ImportForm,
    OrganisationForm,
    ParticipantFilterForm,
    ParticipantForm,
)
from .models import ACCESS_ROLES, Organisation, OrganisationKind, Participant, ParticipantRole

bp = Blueprint("people", __name__, url_prefix="/s/<slug>/people")


# ---------------------------------------------------------------------------------------------
# Participants
# ---------------------------------------------------------------------------------------------


@bp.get("/")
@session_role_required()
def participants(strategic_session):
    organisations = services.organisations_of(strategic_session)
    groups = groups_of(strategic_session)
    form = ParticipantFilterForm(organisations, groups, formdata=request.args)
    filters = services.ParticipantFilters()
    if form.validate():
        filters = services.ParticipantFilters(
            search=form.q.data or "",
            organisation_id=form.organisation.data,
            role=ParticipantRole(form.role.data) if form.role.data else None,
            working_group_id=form.group.data,
        )
    page = services.participants_page(
        strategic_session,
        filters,
        page=requested_page(),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "people/participants.html",
        strategic_session=strategic_session,
        form=form,
        page=page,
        participants=page.items,
        counts_by_kind=services.counts_by_organisation_kind(strategic_session, filters),
        filtered=filters != services.ParticipantFilters(),
        show_contacts=is_facilitator(current_user, strategic_session),
    )


@bp.get("/<int:participant_id>")
@session_role_required()
def participant(strategic_session, participant_id: int):
    person = get_in_session_or_404(Participant, participant_id, strategic_session)
    facilitator = is_facilitator(current_user, strategic_session)
    return render_template(
        "people/participant.html",
        strategic_session=strategic_session,
        participant=person,
        show_contacts=facilitator or person.user_id == current_user.id,
        can_have_account=person.role in ACCESS_ROLES,
        kept_by=services.participant_kept_by(person, current_user) if facilitator else None,
        history=audit.history(person) if facilitator else [],
    )


def _participant_page(strategic_session, person) -> str:
    """The address of the participant's page."""
    return url_for("people.participant", slug=strategic_session.slug, participant_id=person.id)


def _participant_form(strategic_session, obj=None):
    form = ParticipantForm(
        services.organisations_of(strategic_session), groups_of(strategic_session), obj=obj
    )
    if obj is not None and request.method == "GET" and obj.expert_kind is None:
        form.expert_kind.data = "expert"
    return form


@bp.route("/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_participant(strategic_session):
    form = _participant_form(strategic_session)
    if form.validate_on_submit():
        try:
            person = services.add_participant(strategic_session, **form.values())
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("%(name)s is added.", name=person.full_name), "success")
            return redirect(_participant_page(strategic_session, person))
    return _form_page("people/participant_edit.html", strategic_session, form, "participant", None)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_participant(strategic_session, participant_id: int):
    person = get_in_session_or_404(Participant, participant_id, strategic_session)
    form = _participant_form(strategic_session, obj=person)
    if form.validate_on_submit():
        try:
            services.update_participant(person, strategic_session, current_user, **form.values())
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The participant is saved."), "success")
            return redirect(_participant_page(strategic_session, person))
    return _form_page(
        "people/participant_edit.html", strategic_session, form, "participant", person
    )


@bp.post("/<int:participant_id>/delete")
@session_role_required(*FACILITATION)
def delete_participant(strategic_session, participant_id: int):
    person = get_in_session_or_404(Participant, participant_id, strategic_session)
    if EmptyForm().validate_on_submit():
        name = person.full_name
        try:
            services.delete_participant(person, strategic_session, current_user)
        except DomainError as error:
            flash_refusal(error)
            return redirect(_participant_page(strategic_session, person))
        flash(_("%(name)s is removed from the session.", name=name), "success")
    return redirect(url_for("people.participants", slug=strategic_session.slug))


@bp.post("/<int:participant_id>/account")
@session_role_required(*FACILITATION)
def create_account(strategic_session, participant_id: int):
    """Create or link the participant's account; a new password is shown this once only."""
    person = get_in_session_or_404(Participant, participant_id, strategic_session)
    back = _participant_page(strategic_session, person)
    if not EmptyForm().validate_on_submit():
        return redirect(back)
    try:
        user, password = services.create_account(person, strategic_session)
    except DomainError as error:
        flash_refusal(error)
        return redirect(back)
    if password is None:
        flash(
            _("%(name)s's existing account is linked to the session.", name=person.full_name),
            "success",
        )
        return redirect(back)
    response = make_response(
        render_template(
            "people/account_created.html",
            strategic_session=strategic_session,
            participant=person,
            user=user,
            password=password,
            mailed=send_one_time_password(user, password, strategic_session.title),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------


@bp.get("/organisations")
@session_role_required()
def organisations(strategic_session):
    kind = request.args.get("kind", "")
    kind = kind if kind in {k.value for k in OrganisationKind} else ""
    return render_template(
        "people/organisations.html",
        strategic_session=strategic_session,
        rows=services.organisations_with_counts(
            strategic_session, OrganisationKind(kind) if kind else None
        ),
        kind=kind,
        kinds=OrganisationKind,
        kept_by=services.organisation_kept_by,
    )


def _organisation_values(form) -> dict:
    return {
        "name": form.name.data,
        "short_name": (form.short_name.data or "").strip(),
        "kind": OrganisationKind(form.kind.data),
        "description": (form.description.data or "").strip(),
    }


def _form_page(template: str, strategic_session, form, name: str, obj):
    """The add or edit form of a participant or organisation (``obj``, ``None`` for a new one,
    passed to the template as ``name``) with its history; 422 after errors."""
    return render_template(
        template,
        strategic_session=strategic_session,
        form=form,
        history=audit.history(obj) if obj is not None else [],
        **{name: obj},
    ), 422 if form.errors else 200


@bp.route("/organisations/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_organisation(strategic_session):
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            services.add_organisation(strategic_session, **_organisation_values(form))
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The organisation is added."), "success")
            return redirect(url_for("people.organisations", slug=strategic_session.slug))
    return _form_page(
        "people/organisation_edit.html", strategic_session, form, "organisation", None
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_organisation(strategic_session, organisation_id: int):
    organisation = get_in_session_or_404(Organisation, organisation_id, strategic_session)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(
                organisation, strategic_session, **_organisation_values(form)
            )
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The organisation is saved."), "success")
            return redirect(url_for("people.organisations", slug=strategic_session.slug))
    return _form_page(
        "people/organisation_edit.html", strategic_session, form, "organisation", organisation
    )


@bp.post("/organisations/<int:organisation_id>/delete")
@session_role_required(*FACILITATION)
def delete_organisation(strategic_session, organisation_id: int):
    organisation = get_in_session_or_404(Organisation, organisation_id, strategic_session)
    if EmptyForm().validate_on_submit():
        name = organisation.name
        try:
            services.delete_organisation(organisation, strategic_session)
        except DomainError as error:
            flash_refusal(error)
        else:
            flash(_("The organisation «%(name)s» is deleted.", name=name), "success")
    return redirect(url_for("people.organisations", slug=strategic_session.slug))


# ---------------------------------------------------------------------------------------------
# Import: upload → preview → confirm or cancel
# ---------------------------------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def import_upload(strategic_session):
    form = ImportForm()
    if form.validate_on_submit():
        filename = form.file.data.filename or "upload"
        try:
            imports.read_table(form.file_bytes, filename)
        except DomainError as error:
            show_at_field(form, error)
        else:
            token = imports.store_upload(
                strategic_session,
                current_user,
                filename,
                form.file_bytes,
                OrganisationKind(form.default_kind.data),
            )
            return redirect(
                url_for("people.import_preview", slug=strategic_session.slug, token=token)
            )
    return render_template(
        "people/import.html",
        strategic_session=strategic_session,
        form=form,
        headers=imports.HEADERS,
    ), 422 if form.errors else 200


def _load_plan(strategic_session, token: str):
    """The stored upload's description and its plan against the session as it is now.

    :raise 404: if the token names no upload of this session and user.
    """
    upload = imports.load_upload(token, strategic_session, current_user)
    if upload is None:
        abort(404)
    meta, data = upload
    table = imports.read_table(data, meta["filename"])
    plan = imports.plan_import(strategic_session, table, OrganisationKind(meta["default_kind"]))
    return meta, plan


@bp.get("/import/<token>")
@session_role_required(*FACILITATION)
def import_preview(strategic_session, token: str):
    meta, plan = _load_plan(strategic_session, token)
    return render_template(
        "people/import_preview.html",
        strategic_session=strategic_session,
        token=token,
        filename=meta["filename"],
        plan=plan,
    )


@bp.post("/import/<token>/confirm")
@session_role_required(*FACILITATION)
def import_confirm(strategic_session, token: str):
    meta, plan = _load_plan(strategic_session, token)
    preview = url_for("people.import_preview", slug=strategic_session.slug, token=token)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        return redirect(preview)
    skip_problems = form.skip_problems.data
    if not (plan.can_apply_valid_rows if skip_problems else plan.can_apply):
        flash(_("The file has problems or nothing to import: nothing was written."), "danger")
        return redirect(preview)
    try:
        with imports.claimed_upload(token):
            counts = imports.apply_import(
                strategic_session, plan, filename=meta["filename"], skip_problems=skip_problems
            )
    except Conflict as error:
        flash(error.message, "info")
        return redirect(url_for("people.participants", slug=strategic_session.slug))
    flash(
        _(
            "Imported: %(organisations)d new organisations, %(created)d new participants, "
            "%(updated)d updated.",
            **counts,
        ),
        "success",
    )
    if counts["skipped"]:
        flash(
            ngettext(
                "Line %(lines)s was skipped for its problems: fix it and import it again.",
                "Lines %(lines)s were skipped for their problems: fix them and import them again.",
                len(counts["skipped"]),
                lines=", ".join(map(str, counts["skipped"])),
            ),
            "warning",
        )
    return redirect(url_for("people.participants", slug=strategic_session.slug))


@bp.post("/import/<token>/cancel")
@session_role_required(*FACILITATION)
def import_cancel(strategic_session, token: str):
    if imports.load_upload(token, strategic_session, current_user) is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        imports.discard_upload(token)
        flash(_("The import is cancelled: nothing was changed."), "info")
    return redirect(url_for("people.participants", slug=strategic_session.slug))
