"""After the forum: the implementation of a recommended project (реализация).

The project's group (moderator and members) and the facilitator record its progress: each key
stage's actual start, end and status, each indicator's actual value per year, the money secured
by funding source and the short reports per period. Everyone who reads the project reads its
progress. The facilitator's portfolio (:mod:`.portfolio`) counts late stages, indicators reached
and the money secured against the need.

A change checks permission, then bounds; a refusal is a
:class:`~sessiontrack.core.errors.DomainError` at the form field it concerns. Where two people
could change the same thing (a stage, an indicator's year) the change names what its author
saw, and a change based on something else is refused (:class:`Conflict`): optimistic locking
without a version column.
"""

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit import services as audit
from ..core.errors import Conflict, DomainError, NotAllowed
from ..core.unique import insert_missing
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

# Numeric(18, 2): at most 16 digits before the point.
MAX_AMOUNT = Decimal("9999999999999999.99")
YEARS = (1900, 2200)
PERIOD_LENGTH = 100
DOCUMENT_LENGTH = 300
REPORT_LENGTH = 10000


def is_late(stage: Stage, today: date) -> bool:
    """THE rule for a late stage: its planned end has passed and it has no actual end."""
    return stage.ends_on is not None and stage.ends_on < today and stage.actual_end is None


# Progress is recorded from the forum on (where the projects are recommended) until the
# session is archived.
PROGRESS_STATES = (SessionState.FORUM, SessionState.IMPLEMENTATION)


def session_takes_progress(strategic_session: StrategicSession) -> bool:
    """The session is at the forum or in implementation: progress may be recorded."""
    return strategic_session.state in PROGRESS_STATES


def can_record_progress(user, project: Project, strategic_session: StrategicSession) -> bool:
    """The project's group and the facilitator record the progress of a project recommended
    for the forum, while the session is at the forum or in implementation."""
    return (
        project.state == ProjectState.RECOMMENDED
        and session_takes_progress(strategic_session)
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
    audit.update_recorded(
        stage,
        {"actual_start": actual_start, "actual_end": actual_end, "status": status},
        strategic_session=strategic_session,
        summary=f"{stage.project.display_title}: {stage.title}",
        user=user,
    )
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
    created = actual is None
    if created:
        actual = IndicatorActual(indicator_id=indicator.id, year=year)
        db.session.add(actual)
    audit.update_recorded(
        actual,
        {"year": year, "value": amount},
        strategic_session=strategic_session,
        summary=f"{indicator.project.display_title}: {indicator.name}, {year}",
        action="create" if created else "update",
        created=created,
        user=user,
    )
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
) -> SecuredFunding | None:
    """Record money secured for the project (million roubles) and the document securing it;
    the row added, or ``None`` if the same money (source, date, amount and document) is
    recorded already: the form sent twice adds it once."""
    _check_may_record(user, project, strategic_session)
    amount = _amount(amount, "amount")
    document = (document or "").strip()
    if len(document) > DOCUMENT_LENGTH:
        raise DomainError(_("The text is too long."), field="document")
    values = {"funding_source_id": funding_source_id, "secured_on": secured_on}
    values |= {"amount": amount, "document": document}
    row = _added(SecuredFunding, project, "secured_funding", values)
    if row is not None:
        audit.record(
            "create",
            row,
            strategic_session=strategic_session,
            summary=project.display_title,
            changes=audit.compare({}, _described_funding(row)),
            user=user,
        )
    return row


def _added(model, project: Project, collection: str, values: dict):
    """A new ``model`` row of the project (in its ``collection``) with ``values``, or ``None``
    if a unique constraint holds one already (:func:`insert_missing`)."""
    added = insert_missing(model, [{"project_id": project.id, **values}], model.id)
    db.session.expire(project, [collection])
    return db.session.get(model, added[0].id) if added else None


