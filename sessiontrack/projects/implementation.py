"""After the forum: the implementation of a recommended project (реализация).

The project's group (moderator and members) and the facilitator record its progress: each key
stage's actual start, end and status, each indicator's actual value per year, the money secured
by funding source and the short reports per period. Everyone who reads the project reads its
progress. The facilitator's portfolio view counts late stages, indicators reached and the money
secured against the need.

A change checks permission, then bounds; a refusal is a
:class:`~sessiontrack.core.errors.DomainError` at the form field it concerns. Where two people
could change the same thing (a stage, an indicator's year) the change names what its author
saw, and a change based on something else is refused (:class:`Conflict`): optimistic locking
without a version column.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from ..core.errors import Conflict, DomainError, NotAllowed
from ..extensions import db
from ..sessions.access import is_facilitator
from ..sessions.models import SessionState, StrategicSession
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
from .permissions import in_project_group
from .summaries import Money, money_by_project

# Numeric(18, 2): at most 16 digits before the point.
MAX_AMOUNT = Decimal("9999999999999999.99")
YEARS = (1900, 2200)
PERIOD_LENGTH = 100
DOCUMENT_LENGTH = 300
REPORT_LENGTH = 10000


def is_late(stage: Stage, today: date) -> bool:
    """THE rule for a late stage: its planned end has passed and it has no actual end."""
    return stage.ends_on is not None and stage.ends_on < today and stage.actual_end is None


def can_record_progress(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The project's group and the facilitator record the progress of a project recommended
    for the forum, until the session is archived."""
    return (
        project.state == ProjectState.RECOMMENDED
        and strategic_session.state != SessionState.ARCHIVED
        and (
            is_facilitator(user, strategic_session)
            or in_project_group(user, project, strategic_session)
        )
    )


def _check_may_record(user, project: Project, strategic_session: StrategicSession) -> None:
    if not can_record_progress(user, project, strategic_session):
        raise NotAllowed(_("You may not record this project's progress."))


def _amount(value, field_name: str, *, negative: bool = False) -> Decimal:
    """``value`` as a Decimal of two places that fits Numeric(18, 2)."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), field=field_name) from None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise DomainError(_("The number is too large."), field=field_name)
    if amount < 0 and not negative:
        raise DomainError(_("The amount cannot be negative."), field=field_name)
    return amount


def _year(value, field_name: str = "year") -> int:
    if not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        raise DomainError(
            _("Enter a year between %(low)d and %(high)d.", low=YEARS[0], high=YEARS[1]),
            field=field_name,
        )
    return value


def stage_token(stage: Stage) -> str:
    """What a stage's progress reads now, as a form carries it to detect a change meanwhile."""
    return f"{stage.actual_start or ''}|{stage.actual_end or ''}|{stage.status.value}"


def record_stage(
    user,
    stage: Stage,
    strategic_session: StrategicSession,
    *,
    actual_start: date | None,
    actual_end: date | None,
    status: StageStatus,
    seen: str,
) -> Stage:
    """Record a stage's actual dates and status. ``seen`` is the :func:`stage_token` its
    author saw; if the stage changed since, the change is refused."""
    _check_may_record(user, stage.project, strategic_session)
    if stage_token(stage) != seen:
        raise Conflict(_("Someone else changed this stage meanwhile. Reload the page."))
    if actual_start and actual_end and actual_end < actual_start:
        raise DomainError(_("The end cannot be before the start."), field="actual_end")
    if actual_end and status != StageStatus.DONE:
        raise DomainError(_("A stage with an actual end is done."), field="status")
    stage.actual_start, stage.actual_end, stage.status = actual_start, actual_end, status
    db.session.flush()
    return stage


def record_indicator_value(
    user,
    indicator: Indicator,
    strategic_session: StrategicSession,
    *,
    year: int,
    value,
    seen,
) -> IndicatorActual:
    """Record the value ``indicator`` actually reached in ``year``. ``seen`` is the value its
    author saw for that year (``None``: none yet); if it changed since, the change is refused."""
    _check_may_record(user, indicator.project, strategic_session)
    year = _year(year)
    amount = _amount(value, "value", negative=True)
    actual = db.session.execute(
        sa.select(IndicatorActual).filter_by(indicator_id=indicator.id, year=year)
    ).scalar_one_or_none()
    current = actual.value if actual is not None else None
    if seen in (None, "") and current is not None:
        raise DomainError(
            _("A value for this year is already recorded; change it in its row."), field="year"
        )
    if seen not in (None, "") and _amount(seen, "value", negative=True) != current:
        raise Conflict(_("Someone else changed this value meanwhile. Reload the page."))
    if actual is None:
        actual = IndicatorActual(indicator_id=indicator.id, year=year, value=amount)
        db.session.add(actual)
    else:
        actual.value = amount
    db.session.flush()
    return actual


