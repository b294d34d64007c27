"""Totals over a session's projects, computed by the database (GROUP BY), a fixed number of
queries whatever the number of projects.

Money: financial resources, converted to millions of roubles from their unit
(:data:`models.MONEY_UNITS`); rows in any other unit are counted apart, never summed.
Every figure of money goes through :class:`Money`: the need is every row, requested or secured;
the secured part is the secured rows; the gap is the need less the secured part, what is still
requested. Pages and exports all read these three figures from it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..reference.models import FundingSource
from ..sessions.models import Direction, StrategicSession
from . import permissions
from .models import (
    MONEY_UNITS,
    Project,
    ProjectPartner,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
)
from .queries import directions_of

ZERO = Decimal(0)
SCOPE_STATES = {
    "all": [s for s in ProjectState if s != ProjectState.WITHDRAWN],
    "submitted": [ProjectState.SUBMITTED, *permissions.REVIEWABLE],
    "accepted": list(permissions.REVIEWABLE),
}

_FACTOR = sa.case(
    *[
        (ResourceNeed.unit == unit, sa.literal(factor, sa.Numeric(20, 6)))
        for unit, factor in MONEY_UNITS.items()
    ],
    else_=sa.null(),
)
# A financial amount in millions of roubles; NULL when its unit is not a money unit.
MONEY = ResourceNeed.amount * _FACTOR
UNCONVERTED = sa.func.sum(sa.case((_FACTOR.is_(None), 1), else_=0))


def _round(value) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(Decimal("0.01"))


def exact(value) -> Decimal:
    """A database's sum as an exact Decimal (``None``: zero). SQLite's sums come back as
    floats: str() keeps their shortest exact reading."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass
class Money:
    """A funding need and the part of it already secured (потребность, обеспечено, дефицит).

    The need counts every resource row, requested or secured; the secured part counts the
    secured rows; the gap is the rest of the need, what is still requested. Amounts are never
    negative, so neither is the gap, and the need is always the secured part plus the gap.
    Sums are kept exact (rows in тыс. руб. add up before they are rounded); a page or a file
    rounds once, where it shows a figure (:meth:`rounded`, or the number formatting).
    """

    need: Decimal = ZERO
    secured: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        """The part of the need not secured yet (дефицит)."""
        return self.need - self.secured

    def add(self, status: ResourceStatus, amount) -> None:
        """Count one resource row (or a sum of rows of one status) of ``amount``."""
        amount = exact(amount)
        self.need += amount
        if status == ResourceStatus.SECURED:
            self.secured += amount

    def __iadd__(self, other: "Money") -> "Money":
        self.need += other.need
        self.secured += other.secured
        return self

    def rounded(self) -> "Money":
        """The same money to the kopeck of a million (two decimals), for a file's cells."""
        return Money(_round(self.need), _round(self.secured))

    @classmethod
    def of(cls, status: ResourceStatus, amount) -> "Money":
        """The money of one resource row."""
        money = cls()
        money.add(status, amount)
        return money


@dataclass
class Totals:
    """Money by funding source and year, with the sums of each and the grand total."""

    cells: dict = field(default_factory=lambda: defaultdict(Money))
    by_source: dict = field(default_factory=lambda: defaultdict(Money))
    by_year: dict = field(default_factory=lambda: defaultdict(Money))
    total: Money = field(default_factory=Money)

    def add(self, source_id, year, status, amount) -> None:
        """Count ``amount`` of ``status`` in its cell and in the sums it belongs to."""
        for money in (
            self.cells[(source_id, year)],
            self.by_source[source_id],
            self.by_year[year],
            self.total,
        ):
            money.add(status, amount)

    @property
    def years(self) -> list:
        """The years that have money, in order; ``None`` (no year) last."""
        return sorted(self.by_year, key=lambda y: (y is None, y))

    def present(self, sources) -> list:
        """Those of ``sources`` (``None``: no source) that these totals have money from."""
        return [s for s in sources if (s.id if s is not None else None) in self.by_source]

    def cell(self, source_id, year) -> Money:
        """The money of one funding source in one year (none: zero)."""
        return self.cells.get((source_id, year)) or Money()


