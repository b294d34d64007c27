"""The project workflow: one function per change of a project.

Each checks permission, then state, mutates, flushes and writes the audit entry; a refusal is
a :class:`~sessiontrack.core.errors.DomainError` (:class:`NotAllowed` for a permission,
:class:`Conflict` for a state that moved), and the request's unit of work commits or rolls
back. Lifecycle (DESIGN.md): draft → submitted → returned ⇄ submitted → accepted for review →
recommended | not recommended; withdrawn from any state before the forum.

A passport, as the services take it, is a dict of plain values and ids (the project form
builds it); :mod:`.passport_writer` describes it and writes it into a project.
"""

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from ..audit import services as audit
from ..core.errors import Conflict, DomainError, NotAllowed
from ..core.models import utcnow
from ..extensions import db
from ..notifications import events
from ..notifications.models import NotificationKind
from ..review import services as review
from ..sessions.access import group_ids_of, is_facilitator
from ..sessions.models import StrategicSession
from . import passport as passports
from . import permissions
from .models import (
    Project,
    ProjectRevision,
    ProjectState,
)
from .passport_writer import write_passport

# The audit actions this module writes (object type ``project``), with their titles.
ACTIONS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "submit": _l("Submitted"),
    "return": _l("Returned for revision"),
    "accept": _l("Accepted for review"),
    "recommend": _l("Recommended for the forum"),
    "not_recommend": _l("Not recommended"),
    "withdraw": _l("Withdrawn"),
}


def _incomplete(missing: list[passports.Missing]) -> DomainError:
    """The refusal of a submission whose passport lacks what ``missing`` lists."""
    refusal = DomainError(_("The passport is not complete yet."))
    refusal.missing = missing
    return refusal


def missing_in(refusal: DomainError) -> list[passports.Missing]:
    """What the passport of a refused submission lacks (empty for any other refusal)."""
    return getattr(refusal, "missing", [])


# ----------------------------------------------------------------------------------------------
# Writing the passport
# ----------------------------------------------------------------------------------------------


def _check_group(user, strategic_session: StrategicSession, passport: dict) -> None:
    if passport.get("working_group_id") not in group_ids_of(user, strategic_session):
        raise NotAllowed(_("Only members of the working group write its projects."))


def _conflict() -> Conflict:
    """One message for both ways of losing the race: the version the form carried is stale, or
    another save committed between our check and our flush. To the user they are the same.
    The refusal names the form's ``version`` field: the form was loaded from an older one."""
    return Conflict(
        _("Someone else saved this project while you were editing it. Nothing was saved."),
        field="version",
    )


def _flush() -> None:
    """Flush; a project changed by someone else meanwhile becomes a :class:`Conflict` at
    ``version``."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise _conflict() from error


def preview_project(strategic_session: StrategicSession, passport: dict) -> Project:
    """An unsaved project holding ``passport``: to check it or compare it, never to keep."""
    project = Project(session_id=strategic_session.id, state=ProjectState.DRAFT)
    write_passport(project, strategic_session, passport)
    return project


def create_project(strategic_session: StrategicSession, user, passport: dict) -> Project:
    """A new draft of the user's working group."""
    if not permissions.session_takes_proposals(strategic_session):
        raise Conflict(_("The session no longer takes proposals."))
    _check_group(user, strategic_session, passport)
    project = Project(
        session_id=strategic_session.id, state=ProjectState.DRAFT, created_by_id=user.id
    )
    project.strategic_session = strategic_session
    write_passport(project, strategic_session, passport)
    db.session.add(project)
    _flush()
    audit.record(
        "create", project, strategic_session=strategic_session, summary=project.title, user=user
    )
    return project


