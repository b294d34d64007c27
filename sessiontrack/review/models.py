"""Criteria, scorecards (one per expert × project), scores, conflicts, investor interest."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin, UTCDateTime, utcnow
from ..extensions import db


class ScorecardState(TitledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    __titles__ = {"draft": _l("Draft"), "submitted": _l("Submitted")}


class ConflictSource(TitledEnum):
    DETECTED = "detected"
    DECLARED = "declared"

    __titles__ = {"detected": _l("Detected"), "declared": _l("Declared by the expert")}


class ParticipationForm(TitledEnum):
    """How an investor would take part in a project."""

    INVESTMENT = "investment"
    LOAN = "loan"
    CO_FINANCING = "co_financing"
    PARTNERSHIP = "partnership"
    GRANT = "grant"

    __titles__ = {
        "investment": _l("Investment"),
        "loan": _l("Loan"),
        "co_financing": _l("Co-financing"),
        "partnership": _l("Partnership"),
        "grant": _l("Grant"),
    }


class Criterion(db.Model):
    """A review criterion: weight, scale and a description of each level of the scale.

    ``counted`` false means "reported, not counted": shown beside the total, weight zero.
    """

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    weight: Mapped[float] = mapped_column(default=1.0)
    counted: Mapped[bool] = mapped_column(default=True)
    scale_min: Mapped[int] = mapped_column(default=0)
    scale_max: Mapped[int] = mapped_column(default=10)
    # {"0": "no alignment", "5": "...", "10": "..."}: a description per level (some may be absent).
    level_descriptions: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        sa.UniqueConstraint("session_id", "title"),
        # Scores point at (id, scale_min, scale_max) so the database checks each score's range.
        sa.UniqueConstraint("id", "scale_min", "scale_max", name="uq_criterion_id_scale"),
        sa.CheckConstraint("scale_max > scale_min", name="scale_in_order"),
        sa.CheckConstraint("weight >= 0", name="weight_not_negative"),
        sa.CheckConstraint(
            "(counted AND weight > 0) OR (NOT counted AND weight = 0)",
            name="counted_weight_positive",
        ),
    )

    @property
    def described_levels(self) -> list[tuple[int, str]]:
        """(level, description) for each described level, lowest first."""
        return sorted((int(level), text) for level, text in (self.level_descriptions or {}).items())


class Scorecard(TimestampMixin, db.Model):
    """One expert's review of one project; its existence is the assignment."""

    __tablename__ = "scorecard"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ScorecardState] = mapped_column(
        enum_column(ScorecardState), default=ScorecardState.DRAFT
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(default=1)
    # Kept when the scores are written (review.services.totals): the 0–100 total of the scored
    # counted criteria (None while none is), and the values by criterion id (as text).
    total: Mapped[float | None] = mapped_column(sa.Float)
    criterion_values: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    project = relationship("Project")
    expert = relationship("Participant")
    scores = relationship(
        "Score", back_populates="scorecard", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        sa.UniqueConstraint("project_id", "expert_id"),
        # Covers the ranking's read of a session's totals (read from the index alone).
        sa.Index("ix_scorecard_project_state_total", "project_id", "state", "total", "expert_id"),
    )

    @classmethod
    def in_session(cls, session_id: int):
        """A scorecard belongs to the session of its project."""
        return cls.project.has(session_id=session_id)


class Score(db.Model):
    """A score for one criterion on one scorecard, inside the criterion's scale."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(sa.ForeignKey("scorecard.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(index=True)
    scale_min: Mapped[int]
    scale_max: Mapped[int]
    value: Mapped[int]

    scorecard = relationship("Scorecard", back_populates="scores")
    criterion = relationship(
        "Criterion", foreign_keys=[criterion_id], primaryjoin="Score.criterion_id == Criterion.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("scorecard_id", "criterion_id"),
        # Covers the results' scan of a session's scores (read from the index alone).
        sa.Index("ix_score_scorecard_criterion_value", "scorecard_id", "criterion_id", "value"),
        sa.ForeignKeyConstraint(
            ["criterion_id", "scale_min", "scale_max"],
            ["criterion.id", "criterion.scale_min", "criterion.scale_max"],
            ondelete="CASCADE",
            onupdate="CASCADE",
            name="fk_score_criterion_scale",
        ),
        sa.CheckConstraint("value BETWEEN scale_min AND scale_max", name="value_in_scale"),
    )


class Conflict(db.Model):
    """A conflict of interest between an expert and a project (declared or detected)."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[ConflictSource] = mapped_column(enum_column(ConflictSource))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    expert = relationship("Participant")
    project = relationship("Project")

    __table_args__ = (sa.UniqueConstraint("expert_id", "project_id"),)


class InvestorInterest(db.Model):
    """An investor's interest in a project: the form of participation, an amount range in
    millions of roubles (either end may be open), the project's stage they would join, a note."""

    __tablename__ = "investor_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    form: Mapped[ParticipationForm] = mapped_column(
        enum_column(ParticipationForm), default=ParticipationForm.PARTNERSHIP
    )
    amount_from: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 2))
    amount_to: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 2))
    stage_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stage.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    expert = relationship("Participant")
    project = relationship("Project")
    stage = relationship("Stage")

    __table_args__ = (
        sa.UniqueConstraint("expert_id", "project_id"),
        sa.CheckConstraint(
            "amount_from IS NULL OR amount_from >= 0", name="interest_from_not_negative"
        ),
        sa.CheckConstraint(
            "amount_from IS NULL OR amount_to IS NULL OR amount_from <= amount_to",
            name="interest_range_ordered",
        ),
    )

    @classmethod
    def in_session(cls, session_id: int):
        """An interest belongs to the session of its project."""
        return cls.project.has(session_id=session_id)


class ForumFund(db.Model):
    """The money the forum can offer from one funding source in one year, in millions of
    roubles (the unit of every figure of money, :mod:`...projects.summaries`)."""

    __tablename__ = "forum_fund"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    funding_source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_source.id", ondelete="CASCADE")
    )
    year: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(18, 2))

    funding_source = relationship("FundingSource")

    __table_args__ = (
        sa.UniqueConstraint("session_id", "funding_source_id", "year"),
        sa.CheckConstraint("amount >= 0", name="fund_not_negative"),
    )


class PitchSlots(db.Model):
    """How many projects of one direction can be pitched at the forum (no row: no limit)."""

    __tablename__ = "pitch_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    direction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("direction.id", ondelete="CASCADE"), unique=True
    )
    slots: Mapped[int | None]

    __table_args__ = (sa.CheckConstraint("slots >= 0", name="slots_not_negative"),)


class AdoptedPackage(db.Model):
    """The package the facilitator adopted as the forum's decision (one per session): when and
    by whom, the funds and slots it was built within, and the fingerprint of the proposal."""

    __tablename__ = "adopted_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), unique=True
    )
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    adopted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # {"funds": {"source id/year": "amount"}, "slots": {"direction id": "slots"}} at adoption.
    limits: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))

    adopted_by = relationship("User")
    projects = relationship(
        "AdoptedProject",
        cascade="all, delete-orphan",
        order_by="AdoptedProject.position",
        back_populates="package",
    )


class AdoptedProject(db.Model):
    """A project of the adopted package, in the package's order (by rank)."""

    __tablename__ = "adopted_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        sa.ForeignKey("adopted_package.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    package = relationship("AdoptedPackage", back_populates="projects")
    project = relationship("Project")

    __table_args__ = (sa.UniqueConstraint("package_id", "project_id"),)
