"""What a public project page shows beyond the passport, as the session's setting allows
(:mod:`.settings`): the aggregate score and rank, the implementation progress and the number
of investors interested. Each figure comes from the one function that computes it for every
other page: the score from :func:`..review.aggregation.results_for`, lateness from
:func:`..projects.implementation.is_late`, money from :class:`..projects.summaries.Money`."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..projects.implementation import is_late
from ..projects.models import Indicator, IndicatorActual, Project, SecuredFunding, Stage
from ..projects.permissions import forum_decisions_public
from ..projects.portfolio import secured_money
from ..projects.summaries import Money
from ..review import aggregation
from ..review.models import InvestorInterest
from ..sessions.models import StrategicSession


@dataclass(frozen=True)
class PublicScore:
    """A project's aggregate score as the results page shows it, and its rank among the
    ``ranked`` projects of the session."""

    mean: float
    rank: int | None
    ranked: int
    method: str


def public_score(strategic_session: StrategicSession, project: Project) -> PublicScore | None:
    """The project's aggregate score and rank, by the session's ranking method — ``None``
    unless the setting shows it, the review results are published and the project has one."""
    if not strategic_session.catalogue_shows_score or not forum_decisions_public(strategic_session):
        return None
    results = aggregation.results_for(
        strategic_session, method=aggregation.session_method(strategic_session)
    )
    row = results.project(project.id)
    if row is None or row.mean is None:
        return None
    return PublicScore(
        mean=row.mean, rank=row.rank, ranked=len(results.ranked), method=results.method_title
    )


@dataclass(frozen=True)
class StageProgress:
    """A key stage, planned against actual, and whether it is late."""

    stage: Stage
    late: bool


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's target and the values it actually reached, ``[(year, value), ...]``."""

    indicator: Indicator
    actuals: list


@dataclass(frozen=True)
class SecuredStep:
    """Money secured on a date from a funding source, and all secured up to then (million
    roubles). The reference of the securing document stays internal."""

    secured_on: date
    source: str
    amount: Decimal
    running_total: Decimal


@dataclass(frozen=True)
class PublicProgress:
    """What the public page shows of a project's implementation."""

    stages: list
    indicators: list
    secured: list
    money: Money | None

    @property
    def late(self) -> int:
        """How many stages are late."""
        return sum(step.late for step in self.stages)


def public_progress(
    strategic_session: StrategicSession, project: Project, money: Money | None, today: date
) -> PublicProgress | None:
    """The project's implementation progress, or ``None`` unless the setting shows it and
    anything is recorded (a stage's actual date, an indicator's actual value, money secured).

    ``money`` is the passport's :class:`Money` of the project; when given (the setting shows
    money), the money secured over time is shown against its need. ``project`` has its stages
    and indicators loaded.
    """
    if not strategic_session.catalogue_shows_progress:
        return None
    actuals: dict = {}
    for indicator_id, year, value in db.session.execute(
        sa.select(IndicatorActual.indicator_id, IndicatorActual.year, IndicatorActual.value)
        .join(Indicator)
        .where(Indicator.project_id == project.id)
        .order_by(IndicatorActual.year)
    ):
        actuals.setdefault(indicator_id, []).append((year, value))
    funding = list(
        db.session.scalars(
            sa.select(SecuredFunding)
            .where(SecuredFunding.project_id == project.id)
            .options(selectinload(SecuredFunding.funding_source))
            .order_by(SecuredFunding.secured_on, SecuredFunding.id)
        )
    )
    dated = any(s.actual_start or s.actual_end for s in project.stages)
    if not (dated or actuals or funding):
        return None
    steps, total = [], Decimal(0)
    for row in funding:
        total += row.amount
        steps.append(SecuredStep(row.secured_on, row.funding_source.title, row.amount, total))
    return PublicProgress(
        stages=[StageProgress(s, is_late(s, today)) for s in project.stages],
        indicators=[
            IndicatorProgress(i, actuals[i.id]) for i in project.indicators if i.id in actuals
        ],
        secured=steps if money is not None else [],
        money=secured_money(money.need, total) if money is not None and funding else None,
    )


def interest_count(strategic_session: StrategicSession, project: Project) -> int | None:
    """How many investors marked interest in the project — ``None`` unless the setting shows
    it."""
    if not strategic_session.catalogue_shows_interest:
        return None
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(InvestorInterest)
        .where(InvestorInterest.project_id == project.id)
    )