def _changes(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` as people read them, for the audit log; a changed repeatable
    part is logged whole, one line per row. (Each submission's revision keeps the data.)"""
    changes = {}
    for key in passports.FIELDS:
        if passports.comparable(before.get(key)) != passports.comparable(after.get(key)):
            changes[key] = [
                passports.describe(key, before.get(key)),
                passports.describe(key, after.get(key)),
            ]
    for section in passports.SECTIONS:
        old, new = before.get(section) or [], after.get(section) or []
        if passports.comparable(old) != passports.comparable(new):
            changes[section] = [
                "\n".join(passports.describe_row(section, row) for row in rows) or passports.EMPTY
                for rows in (old, new)
            ]
    return changes


def update_project(project: Project, user, passport: dict, *, version: int) -> Project:
    """Save the group's changes to a draft or returned project.

    ``version`` is the ``version_id`` the user's form was loaded from: if the project has
    changed since, nothing is written and a :class:`Conflict` at ``version`` is raised. A new
    lead or partner is checked for conflicts of interest with the session's experts.
    """
    strategic_session = project.strategic_session
    if not permissions.in_project_group(user, project, strategic_session):
        raise NotAllowed(_("Only members of the working group edit its projects."))
    _check_group(user, strategic_session, passport)
    if project.state not in permissions.EDITABLE:
        raise Conflict(
            _("The project is «%(state)s»: it can no longer be edited.", state=project.state.title)
        )
    if not permissions.session_takes_proposals(strategic_session):
        raise Conflict(_("The session no longer takes proposals."))
    if version != project.version_id:
        raise _conflict()
    before = passports.snapshot(project)
    write_passport(project, strategic_session, passport)
    # A new version even when only rows changed: the version counter lives on the project row.
    project.updated_at = utcnow()
    _flush()
    changes = _changes(before, passports.snapshot(project))
    audit.record(
        "update",
        project,
        strategic_session=strategic_session,
        summary=project.title,
        changes=changes,
        user=user,
    )
    if {"lead_organisation", "partners"} & set(changes):
        review.detect_conflicts_after_change(strategic_session, user)
    return project


# ----------------------------------------------------------------------------------------------
# The workflow
# ----------------------------------------------------------------------------------------------


def _transition(project: Project, user, action: str, state: ProjectState, comment: str = ""):
    """Move ``project`` to ``state`` and log ``action`` with the comment (blanks stripped)."""
    old = project.state
    project.state = state
    _flush()
    audit.record(
        action,
        project,
        strategic_session=project.strategic_session,
        summary=project.title,
        comment=(comment or "").strip(),
        changes={"state": [old.value, state.value]},
        user=user,
    )


def _require_facilitator(user, project: Project) -> None:
    if not is_facilitator(user, project.strategic_session):
        raise NotAllowed(_("Only the session's facilitator may do this."))


def _require_state(project: Project, *states: ProjectState) -> None:
    if project.state not in states:
        raise Conflict(
            _(
                "This cannot be done while the project is «%(state)s».",
                state=project.state.title,
            )
        )


def submit_project(project: Project, user, comment: str = "") -> ProjectRevision:
    """Submit a complete draft or returned project; keeps a revision of the whole passport.

    :raise DomainError: whose :func:`missing_in` lists what the passport lacks.
    """
    strategic_session = project.strategic_session
    if not permissions.in_project_group(user, project, strategic_session):
        raise NotAllowed(_("Only members of the working group submit its projects."))
    _require_state(project, *permissions.EDITABLE)
    if not permissions.session_takes_proposals(strategic_session):
        raise Conflict(_("The session no longer takes proposals."))
    passport = passports.snapshot(project)
    missing = passports.missing_items(passport)
    if missing:
        raise _incomplete(missing)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(ProjectRevision.number)).where(
                ProjectRevision.project_id == project.id
            )
        )
        or 0
    ) + 1
    revision = ProjectRevision(
        project=project, number=number, created_by_id=user.id, snapshot=passport
    )
    db.session.add(revision)
    project.submitted_at = utcnow()
    _transition(project, user, "submit", ProjectState.SUBMITTED, comment)
    return revision


def return_project(project: Project, user, remarks: str) -> None:
    """The facilitator sends a submitted project back to its group with remarks."""
    _require_facilitator(user, project)
    _require_state(project, ProjectState.SUBMITTED)
    remarks = (remarks or "").strip()
    if not remarks:
        raise DomainError(_("Write what the group should change."), field="remarks")
    project.remarks = remarks
    _transition(project, user, "return", ProjectState.RETURNED, remarks)
    events.project_moved(project, NotificationKind.PROJECT_RETURNED, remarks=remarks)


def accept_project(project: Project, user, comment: str = "") -> None:
    """The facilitator accepts a submitted project for expert review."""
    _require_facilitator(user, project)
    _require_state(project, ProjectState.SUBMITTED)
    _transition(project, user, "accept", ProjectState.ACCEPTED, comment)
    events.project_moved(project, NotificationKind.PROJECT_ACCEPTED)


def recommend_project(project: Project, user, *, recommended: bool, comment: str = "") -> None:
    """The facilitator's decision on a reviewed project: recommended for the forum, or not.

    A decision may be changed until the forum; deciding what is already decided does nothing.
    """
    _require_facilitator(user, project)
    _require_state(project, *permissions.REVIEWABLE)
    state = ProjectState.RECOMMENDED if recommended else ProjectState.NOT_RECOMMENDED
    if project.state == state:
        return
    _transition(project, user, "recommend" if recommended else "not_recommend", state, comment)
    events.project_moved(project, NotificationKind.PROJECT_DECIDED, recommended=recommended)


def withdraw_project(project: Project, user, comment: str = "") -> None:
    """The group or the facilitator withdraws a project, from any state, before the forum."""
    strategic_session = project.strategic_session
    if not (
        is_facilitator(user, strategic_session)
        or permissions.in_project_group(user, project, strategic_session)
    ):
        raise NotAllowed(_("Only the working group or the facilitator may withdraw a project."))
    if project.state == ProjectState.WITHDRAWN:
        raise Conflict(_("The project is already withdrawn."))
    if not permissions.session_takes_proposals(strategic_session):
        raise Conflict(_("The session is at the forum: its projects can no longer change."))
    _transition(project, user, "withdraw", ProjectState.WITHDRAWN, (comment or "").strip())


def accept_projects(projects: Iterable[Project], user, comment: str = "") -> int:
    """Accept several submitted projects at once: all of them or, on any refusal, none."""
    count = 0
    for project in projects:
        accept_project(project, user, comment)
        count += 1
    return count


def return_projects(projects: Iterable[Project], user, remarks: str) -> int:
    """Return several submitted projects with the same remarks: all of them or none."""
    count = 0
    for project in projects:
        return_project(project, user, remarks)
        count += 1
    return count
