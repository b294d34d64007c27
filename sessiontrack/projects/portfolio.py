"""The facilitator's portfolio: the progress of each project recommended for the forum.

Per project: its key stages (late or not, by :func:`.implementation.is_late`), its indicators
(the actual values per year; reached or not), the money secured over time against the need
(:class:`.summaries.Money`) and the reports. The implementation dashboard and the progress
exports (XLSX, PDF) read every figure from here, each from one function, so a file and the
page never disagree.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..sessions.models import StrategicSession
from .implementation import is_late
from .models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Project,
    ProjectState,
    SecuredFunding,
    Stage,
    StageStatus,
)
from .summaries import Money, money_by_project


def secured_money(need: Decimal, secured: Decimal) -> Money:
    """THE money figure of a project: its need and what is secured of it. The secured part
    stops at the need, so that the gap is never negative (what is secured beyond the need
    stays in :attr:`Progress.secured_total`)."""
    return Money(need=need, secured=min(secured, need))


def is_reached(indicator: Indicator, values: dict[int, Decimal]) -> bool:
    """THE rule for a reached indicator: its latest actual value meets its target (higher is
    better; the passport states targets as values to reach)."""
    if not values or indicator.target is None:
        return False
    return values[max(values)] >= indicator.target


@dataclass
class Progress:
    """One recommended project's progress: stages, indicators, money and reports."""

    project: Project
    late: list[Stage] = field(default_factory=list)
    # Indicator id → {year: actual value}.
    actuals: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    # Money secured, by date; each with the project's money once it was secured.
    funding: list[tuple[SecuredFunding, Money]] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)
    money: Money = field(default_factory=Money)
    # Everything secured, even beyond the need.
    secured_total: Decimal = Decimal(0)

    @property
    def stages(self) -> int:
        """How many key stages the project has."""
        return len(self.project.stages)

    @property
    def done(self) -> int:
        """How many of its stages are done."""
        return sum(stage.status == StageStatus.DONE for stage in self.project.stages)

    @property
    def indicators(self) -> int:
        """How many indicators the project has."""
        return len(self.project.indicators)

    @property
    def reached(self) -> int:
        """How many of its indicators are reached (:func:`is_reached`)."""
        return sum(is_reached(i, self.actuals.get(i.id, {})) for i in self.project.indicators)

    def values_of(self, indicator: Indicator) -> list[tuple[int, Decimal]]:
        """The indicator's actual values as (year, value), by year."""
        return sorted(self.actuals.get(indicator.id, {}).items())

    def is_reached(self, indicator: Indicator) -> bool:
        """Whether ``indicator`` of this project is reached (:func:`is_reached`)."""
        return is_reached(indicator, self.actuals.get(indicator.id, {}))


def portfolio(strategic_session: StrategicSession, today: date) -> list[Progress]:
    """The progress of each project of the session recommended for the forum, by title, with
    the stages late on ``today`` (six queries whatever the number of projects)."""
    projects = (
        db.session.execute(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.RECOMMENDED,
            )
            .options(selectinload(Project.stages), selectinload(Project.indicators))
            .order_by(Project.title, Project.id)
        )
        .scalars()
        .all()
    )
    ids = [p.id for p in projects]
    rows = {
        project.id: Progress(project, late=[s for s in project.stages if is_late(s, today)])
        for project in projects
    }
    for project_id, indicator_id, year, value in db.session.execute(
        sa.select(Indicator.project_id, IndicatorActual.indicator_id, IndicatorActual.year)
        .add_columns(IndicatorActual.value)
        .join(Indicator)
        .where(Indicator.project_id.in_(ids))
    ):
        rows[project_id].actuals.setdefault(indicator_id, {})[year] = value
    need = money_by_project(ids)
    for row in rows.values():
        row.money = secured_money(need.get(row.project.id, Money()).need, Decimal(0))
    for funding in db.session.scalars(
        sa.select(SecuredFunding)
        .where(SecuredFunding.project_id.in_(ids))
        .options(selectinload(SecuredFunding.funding_source))
        .order_by(SecuredFunding.secured_on, SecuredFunding.id)
    ):
        row = rows[funding.project_id]
        row.secured_total += funding.amount
        row.money = secured_money(row.money.need, row.secured_total)
        row.funding.append((funding, row.money))
    for report in db.session.scalars(
        sa.select(ProgressReport)
        .where(ProgressReport.project_id.in_(ids))
        .options(selectinload(ProgressReport.author))
        .order_by(ProgressReport.reported_on, ProgressReport.id)
    ):
        rows[report.project_id].reports.append(report)
    return list(rows.values())
