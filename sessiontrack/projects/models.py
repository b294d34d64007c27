"""The priority project (приоритетный проект) and its passport's repeatable parts."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin, UTCDateTime, utcnow
from ..extensions import db


class ProjectState(TitledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    WITHDRAWN = "withdrawn"

    __titles__ = {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "returned": _l("Returned for revision"),
        "accepted": _l("Accepted for review"),
        "recommended": _l("Recommended for the forum"),
        "not_recommended": _l("Not recommended"),
        "withdrawn": _l("Withdrawn"),
    }


class ResourceKind(TitledEnum):
    FINANCIAL = "financial"
    LAND = "land"
    INFRASTRUCTURE = "infrastructure"
    STAFF = "staff"
    LEGAL = "legal"
    ORGANISATIONAL = "organisational"

    __titles__ = {
        "financial": _l("Financial"),
        "land": _l("Land"),
        "infrastructure": _l("Infrastructure and premises"),
        "staff": _l("Staff"),
        "legal": _l("Legal and regulatory"),
        "organisational": _l("Organisational"),
    }


class ResourceStatus(TitledEnum):
    REQUESTED = "requested"
    SECURED = "secured"

    __titles__ = {"requested": _l("Requested"), "secured": _l("Secured")}


# Financial amounts are given in one of these units; totals are shown in millions of roubles.
MONEY_UNITS = {
    "руб.": Decimal("0.000001"),
    "тыс. руб.": Decimal("0.001"),
    "млн руб.": Decimal(1),
    "млрд руб.": Decimal(1000),
}
DEFAULT_MONEY_UNIT = "млн руб."
_MONEY_UNIT_SPELLINGS = {
    "руб.": ("руб", "рублей", "р", "₽", "rub", "rur", "roubles", "rubles"),
    "тыс. руб.": ("тыс руб", "тыс рублей", "тыс ₽", "thousand rub", "k rub", "thousand roubles"),
    "млн руб.": ("млн руб", "млн рублей", "млн ₽", "million rub", "mln rub", "million roubles"),
    "млрд руб.": ("млрд руб", "млрд рублей", "млрд ₽", "billion rub", "bln rub", "billion roubles"),
}
_MONEY_UNITS_BY_SPELLING = {
    spelling: unit for unit, spellings in _MONEY_UNIT_SPELLINGS.items() for spelling in spellings
}


def money_unit(text: str | None) -> str | None:
    """The money unit ``text`` names («млн. руб», "mln RUB" → «млн руб.»), the default unit
    for an empty text, ``None`` for anything else."""
    key = " ".join((text or "").casefold().replace(".", " ").split())
    if not key:
        return DEFAULT_MONEY_UNIT
    return _MONEY_UNITS_BY_SPELLING.get(key)


class StageStatus(TitledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    __titles__ = {
        "planned": _l("Planned"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
    }


project_national_project = sa.Table(
    "project_national_project",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "national_project_id",
        sa.ForeignKey("national_project.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
)

project_strategy_priority = sa.Table(
    "project_strategy_priority",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "strategy_priority_id",
        sa.ForeignKey("strategy_priority.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Project(TimestampMixin, db.Model):
    """A priority project proposal and its passport (after Decree No. 1288 of 31 Oct 2018)."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    direction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("direction.id", ondelete="RESTRICT"), index=True
    )
    working_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("working_group.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(500))
    short_title: Mapped[str] = mapped_column(sa.String(120), default="")
    problem: Mapped[str] = mapped_column(sa.Text, default="")
    goal: Mapped[str] = mapped_column(sa.Text, default="")
    expected_results: Mapped[str] = mapped_column(sa.Text, default="")
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]
    lead_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    responsible_person: Mapped[str] = mapped_column(sa.String(200), default="")
    responsible_position: Mapped[str] = mapped_column(sa.String(300), default="")
    risks: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[ProjectState] = mapped_column(
        enum_column(ProjectState), default=ProjectState.DRAFT, index=True
    )
    # The facilitator's remarks when the project was last returned for revision.
    remarks: Mapped[str] = mapped_column(sa.Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking: a save based on an older version is refused.
    version_id: Mapped[int] = mapped_column(default=1)

    strategic_session = relationship("StrategicSession")
    direction = relationship("Direction")
    working_group = relationship("WorkingGroup")
    lead_organisation = relationship("Organisation")
    partners = relationship(
        "ProjectPartner", back_populates="project", cascade="all, delete-orphan"
    )
    indicators = relationship(
        "Indicator",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="Indicator.position",
    )
    resources = relationship(
        "ResourceNeed",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ResourceNeed.position",
    )
    stages = relationship(
        "Stage", back_populates="project", cascade="all, delete-orphan", order_by="Stage.position"
    )
    national_projects = relationship(
        "NationalProject", secondary=project_national_project, order_by="NationalProject.position"
    )
    strategy_priorities = relationship(
        "StrategyPriority",
        secondary=project_strategy_priority,
        order_by="StrategyPriority.position",
    )
    revisions = relationship(
        "ProjectRevision",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectRevision.number",
    )
    secured_funding = relationship(
        "SecuredFunding",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="SecuredFunding.id",
    )
    progress_reports = relationship(
        "ProgressReport",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProgressReport.id",
    )

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        sa.CheckConstraint(
            "start_year IS NULL OR end_year IS NULL OR end_year >= start_year",
            name="timeframe_in_order",
        ),
        sa.CheckConstraint(
            "start_year IS NULL OR (start_year BETWEEN 1900 AND 2200)", name="start_year_range"
        ),
        sa.CheckConstraint(
            "end_year IS NULL OR (end_year BETWEEN 1900 AND 2200)", name="end_year_range"
        ),
    )

    @property
    def display_title(self) -> str:
        """The short title, or the title when there is none."""
        return self.short_title or self.title

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.display_title!r}>"


