"""Writing a passport into a project: the ids it names resolved among the session's rows, its
repeatable rows kept in step with the project's.

A passport, as the services take it, is a dict of plain values and ids (the project form
builds it)::

    {"working_group_id": 3, "title": "...", "short_title": "...", "problem": "...",
     "goal": "...", "expected_results": "...", "start_year": 2019, "end_year": 2021,
     "lead_organisation_id": 7, "responsible_person": "...", "responsible_position": "...",
     "risks": "...", "national_project_ids": [1, 8], "strategy_priority_ids": [2],
     "partners": [{"organisation_id": 9, "contribution": "..."}],
     "indicators": [{"name", "unit", "baseline", "target", "year"}],
     "resources": [{"kind", "description", "amount", "unit", "year", "funding_source_id",
                    "status"}],
     "stages": [{"title", "starts_on", "ends_on", "deliverable",
                 "responsible_organisation_id", "status"}]}
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core.errors import DomainError
from ..extensions import db
from ..people.models import Organisation
from ..reference.models import FundingSource, NationalProject
from ..sessions.models import StrategicSession, StrategyPriority, WorkingGroup
from .models import Indicator, Project, ProjectPartner, ResourceNeed, Stage

TEXT_FIELDS = (
    "title",
    "short_title",
    "problem",
    "goal",
    "expected_results",
    "responsible_person",
    "responsible_position",
    "risks",
)


class References:
    """The session's rows a passport names by id, loaded in one query per kind."""

    def __init__(self, strategic_session: StrategicSession, passport: dict):
        sid = strategic_session.id
        organisation_ids = {passport.get("lead_organisation_id")}
        organisation_ids |= {p.get("organisation_id") for p in passport.get("partners", [])}
        organisation_ids |= {
            s.get("responsible_organisation_id") for s in passport.get("stages", [])
        }
        self.organisations = self._load(
            Organisation, organisation_ids, Organisation.session_id == sid
        )
        self.groups = self._load(
            WorkingGroup, {passport.get("working_group_id")}, WorkingGroup.session_id == sid
        )
        self.national_projects = self._load(
            NationalProject, set(passport.get("national_project_ids", []))
        )
        self.priorities = self._load(
            StrategyPriority,
            set(passport.get("strategy_priority_ids", [])),
            StrategyPriority.session_id == sid,
        )
        self.funding_sources = self._load(
            FundingSource, {r.get("funding_source_id") for r in passport.get("resources", [])}
        )

    @staticmethod
    def _load(model, ids: set, *conditions) -> dict:
        ids = {i for i in ids if i is not None}
        if not ids:
            return {}
        rows = db.session.scalars(sa.select(model).where(model.id.in_(ids), *conditions))
        found = {row.id: row for row in rows}
        if set(found) != ids:
            raise DomainError(_("The passport names something that is not in this session."))
        return found

    def get(self, kind: str, ident: int | None):
        """The row of ``kind`` with id ``ident`` (``None`` for no id)."""
        return None if ident is None else getattr(self, kind)[ident]


def _sync_rows(collection, model, rows: list[dict]) -> None:
    """Make ``collection`` hold ``rows`` in order, updating existing rows in place."""
    for index, values in enumerate(rows):
        if index < len(collection):
            row = collection[index]
        else:
            row = model()
            collection.append(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.position = index + 1
    del collection[len(rows) :]


def write_passport(project: Project, strategic_session: StrategicSession, passport: dict) -> None:
    """Write ``passport`` into ``project`` (saved or not), without flushing half of it.

    :raise DomainError: if the passport names a row that is not in this session.
    """
    refs = References(strategic_session, passport)
    with db.session.no_autoflush:
        _write(project, passport, refs)


def _write(project: Project, passport: dict, refs: References) -> None:
    group = refs.get("groups", passport["working_group_id"])
    project.working_group = group
    project.direction = group.direction
    for name in TEXT_FIELDS:
        setattr(project, name, passport.get(name) or "")
    project.start_year = passport.get("start_year")
    project.end_year = passport.get("end_year")
    project.lead_organisation = refs.get("organisations", passport.get("lead_organisation_id"))
    project.national_projects = sorted(
        (refs.national_projects[i] for i in set(passport.get("national_project_ids", []))),
        key=lambda np: np.position,
    )
    project.strategy_priorities = sorted(
        (refs.priorities[i] for i in set(passport.get("strategy_priority_ids", []))),
        key=lambda sp: sp.position,
    )
    # Partners are keyed by organisation: keep the rows of organisations that stay.
    existing = {p.organisation.id: p for p in project.partners}
    partners = []
    for row in passport.get("partners", []):
        organisation = refs.get("organisations", row["organisation_id"])
        partner = existing.pop(organisation.id, None) or ProjectPartner(organisation=organisation)
        partner.contribution = row.get("contribution") or ""
        partners.append(partner)
    project.partners = partners
    _sync_rows(project.indicators, Indicator, passport.get("indicators", []))
    _sync_rows(
        project.resources,
        ResourceNeed,
        [
            {
                **{k: v for k, v in row.items() if k != "funding_source_id"},
                "funding_source": refs.get("funding_sources", row.get("funding_source_id")),
            }
            for row in passport.get("resources", [])
        ],
    )
    _sync_rows(
        project.stages,
        Stage,
        [
            {
                **{k: v for k, v in row.items() if k != "responsible_organisation_id"},
                "responsible_organisation": refs.get(
                    "organisations", row.get("responsible_organisation_id")
                ),
            }
            for row in passport.get("stages", [])
        ],
    )