def _described_funding(row: SecuredFunding) -> dict:
    """Money secured as its audit entry shows it: the source by its title."""
    return {
        "funding_source": row.funding_source.title if row.funding_source else None,
        "secured_on": row.secured_on,
        "amount": row.amount,
        "document": row.document,
    }


def add_report(
    user,
    project: Project,
    strategic_session: StrategicSession,
    *,
    period: str,
    text: str,
    reported_on: date | None = None,
) -> ProgressReport | None:
    """Add a short progress report for a period, signed by ``user`` and dated ``reported_on``
    (default: today); ``None`` if this very report is added already (the form sent twice).

    :raise DomainError: another report for the period is added already (one per period).
    """
    _check_may_record(user, project, strategic_session)
    period, text = _report_values(period, text)
    values = {"period": period, "reported_on": reported_on or date.today(), "text": text}
    report = _added(ProgressReport, project, "progress_reports", values | {"author_id": user.id})
    if report is None:
        held = db.session.execute(
            sa.select(ProgressReport.text).filter_by(project_id=project.id, period=period)
        ).scalar_one()
        if held != text:
            raise DomainError(_("A report for this period is added already."), field="period")
        return None
    audit.record(
        "create",
        report,
        strategic_session=strategic_session,
        summary=f"{project.display_title}: {period}",
        changes=audit.compare({}, values),
        user=user,
    )
    return report


def _report_values(period, text) -> tuple[str, str]:
    """A report's period and text, trimmed and checked (required, not too long)."""
    period, text = (period or "").strip(), (text or "").strip()
    if not period:
        raise DomainError(_("This field is required."), field="period")
    if len(period) > PERIOD_LENGTH:
        raise DomainError(_("The text is too long."), field="period")
    if not text:
        raise DomainError(_("This field is required."), field="text")
    if len(text) > REPORT_LENGTH:
        raise DomainError(_("The text is too long."), field="text")
    return period, text


def report_token(report: ProgressReport) -> str:
    """What a report reads now, as its edit form carries it to detect a change meanwhile."""
    return hashlib.sha256(f"{report.period}\0{report.text}".encode()).hexdigest()[:32]


def edit_report(
    user,
    report: ProgressReport,
    strategic_session: StrategicSession,
    *,
    period: str,
    text: str,
    seen: str,
) -> bool:
    """Correct a report's period and text; whether anything changed (an audit entry then).

    ``seen`` is the :func:`report_token` its author saw: a report changed since by someone else
    is refused, never overwritten — the change is made by one statement that matches only the
    report as it was read. The same correction sent twice changes nothing the second time.

    :raise Conflict: the report changed meanwhile. :raise DomainError: at the field (empty,
        too long, or a period another report of the project has).
    """
    project = report.project
    _check_may_record(user, project, strategic_session)
    period, text = _report_values(period, text)
    before = {"period": report.period, "text": report.text}
    after = {"period": period, "text": text}
    if after == before:
        return False  # sent unchanged, or the same correction sent twice
    if report_token(report) != seen:
        raise Conflict(_("Someone else changed this report meanwhile. Reload the page."))
    taken = db.session.scalar(
        sa.select(ProgressReport.id).where(
            ProgressReport.project_id == project.id,
            ProgressReport.period == period,
            ProgressReport.id != report.id,
        )
    )
    if taken is not None:
        raise DomainError(_("A report for this period is added already."), field="period")
    moved = db.session.execute(
        sa.update(ProgressReport)
        .where(
            ProgressReport.id == report.id,
            ProgressReport.period == before["period"],
            ProgressReport.text == before["text"],
        )
        .values(after)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not moved:
        raise Conflict(_("Someone else changed this report meanwhile. Reload the page."))
    db.session.expire(report)
    audit.record(
        "update",
        report,
        strategic_session=strategic_session,
        summary=f"{project.display_title}: {period}",
        changes=audit.compare(before, after),
        user=user,
    )
    return True