def counted_projects(
    strategic_session: StrategicSession, user, scope: str = "all", direction_id=None
) -> sa.Select:
    """The ids of the projects the summaries count: those the user may read, in ``scope``."""
    query = sa.select(Project.id).where(
        Project.session_id == strategic_session.id,
        Project.state.in_(SCOPE_STATES.get(scope, SCOPE_STATES["all"])),
    )
    if direction_id is not None:
        query = query.where(Project.direction_id == direction_id)
    return permissions.visible_projects(query, user, strategic_session)


def projects_by_direction(counted) -> dict:
    """How many of the ``counted`` projects (a query of ids) each direction has, by its id."""
    return dict(
        db.session.execute(
            sa.select(Project.direction_id, sa.func.count())
            .where(Project.id.in_(counted))
            .group_by(Project.direction_id)
        ).all()
    )


def funding_sources_of(ids) -> list:
    """The funding sources named by ``ids`` in their list order, ``None`` (no source) last."""
    ids = set(ids)
    sources = []
    if ids - {None}:
        sources = list(
            db.session.scalars(
                sa.select(FundingSource)
                .where(FundingSource.id.in_(ids - {None}))
                .order_by(FundingSource.position)
            )
        )
    return sources + ([None] if None in ids else [])


@dataclass
class ResourceSummary:
    """The session's money by source and year, overall and per direction."""

    overall: Totals
    by_direction: dict
    directions: list
    sources: list
    unconverted: int
    project_count: int
    project_counts: dict


def resource_summary(strategic_session: StrategicSession, user, scope: str = "all"):
    """Money of the counted projects: four queries whatever their number."""
    counted = counted_projects(strategic_session, user, scope)
    rows = db.session.execute(
        sa.select(
            Project.direction_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
            sa.func.sum(MONEY),
            UNCONVERTED,
        )
        .join(Project, Project.id == ResourceNeed.project_id)
        .where(Project.id.in_(counted), ResourceNeed.kind == ResourceKind.FINANCIAL)
        .group_by(
            Project.direction_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
        )
    ).all()
    overall, by_direction, unconverted = Totals(), defaultdict(Totals), 0
    for direction_id, source_id, year, status, amount, skipped in rows:
        overall.add(source_id, year, status, amount)
        by_direction[direction_id].add(source_id, year, status, amount)
        unconverted += skipped or 0
    project_counts = projects_by_direction(counted)
    directions = directions_of(strategic_session)
    return ResourceSummary(
        overall=overall,
        by_direction=by_direction,
        directions=directions,
        sources=funding_sources_of(overall.by_source),
        unconverted=unconverted,
        project_count=sum(project_counts.values()),
        project_counts=project_counts,
    )


def project_totals(project: Project) -> Totals:
    """One project's money by source and year, from its loaded resources."""
    totals = Totals()
    for resource in project.resources:
        factor = MONEY_UNITS.get(resource.unit)
        if resource.kind == ResourceKind.FINANCIAL and factor is not None:
            totals.add(
                resource.funding_source_id, resource.year, resource.status, resource.amount * factor
            )
    return totals


def money_by_project(project_ids) -> dict:
    """Money per project (one query): ``{project id: Money}``, projects without money left out."""
    if not project_ids:
        return {}
    money: dict = defaultdict(Money)
    for project_id, status, amount in db.session.execute(
        sa.select(ResourceNeed.project_id, ResourceNeed.status, sa.func.sum(MONEY))
        .where(
            ResourceNeed.project_id.in_(project_ids),
            ResourceNeed.kind == ResourceKind.FINANCIAL,
            MONEY.is_not(None),
        )
        .group_by(ResourceNeed.project_id, ResourceNeed.status)
    ):
        money[project_id].add(status, amount)
    return dict(money)


# ----------------------------------------------------------------------------------------------
# Per funding source: which projects ask it for how much in which year
# ----------------------------------------------------------------------------------------------


@dataclass
class SourceLine:
    """One project's money from a funding source, by year."""

    project: Project
    totals: Totals