class ProjectPartner(db.Model):
    """A partner organisation of a project and what it brings (сложение усилий)."""

    __tablename__ = "project_partner"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    contribution: Mapped[str] = mapped_column(sa.String(500), default="")

    project = relationship("Project", back_populates="partners")
    organisation = relationship("Organisation")


class Indicator(db.Model):
    """A target indicator of the expected results: baseline, target, year."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(300))
    unit: Mapped[str] = mapped_column(sa.String(50), default="")
    baseline: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 2))
    target: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 2))
    year: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    project = relationship("Project", back_populates="indicators")
    actuals = relationship(
        "IndicatorActual",
        back_populates="indicator",
        cascade="all, delete-orphan",
        order_by="IndicatorActual.year",
    )


class ResourceNeed(db.Model):
    """A resource the project needs: kind, amount, unit, year, funding source, status."""

    __tablename__ = "resource_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(18, 2))
    unit: Mapped[str] = mapped_column(sa.String(50), default="")
    year: Mapped[int | None]
    funding_source_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("funding_source.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ResourceStatus] = mapped_column(
        enum_column(ResourceStatus), default=ResourceStatus.REQUESTED
    )
    position: Mapped[int] = mapped_column(default=0)

    project = relationship("Project", back_populates="resources")
    funding_source = relationship("FundingSource")

    __table_args__ = (sa.CheckConstraint("amount >= 0", name="amount_not_negative"),)


class Stage(db.Model):
    """A key stage (ключевой этап / контрольная точка) of a project."""

    __tablename__ = "stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    deliverable: Mapped[str] = mapped_column(sa.String(500), default="")
    responsible_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL")
    )
    status: Mapped[StageStatus] = mapped_column(
        enum_column(StageStatus), default=StageStatus.PLANNED
    )
    position: Mapped[int] = mapped_column(default=0)
    # After the forum: when the stage actually started and ended (реализация).
    actual_start: Mapped[date | None]
    actual_end: Mapped[date | None]

    project = relationship("Project", back_populates="stages")
    responsible_organisation = relationship("Organisation")

    __table_args__ = (
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name="dates_in_order",
        ),
        sa.CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name="actual_dates_in_order",
        ),
    )


class ProjectRevision(db.Model):
    """A snapshot of the passport taken at each submission."""

    __tablename__ = "project_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    snapshot: Mapped[dict] = mapped_column(sa.JSON)

    project = relationship("Project", back_populates="revisions")
    created_by = relationship("User")

    __table_args__ = (sa.UniqueConstraint("project_id", "number"),)


# ----------------------------------------------------------------------------------------------
# After the forum: the implementation of a recommended project (реализация)
# ----------------------------------------------------------------------------------------------


class IndicatorActual(db.Model):
    """The value an indicator actually reached in a year, against its target."""

    __tablename__ = "indicator_actual"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    value: Mapped[Decimal] = mapped_column(sa.Numeric(18, 2))

    indicator = relationship("Indicator", back_populates="actuals")

    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "year"),
        sa.CheckConstraint("year BETWEEN 1900 AND 2200", name="year_range"),
    )


class SecuredFunding(db.Model):
    """Money secured for a project from a funding source on a date, in millions of roubles,
    with the reference of the document that secures it."""

    __tablename__ = "secured_funding"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    funding_source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_source.id", ondelete="RESTRICT"), index=True
    )
    secured_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(18, 2))
    document: Mapped[str] = mapped_column(sa.String(300), default="")

    project = relationship("Project", back_populates="secured_funding")
    funding_source = relationship("FundingSource")

    __table_args__ = (
        sa.CheckConstraint("amount >= 0", name="secured_not_negative"),
        # The same money recorded twice is one form sent twice (a double click).
        sa.UniqueConstraint(
            "project_id",
            "funding_source_id",
            "secured_on",
            "amount",
            "document",
            name="uq_secured_funding_same_money",
        ),
    )


class ProgressReport(db.Model):
    """A short report on a project's implementation for one period (one per period)."""

    __tablename__ = "progress_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(sa.String(100))
    reported_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project = relationship("Project", back_populates="progress_reports")
    author = relationship("User")

    __table_args__ = (sa.UniqueConstraint("project_id", "period"),)