def add_secured_funding(
    user,
    project: Project,
    strategic_session: StrategicSession,
    *,
    funding_source_id: int,
    secured_on: date,
    amount,
    document: str = "",
) -> SecuredFunding:
    """Record money secured for the project (million roubles) and the document securing it."""
    _check_may_record(user, project, strategic_session)
    amount = _amount(amount, "amount")
    document = (document or "").strip()
    if len(document) > DOCUMENT_LENGTH:
        raise DomainError(_("The text is too long."), field="document")
    row = SecuredFunding(
        project_id=project.id,
        funding_source_id=funding_source_id,
        secured_on=secured_on,
        amount=amount,
        document=document,
    )
    db.session.add(row)
    db.session.flush()
    return row


def add_report(
    user, project: Project, strategic_session: StrategicSession, *, period: str, text: str
) -> ProgressReport:
    """Add a short progress report for a period, signed by ``user``."""
    _check_may_record(user, project, strategic_session)
    period, text = (period or "").strip(), (text or "").strip()
    if not period:
        raise DomainError(_("This field is required."), field="period")
    if len(period) > PERIOD_LENGTH:
        raise DomainError(_("The text is too long."), field="period")
    if not text:
        raise DomainError(_("This field is required."), field="text")
    if len(text) > REPORT_LENGTH:
        raise DomainError(_("The text is too long."), field="text")
    report = ProgressReport(
        project_id=project.id, period=period, reported_on=date.today(), text=text, author_id=user.id
    )
    db.session.add(report)
    db.session.flush()
    return report


# ----------------------------------------------------------------------------------------------
# The facilitator's portfolio
# ----------------------------------------------------------------------------------------------


@dataclass
class Progress:
    """One recommended project's progress: stages, indicators and money."""

    project: Project
    stages: int = 0
    late: list = field(default_factory=list)
    indicators: int = 0
    reached: int = 0
    money: Money = field(default_factory=Money)
    # Everything secured, even beyond the need (the money's secured part stops at the need,
    # so that its gap is never negative).
    secured_total: Decimal = Decimal(0)


def money_after_forum(need: Decimal, secured_total: Decimal) -> Money:
    """THE money of a project after the forum: its need, and the money secured since, which
    counts toward the need only up to it (so that the gap is never negative)."""
    return Money(need=need, secured=min(secured_total, need))


def _reached(indicator: Indicator, actuals: dict) -> bool:
    """An indicator is reached when its latest actual value meets its target (higher is
    better; the passport states targets as values to reach)."""
    values = actuals.get(indicator.id)
    if not values or indicator.target is None:
        return False
    return values[max(values)] >= indicator.target


def portfolio(strategic_session: StrategicSession, today: date) -> list[Progress]:
    """The progress of each project of the session recommended for the forum, by title."""
    projects = (
        db.session.execute(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.RECOMMENDED,
            )
            .options(sa.orm.selectinload(Project.stages), sa.orm.selectinload(Project.indicators))
            .order_by(Project.title, Project.id)
        )
        .scalars()
        .all()
    )
    ids = [p.id for p in projects]
    actuals: dict = {}
    for indicator_id, year, value in db.session.execute(
        sa.select(IndicatorActual.indicator_id, IndicatorActual.year, IndicatorActual.value)
        .join(Indicator)
        .where(Indicator.project_id.in_(ids))
    ):
        actuals.setdefault(indicator_id, {})[year] = value
    secured = dict(
        db.session.execute(
            sa.select(SecuredFunding.project_id, sa.func.sum(SecuredFunding.amount))
            .where(SecuredFunding.project_id.in_(ids))
            .group_by(SecuredFunding.project_id)
        ).all()
    )
    need = money_by_project(ids)
    rows = []
    for project in projects:
        got = secured.get(project.id)
        got = Decimal(str(got)) if got is not None else Decimal(0)
        needed = need.get(project.id, Money()).need
        rows.append(
            Progress(
                project=project,
                stages=len(project.stages),
                late=[s for s in project.stages if is_late(s, today)],
                indicators=len(project.indicators),
                reached=sum(_reached(i, actuals) for i in project.indicators),
                money=money_after_forum(needed, got),
                secured_total=got,
            )
        )
    return rows