@dataclass
class SourceSheet:
    """What the counted projects ask one funding source for (``None``: no source)."""

    source: FundingSource | None
    lines: list
    totals: Totals


def source_sheets(strategic_session: StrategicSession, user, scope: str = "all", source=None):
    """For each funding source (or only ``source``), its projects' money by year."""
    counted = counted_projects(strategic_session, user, scope)
    query = (
        sa.select(
            ResourceNeed.funding_source_id,
            ResourceNeed.project_id,
            ResourceNeed.year,
            ResourceNeed.status,
            sa.func.sum(MONEY),
        )
        .where(ResourceNeed.project_id.in_(counted), ResourceNeed.kind == ResourceKind.FINANCIAL)
        .group_by(
            ResourceNeed.funding_source_id,
            ResourceNeed.project_id,
            ResourceNeed.year,
            ResourceNeed.status,
        )
    )
    if source is not None:
        query = query.where(ResourceNeed.funding_source_id == source.id)
    rows = db.session.execute(query).all()
    per_source: dict = defaultdict(lambda: defaultdict(Totals))
    source_totals: dict = defaultdict(Totals)
    for source_id, project_id, year, status, amount in rows:
        per_source[source_id][project_id].add(source_id, year, status, amount)
        source_totals[source_id].add(source_id, year, status, amount)
    project_ids = {pid for projects in per_source.values() for pid in projects}
    projects = (
        {
            p.id: p
            for p in db.session.scalars(
                sa.select(Project)
                .where(Project.id.in_(project_ids))
                .options(joinedload(Project.direction), joinedload(Project.lead_organisation))
            )
        }
        if project_ids
        else {}
    )
    sheets = []
    for funding_source in funding_sources_of(per_source):
        source_id = funding_source.id if funding_source else None
        lines = sorted(
            (SourceLine(projects[pid], totals) for pid, totals in per_source[source_id].items()),
            key=lambda line: (-line.totals.total.need, line.project.title),
        )
        sheets.append(SourceSheet(funding_source, lines, source_totals[source_id]))
    return sheets


# ----------------------------------------------------------------------------------------------
# The wrap-up screen
# ----------------------------------------------------------------------------------------------


@dataclass
class WrapupProject:
    """A project on the wrap-up screen with its money by funding source."""

    project: Project
    by_source: list  # [(FundingSource | None, Money)]
    total: Money


def wrapup_projects(strategic_session: StrategicSession, user, direction: Direction) -> list:
    """The direction's projects (all but withdrawn) with their money by funding source."""
    counted = counted_projects(strategic_session, user, "all", direction.id)
    projects = list(
        db.session.scalars(
            sa.select(Project)
            .where(Project.id.in_(counted))
            .options(
                joinedload(Project.lead_organisation),
                joinedload(Project.working_group),
                selectinload(Project.partners).joinedload(ProjectPartner.organisation),
                selectinload(Project.stages),
            )
            .order_by(Project.title)
        )
    )
    money: dict = defaultdict(lambda: defaultdict(Money))
    if projects:
        rows = db.session.execute(
            sa.select(
                ResourceNeed.project_id,
                ResourceNeed.funding_source_id,
                ResourceNeed.status,
                sa.func.sum(MONEY),
            )
            .where(
                ResourceNeed.project_id.in_([p.id for p in projects]),
                ResourceNeed.kind == ResourceKind.FINANCIAL,
            )
            .group_by(ResourceNeed.project_id, ResourceNeed.funding_source_id, ResourceNeed.status)
        ).all()
        for project_id, source_id, status, amount in rows:
            money[project_id][source_id].add(status, amount)
    sources = {s.id: s for s in funding_sources_of({sid for m in money.values() for sid in m}) if s}
    result = []
    for project in projects:
        by_source = sorted(
            ((sources.get(sid), m) for sid, m in money[project.id].items()),
            key=lambda pair: (pair[0] is None, pair[0].position if pair[0] else 0),
        )
        total = Money()
        for _source, m in by_source:
            total += m
        result.append(WrapupProject(project, by_source, total))
    return result
