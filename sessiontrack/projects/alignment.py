"""Alignment: which national projects and strategy priorities a session's projects serve, by
direction (a matrix of project counts and money), computed by the database in a fixed number of
queries."""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..reference.models import NationalProject
from ..sessions.models import StrategicSession, StrategyPriority
from .models import (
    Project,
    ResourceKind,
    ResourceNeed,
    project_national_project,
    project_strategy_priority,
)
from .queries import directions_of
from .summaries import MONEY, Money, counted_projects, projects_by_direction


@dataclass
class AlignmentCell:
    """The projects of one row and one direction, and their money."""

    projects: int = 0
    money: Money = field(default_factory=Money)


@dataclass
class AlignmentRow:
    """One national project (or strategy priority) across the directions."""

    item: object
    cells: dict
    total: AlignmentCell

    @property
    def served(self) -> bool:
        """Whether any counted project serves this row."""
        return self.total.projects > 0


@dataclass
class Alignment:
    """One axis (national projects or strategy priorities) × the session's directions."""

    directions: list
    rows: list
    unlinked: dict  # direction id → number of projects linked to nothing on this axis
    direction_totals: dict


def _alignment(link_table, link_column, items, counted, directions) -> Alignment:
    links = (
        sa.select(
            link_column.label("item_id"), Project.id.label("project_id"), Project.direction_id
        )
        .join(Project, Project.id == link_table.c.project_id)
        .where(Project.id.in_(counted))
        .subquery()
    )
    counts = db.session.execute(
        sa.select(
            links.c.item_id, links.c.direction_id, sa.func.count(sa.distinct(links.c.project_id))
        ).group_by(links.c.item_id, links.c.direction_id)
    ).all()
    sums = db.session.execute(
        sa.select(links.c.item_id, links.c.direction_id, ResourceNeed.status, sa.func.sum(MONEY))
        .join(ResourceNeed, ResourceNeed.project_id == links.c.project_id)
        .where(ResourceNeed.kind == ResourceKind.FINANCIAL)
        .group_by(links.c.item_id, links.c.direction_id, ResourceNeed.status)
    ).all()
    unlinked = dict(
        db.session.execute(
            sa.select(Project.direction_id, sa.func.count())
            .where(
                Project.id.in_(counted),
                ~sa.exists().where(link_table.c.project_id == Project.id),
            )
            .group_by(Project.direction_id)
        ).all()
    )
    direction_totals = projects_by_direction(counted)
    cells: dict = defaultdict(lambda: defaultdict(AlignmentCell))
    for item_id, direction_id, count in counts:
        cells[item_id][direction_id].projects = count
    for item_id, direction_id, status, amount in sums:
        cells[item_id][direction_id].money.add(status, amount)
    rows = []
    for item in items:
        row_cells = cells.get(item.id, {})
        total = AlignmentCell(projects=sum(c.projects for c in row_cells.values()))
        for cell in row_cells.values():
            total.money += cell.money
        rows.append(
            AlignmentRow(
                item=item,
                cells={d.id: row_cells.get(d.id, AlignmentCell()) for d in directions},
                total=total,
            )
        )
    return Alignment(directions, rows, unlinked, direction_totals)


def session_alignment(strategic_session: StrategicSession, user, scope: str = "all"):
    """Which national projects and which strategy priorities the counted projects serve, by
    direction: number of projects and their money (a project linked to two national
    projects counts in both rows)."""
    counted = counted_projects(strategic_session, user, scope)
    directions = directions_of(strategic_session)
    national_projects = list(
        db.session.scalars(sa.select(NationalProject).order_by(NationalProject.position))
    )
    priorities = list(
        db.session.scalars(
            sa.select(StrategyPriority)
            .where(StrategyPriority.session_id == strategic_session.id)
            .order_by(StrategyPriority.position)
        )
    )
    return (
        _alignment(
            project_national_project,
            project_national_project.c.national_project_id,
            national_projects,
            counted,
            directions,
        ),
        _alignment(
            project_strategy_priority,
            project_strategy_priority.c.strategy_priority_id,
            priorities,
            counted,
            directions,
        ),
    )
