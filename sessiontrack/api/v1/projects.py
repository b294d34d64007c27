"""A session's projects: read as the web pages show them, written by their working group
through the same services (``projects/services.py``)."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_smorest import abort

from ...core.errors import DomainError
from ...extensions import db
from ...people.models import GROUP_ROLES
from ...projects import permissions, queries, services
from ...projects.models import Project
from ...sessions.access import roles_in
from .auth import api_user, writes
from .blueprint import api_blueprint
from .errors import ErrorSchema
from .passport_input import api_field, checked_passport
from .schemas import (
    PassportSchema,
    PassportUpdateSchema,
    ProjectListQuery,
    ProjectSchema,
    ProjectSummarySchema,
    SubmitSchema,
)
from .sessions import readable_session_or_404

blp = api_blueprint(
    "api_projects",
    __name__,
    description="A session's projects (passports): read them, and write your group's own.",
)
PROJECT = "/sessions/<slug>/projects/<int:project_id>"


def _documented(*statuses):
    def decorator(view):
        for status in (401, 403, 404, *statuses):
            view = blp.alt_response(status, schema=ErrorSchema)(view)
        return view

    return decorator


def _amount(value) -> str | None:
    return None if value is None else format(value, ".2f")


def summary_data(project: Project, hidden: bool) -> dict:
    """The project as the list shows it; its state as a reader from whom the forum decisions
    are ``hidden`` sees it."""
    return {
        "id": project.id,
        "title": project.title,
        "short_title": project.short_title,
        "state": permissions.shown_state(project, hidden).value,
        "direction": project.direction.title,
        "working_group_id": project.working_group_id,
        "working_group": project.working_group.title if project.working_group else None,
        "version": project.version_id,
    }


def project_data(project: Project, hidden: bool) -> dict:
    """The project with its whole passport (loaded with ``queries.passport_options()``)."""
    lead = project.lead_organisation
    return {
        **summary_data(project, hidden),
        "problem": project.problem,
        "goal": project.goal,
        "expected_results": project.expected_results,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "lead_organisation_id": lead.id if lead else None,
        "lead_organisation": lead.display_name if lead else None,
        "responsible_person": project.responsible_person,
        "responsible_position": project.responsible_position,
        "risks": project.risks,
        "national_project_ids": [np.id for np in project.national_projects],
        "strategy_priority_ids": [sp.id for sp in project.strategy_priorities],
        "partners": [
            {
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.display_name,
                "contribution": p.contribution,
            }
            for p in project.partners
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": _amount(i.baseline),
                "target": _amount(i.target),
                "year": i.year,
            }
            for i in project.indicators
        ],
        "resources": [
            {
                "kind": r.kind.value,
                "description": r.description,
                "amount": _amount(r.amount),
                "unit": r.unit,
                "year": r.year,
                "funding_source_id": r.funding_source_id,
                "status": r.status.value,
            }
            for r in project.resources
        ],
        "stages": [
            {
                "title": s.title,
                "starts_on": s.starts_on,
                "ends_on": s.ends_on,
                "deliverable": s.deliverable,
                "responsible_organisation_id": s.responsible_organisation_id,
                "status": s.status.value,
            }
            for s in project.stages
        ],
    }


def _shown(project: Project) -> dict:
    strategic_session = project.strategic_session
    return project_data(project, permissions.forum_decisions_hidden(api_user(), strategic_session))


def _reloaded(project_id: int) -> Project:
    """The project as saved, its whole passport loaded afresh."""
    db.session.expire_all()
    return db.session.get(Project, project_id, options=queries.passport_options())


@blp.get("/sessions/<slug>/projects")
@blp.arguments(ProjectListQuery, location="query")
@blp.response(200, ProjectSummarySchema(many=True))
@_documented()
def projects(query: dict, slug: str):
    """The session's projects you may read, as its project list shows them to you."""
    strategic_session = readable_session_or_404(slug)
    user = api_user()
    hidden = permissions.forum_decisions_hidden(user, strategic_session)
    listing = queries.listed(strategic_session, user).options(
        sa.orm.joinedload(Project.direction), sa.orm.joinedload(Project.working_group)
    )
    listed = [summary_data(p, hidden) for p in db.session.scalars(listing.order_by(Project.id))]
    # Filtered by the state the user sees, so that a hidden decision cannot be probed for.
    return [p for p in listed if query.get("state") in (None, p["state"])]


@blp.get(PROJECT)
@blp.response(200, ProjectSchema)
@_documented()
def project(slug: str, project_id: int):
    """One project's passport, if you may read it."""
    strategic_session = readable_session_or_404(slug)
    found = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    return _shown(found)


@blp.post("/sessions/<slug>/projects")
@writes
@blp.arguments(PassportSchema)
@blp.response(201, ProjectSchema)
@_documented(409)
def create(passport: dict, slug: str):
    """A new draft of your working group (a read and write token)."""
    strategic_session = readable_session_or_404(slug)
    user = api_user()
    if not roles_in(user, strategic_session) & set(GROUP_ROLES):
        abort(403, message=_("Only members of a working group write projects."))
    passport = checked_passport(strategic_session, user, passport)
    created = services.create_project(strategic_session, user, passport)
    db.session.flush()
    return _shown(_reloaded(created.id))


def _own_project(slug: str, project_id: int) -> Project:
    """A project of the token user's group.

    :raise 403: for anyone outside the project's working group.
    """
    strategic_session = readable_session_or_404(slug)
    found = permissions.get_readable_project_or_404(
        strategic_session, project_id, *queries.passport_options()
    )
    if not permissions.in_project_group(api_user(), found, strategic_session):
        abort(403, message=_("Only members of the working group write its projects."))
    return found


@blp.put(PROJECT)
@writes
@blp.arguments(PassportUpdateSchema)
@blp.response(200, ProjectSchema)
@_documented(409)
def update(passport: dict, slug: str, project_id: int):
    """Your group's changes to a draft or returned project. Send the `version` you read:
    if someone saved the project since, nothing is saved and the answer is 409."""
    found = _own_project(slug, project_id)
    user = api_user()
    checked = checked_passport(found.strategic_session, user, passport, edit=True)
    services.update_project(found, user, checked, version=passport["version"])
    return _shown(_reloaded(found.id))


@blp.post(f"{PROJECT}/submit")
@writes
@blp.arguments(SubmitSchema)
@blp.response(200, ProjectSchema)
@_documented(409)
def submit(body: dict, slug: str, project_id: int):
    """Submit your group's draft or returned project to the facilitator. A passport that
    lacks what a submission needs is refused (422) with each missing field named."""
    found = _own_project(slug, project_id)
    try:
        services.submit_project(found, api_user(), body.get("comment", ""))
    except DomainError as refusal:
        missing = services.missing_in(refusal)
        if not missing:
            raise
        errors = {api_field(item.anchor): [str(item.text)] for item in missing}
        abort(422, message=refusal.message, errors=errors)
    return _shown(_reloaded(found.id))
