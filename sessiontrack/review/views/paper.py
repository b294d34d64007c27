"""Paper scoring: an expert's sheet to print or download, and its upload."""

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.spreadsheets import SpreadsheetError
from ...extensions import db
from ...people.models import ParticipantRole
from ...sessions.access import FACILITATION, is_facilitator, session_role_required
from .. import forms, paper, permissions, queries


def _paper_expert(strategic_session, expert_id: int):
    """The expert whose sheet is asked for: facilitators any, an expert their own.

    :raise 404: if not an expert of this session; :raise 403: for anyone else's sheet.
    """
    expert = permissions.get_expert_or_404(strategic_session, expert_id)
    if not (is_facilitator(current_user, strategic_session) or expert.user_id == current_user.id):
        abort(403)
    return expert


@session_role_required(ParticipantRole.EXPERT, *FACILITATION)
def paper_sheet(strategic_session, expert_id: int):
    expert = _paper_expert(strategic_session, expert_id)
    return render_template(
        "review/paper.html",
        strategic_session=strategic_session,
        expert=expert,
        criteria=queries.session_criteria(strategic_session),
        scorecards=queries.scorecards_of_expert(strategic_session, expert),
        upload_form=forms.UploadForm(),
        facilitator=is_facilitator(current_user, strategic_session),
    )


@session_role_required(ParticipantRole.EXPERT, *FACILITATION)
def paper_xlsx(strategic_session, expert_id: int):
    expert = _paper_expert(strategic_session, expert_id)
    return send_file(
        io.BytesIO(paper.build_sheet(strategic_session, expert)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"scoring-sheet-{strategic_session.slug}-{expert.id}.xlsx",
    )


@session_role_required(*FACILITATION)
def paper_upload(strategic_session, expert_id: int):
    expert = permissions.get_expert_or_404(strategic_session, expert_id)
    form = forms.UploadForm()
    errors = []
    if form.validate_on_submit():
        try:
            outcome = paper.import_sheet(strategic_session, expert, form.sheet.data, current_user)
        except SpreadsheetError as error:
            form.sheet.errors.append(str(error))
        else:
            if outcome.ok:
                flash(
                    _(
                        "Sheet accepted: %(submitted)d scorecard(s) submitted, %(unchanged)d "
                        "already submitted, %(blank)d row(s) left empty.",
                        submitted=outcome.submitted,
                        unchanged=outcome.unchanged,
                        blank=outcome.blank,
                    ),
                    "success",
                )
                return redirect(
                    url_for(".paper_sheet", slug=strategic_session.slug, expert_id=expert.id)
                )
            # Rows saved before a refused one are dropped before the page lists the scorecards.
            db.session.rollback()
            errors = outcome.errors
    return render_template(
        "review/paper.html",
        strategic_session=strategic_session,
        expert=expert,
        criteria=queries.session_criteria(strategic_session),
        scorecards=queries.scorecards_of_expert(strategic_session, expert),
        upload_form=form,
        upload_errors=errors,
        facilitator=True,
    ), 422
