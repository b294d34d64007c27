"""Imports every model so that the mapper registry and migrations see the whole schema."""

from .agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from .api.models import ApiToken, TokenScope
from .audit.models import AuditEntry
from .auth.models import User
from .exports.models import ExportJob, ExportJobState
from .notifications.models import EmailChoice, Notification, NotificationKind, SentReminder
from .people.models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from .portfolio.models import PortfolioReader
from .projects.models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    SecuredFunding,
    Stage,
    StageStatus,
)
from .reference.models import FundingSource, NationalProject, NationalProjectStatus
from .review.models import (
    Conflict,
    ConflictSource,
    Criterion,
    ForumFund,
    InvestorInterest,
    PitchSlots,
    Score,
    Scorecard,
    ScorecardState,
)
from .sessions.models import (
    Direction,
    Forum,
    ReviewState,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)

__all__ = [
    "AgendaItem",
    "ApiToken",
    "AuditEntry",
    "Conflict",
    "ConflictSource",
    "Criterion",
    "Decision",
    "DecisionStatus",
    "Direction",
    "EmailChoice",
    "ExpertKind",
    "ExportJob",
    "ExportJobState",
    "Forum",
    "ForumFund",
    "FundingSource",
    "Indicator",
    "IndicatorActual",
    "InvestorInterest",
    "NationalProject",
    "NationalProjectStatus",
    "Notification",
    "NotificationKind",
    "Organisation",
    "OrganisationKind",
    "Participant",
    "ParticipantRole",
    "PitchSlots",
    "PortfolioReader",
    "ProgressReport",
    "Project",
    "ProjectPartner",
    "ProjectRevision",
    "ProjectState",
    "ResourceKind",
    "ResourceNeed",
    "ResourceStatus",
    "ReviewState",
    "Score",
    "Scorecard",
    "ScorecardState",
    "SecuredFunding",
    "SentReminder",
    "SessionState",
    "Stage",
    "StageStatus",
    "StrategicSession",
    "StrategyPriority",
    "Talk",
    "TokenScope",
    "User",
    "WorkingGroup",
]
