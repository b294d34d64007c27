"""The agenda of the day with its talks and decisions; facilitators record and edit them."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..audit import services as audit
from ..core.errors import DomainError, show_at_field
from ..core.forms import EmptyForm, MoveForm
from ..core.loading import get_in_session_or_404
from ..people.services import organisations_of, participants_of
from ..sessions.access import FACILITATION, session_role_required
from . import services
from .forms import AgendaItemForm, DecisionForm, TalkForm
from .models import AgendaItem, Decision, Talk

bp = Blueprint("agenda", __name__, url_prefix="/s/<slug>/agenda")


def _page(template: str, form, strategic_session, **context):
    return render_template(
        template, form=form, strategic_session=strategic_session, **context
    ), 422 if form.errors else 200


def _to_index(strategic_session, anchor: str = ""):
    return redirect(url_for("agenda.index", slug=strategic_session.slug) + anchor)


@bp.get("/")
@session_role_required()
def index(strategic_session):
    return render_template(
        "agenda/index.html",
        strategic_session=strategic_session,
        items=services.items_of(strategic_session),
        decisions=services.decisions_of(strategic_session),
    )


# ---------------------------------------------------------------------------------------------
# Agenda items
# ---------------------------------------------------------------------------------------------


def _item_values(form) -> dict:
    return {
        "title": form.title.data.strip(),
        "starts_at": form.starts_at.data,
        "ends_at": form.ends_at.data,
        "description": (form.description.data or "").strip(),
        "notes": (form.notes.data or "").strip(),
    }


@bp.route("/items/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_item(strategic_session):
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            item = services.add_item(strategic_session, **_item_values(form))
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The agenda item is added."), "success")
            return _to_index(strategic_session, f"#item-{item.id}")
    return _page("agenda/item_edit.html", form, strategic_session, item=None, history=[])


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_item(strategic_session, item_id: int):
    item = get_in_session_or_404(AgendaItem, item_id, strategic_session)
    form = AgendaItemForm(obj=item)
    if form.validate_on_submit():
        try:
            services.update_item(item, strategic_session, **_item_values(form))
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The agenda item is saved."), "success")
            return _to_index(strategic_session, f"#item-{item.id}")
    return _page(
        "agenda/item_edit.html", form, strategic_session, item=item, history=audit.history(item)
    )


@bp.post("/items/<int:item_id>/move")
@session_role_required(*FACILITATION)
def move_item(strategic_session, item_id: int):
    item = get_in_session_or_404(AgendaItem, item_id, strategic_session)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_item(item, strategic_session, form.offset)
    return _to_index(strategic_session, f"#item-{item.id}")


@bp.post("/items/<int:item_id>/delete")
@session_role_required(*FACILITATION)
def delete_item(strategic_session, item_id: int):
    item = get_in_session_or_404(AgendaItem, item_id, strategic_session)
    if EmptyForm().validate_on_submit():
        services.delete_item(item, strategic_session)
        flash(_("The agenda item is deleted."), "success")
    return _to_index(strategic_session)


# ---------------------------------------------------------------------------------------------
# Talks
# ---------------------------------------------------------------------------------------------


def _talk_values(form) -> dict:
    return {
        "speaker_id": form.speaker_id.data,
        "title": form.title.data,
        "key_points": form.key_points.data or "",
    }


@bp.route("/items/<int:item_id>/talks/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_talk(strategic_session, item_id: int):
    item = get_in_session_or_404(AgendaItem, item_id, strategic_session)
    form = TalkForm(participants_of(strategic_session))
    if form.validate_on_submit():
        try:
            services.add_talk(item, strategic_session, **_talk_values(form))
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The talk is recorded."), "success")
            return _to_index(strategic_session, f"#item-{item.id}")
    return _page("agenda/talk_edit.html", form, strategic_session, item=item, talk=None, history=[])


@bp.route("/talks/<int:talk_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_talk(strategic_session, talk_id: int):
    talk = get_in_session_or_404(Talk, talk_id, strategic_session)
    form = TalkForm(participants_of(strategic_session), obj=talk)
    if form.validate_on_submit():
        try:
            services.update_talk(talk, strategic_session, **_talk_values(form))
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The talk is saved."), "success")
            return _to_index(strategic_session, f"#item-{talk.agenda_item_id}")
    return _page(
        "agenda/talk_edit.html",
        form,
        strategic_session,
        item=talk.agenda_item,
        talk=talk,
        history=audit.history(talk),
    )


@bp.post("/talks/<int:talk_id>/delete")
@session_role_required(*FACILITATION)
def delete_talk(strategic_session, talk_id: int):
    talk = get_in_session_or_404(Talk, talk_id, strategic_session)
    item_id = talk.agenda_item_id
    if EmptyForm().validate_on_submit():
        services.delete_talk(talk, strategic_session)
        flash(_("The talk is deleted."), "success")
    return _to_index(strategic_session, f"#item-{item_id}")


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------


def _decision_form(strategic_session, obj=None) -> DecisionForm:
    return DecisionForm(
        services.items_of(strategic_session), organisations_of(strategic_session), obj=obj
    )


@bp.route("/decisions/new", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def new_decision(strategic_session):
    form = _decision_form(strategic_session)
    if form.validate_on_submit():
        try:
            services.add_decision(strategic_session, **form.values())
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The decision is recorded."), "success")
            return _to_index(strategic_session, "#decisions")
    return _page("agenda/decision_edit.html", form, strategic_session, decision=None, history=[])


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@session_role_required(*FACILITATION)
def edit_decision(strategic_session, decision_id: int):
    decision = get_in_session_or_404(Decision, decision_id, strategic_session)
    form = _decision_form(strategic_session, obj=decision)
    if form.validate_on_submit():
        try:
            services.update_decision(decision, strategic_session, **form.values())
        except DomainError as error:
            show_at_field(form, error)
        else:
            flash(_("The decision is saved."), "success")
            return _to_index(strategic_session, "#decisions")
    return _page(
        "agenda/decision_edit.html",
        form,
        strategic_session,
        decision=decision,
        history=audit.history(decision),
    )


@bp.post("/decisions/<int:decision_id>/delete")
@session_role_required(*FACILITATION)
def delete_decision(strategic_session, decision_id: int):
    decision = get_in_session_or_404(Decision, decision_id, strategic_session)
    if EmptyForm().validate_on_submit():
        services.delete_decision(decision, strategic_session)
        flash(_("The decision is deleted."), "success")
    return _to_index(strategic_session, "#decisions")
