"""The session's organisations: their list with counts, one organisation added, renamed or
deleted (not while participants or projects refer to it)."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ...audit import services as audit
from ...core.errors import DomainError
from ...core.loading import all_in_session
from ...core.search import taken_in_session
from ...extensions import db
from ...projects.models import Project, ProjectPartner
from ..models import Organisation, OrganisationKind, Participant

ORGANISATION_FIELDS = ["name", "short_name", "kind", "description"]


def organisations_of(strategic_session) -> list[Organisation]:
    """The session's organisations by name."""
    return all_in_session(Organisation, strategic_session, Organisation.name)


def organisations_with_counts(strategic_session, kind: OrganisationKind | None = None) -> list:
    """``[(organisation, participants, projects)]`` ordered by kind and name (one query)."""
    count = (
        sa.select(sa.func.count(Participant.id))
        .where(Participant.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    query = (
        sa.select(Organisation, count, _projects_of(Organisation.id).scalar_subquery())
        .where(Organisation.session_id == strategic_session.id)
        .order_by(Organisation.kind, Organisation.name)
    )
    if kind:
        query = query.where(Organisation.kind == kind)
    return list(db.session.execute(query).all())


def _check_organisation_name(strategic_session, name: str, exclude=None) -> str:
    """The name without surrounding spaces.

    :raise DomainError: if another organisation of the session has it (in any case).
    """
    name = name.strip()
    if taken_in_session(Organisation.name, strategic_session, name, exclude):
        raise DomainError(_("An organisation with this name is already registered."), "name")
    return name


def add_organisation(strategic_session, **values) -> Organisation:
    """:raise DomainError: if the session has an organisation with this name."""
    values["name"] = _check_organisation_name(strategic_session, values["name"])
    organisation = Organisation(session_id=strategic_session.id, **values)
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "create", organisation, strategic_session=strategic_session, summary=organisation.name
    )
    return organisation


def update_organisation(organisation: Organisation, strategic_session, **values) -> dict:
    """:raise DomainError: if another organisation has this name."""
    values["name"] = _check_organisation_name(
        strategic_session, values["name"], exclude=organisation
    )
    return audit.update_recorded(
        organisation,
        {field: values[field] for field in ORGANISATION_FIELDS if field in values},
        strategic_session=strategic_session,
        summary=values["name"],
    )


def _projects_of(organisation_id):
    """The number of projects the organisation leads or partners in (a select, correlated
    with the organisation's row when given a column)."""
    return (
        sa.select(sa.func.count(sa.distinct(Project.id)))
        .select_from(Project)
        .outerjoin(ProjectPartner, ProjectPartner.project_id == Project.id)
        .where(
            sa.or_(
                Project.lead_organisation_id == organisation_id,
                ProjectPartner.organisation_id == organisation_id,
            )
        )
    )


def organisation_kept_by(people: int, projects: int) -> str | None:
    """Why an organisation that ``people`` participants and ``projects`` projects refer to
    cannot be deleted (``None``: it can). The list disables its button with this reason."""
    if not (people or projects):
        return None
    return _(
        "The organisation cannot be deleted: %(people)d participants and %(projects)d "
        "projects refer to it.",
        people=people,
        projects=projects,
    )


def delete_organisation(organisation: Organisation, strategic_session) -> None:
    """:raise DomainError: while participants or projects refer to the organisation."""
    people = db.session.scalar(
        sa.select(sa.func.count()).where(Participant.organisation_id == organisation.id)
    )
    reason = organisation_kept_by(people, db.session.scalar(_projects_of(organisation.id)))
    if reason:
        raise DomainError(reason)
    audit.record(
        "delete",
        organisation,
        strategic_session=strategic_session,
        summary=organisation.name,
        changes={"name": [organisation.name, None], "kind": [organisation.kind.value, None]},
    )
    db.session.delete(organisation)
    db.session.flush()
