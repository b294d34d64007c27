"""What a session's JSON document is: its ``format`` and ``schema_version``, the error that refuses
a file, and the keys of every object with the rule that converts each value (see
``docs/json-format.md``)."""

from dataclasses import dataclass

from flask_babel import gettext as _

from ...agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from ...auth.models import User
from ...catalogue.settings import PUBLIC_PARTS
from ...core.errors import DomainError
from ...people.models import (
    ACCESS_ROLES,
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from ...projects.models import (
    Indicator,
    ProgressReport,
    Project,
    ProjectPartner,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    SecuredFunding,
    Stage,
    StageStatus,
)
from ...review.models import ConflictSource, Criterion, ParticipationForm, ScorecardState
from ...sessions.models import (
    Direction,
    Forum,
    ReviewState,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from .fields import (
    BadValue,
    Field,
    boolean,
    choice,
    clock,
    column,
    day,
    day_counts,
    decimal,
    integer,
    levels,
    mapping,
    moment,
    number,
    rows,
    slug,
    text,
    text_list,
    weight,
)

FORMAT = "sessiontrack.session"
# 2: the participants alone say who is in the session with which role, group and account;
# version 1 files also list "memberships" (account, role, group), read into the participants.
SCHEMA_VERSION = 3
GENERATOR = "sessiontrack"


class ImportRefused(DomainError):
    """The file was not imported (422, at the form's ``file`` field); ``errors`` lists the
    problems found, each with where in the file."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message, field="file")
        self.errors = errors or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.errors])


@dataclass(frozen=True)
class UnreadableNumber:
    """A number of the file that no column can hold (too many digits, beyond 64 bits, NaN or
    infinite), left in its place so that the check names where it is
    (:func:`.json_checks.check`)."""

    text: str


KEY = Field(text())
REF = Field(text(nullable=True), required=False)


SESSION_FIELDS = {
    "slug": Field(slug),
    "title": Field(text(column(StrategicSession, "title"))),
    "description": Field(text(), False, ""),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "place": Field(text(column(StrategicSession, "place")), False, ""),
    "strategy_title": Field(text(column(StrategicSession, "strategy_title")), False, ""),
    "strategy_description": Field(text(), False, ""),
    "state": Field(choice(SessionState)),
    "is_demo": Field(boolean, False, False),
    "projects_published": Field(boolean, False, False),
    "review": Field(mapping, False, {}),
    "catalogue_shows": Field(mapping, False, {}),
}
REVIEW_FIELDS = {
    "state": Field(choice(ReviewState), False, ReviewState.NOT_OPENED),
    "deadline": Field(moment, False),
    "min_scorecards": Field(integer(), False, 2),
    "disagreement_stdev": Field(number, False, 15.0),
    "disagreement_range": Field(number, False, 40.0),
    "normalise_scores": Field(boolean, False, False),
    "criteria_locked": Field(boolean, False, False),
    "reminder_days": Field(day_counts, False, [3, 1]),
    "returned_reminder_days": Field(integer(), False, 3),
}
# What the public catalogue shows: absent in files of older versions, the defaults.
CATALOGUE_SHOWS_FIELDS = {part.key: Field(boolean, False, part.default) for part in PUBLIC_PARTS}
FORUM_FIELDS = {
    "name": Field(text(column(Forum, "name"))),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "place": Field(text(column(Forum, "place")), False, ""),
}
USER_FIELDS = {
    "email": Field(text(column(User, "email"))),
    "name": Field(text(column(User, "name")), False, ""),
}
PRIORITY_FIELDS = {
    "key": KEY,
    "title": Field(text(column(StrategyPriority, "title"))),
    "description": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
    "is_demo": Field(boolean, False, False),
}
ORGANISATION_FIELDS = {
    "key": KEY,
    "name": Field(text(column(Organisation, "name"))),
    "short_name": Field(text(column(Organisation, "short_name")), False, ""),
    "kind": Field(choice(OrganisationKind)),
    "description": Field(text(), False, ""),
    "is_demo": Field(boolean, False, False),
}
DIRECTION_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Direction, "title"))),
    "description": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
}
GROUP_FIELDS = {
    "key": KEY,
    "direction": Field(text()),
    "title": Field(text(column(WorkingGroup, "title"))),
    "position": Field(integer(), False, 0),
}


def _membership_role(value) -> ParticipantRole:
    """A version 1 membership's role: one of the roles that let an account in."""
    role = choice(ParticipantRole)(value)
    if role not in ACCESS_ROLES:
        raise BadValue(
            _(
                "one of %(values)s expected",
                values=", ".join(r.value for r in ParticipantRole if r in ACCESS_ROLES),
            )
        )
    return role


# Version 1 only (see :func:`.check.fold_memberships`).
MEMBERSHIP_FIELDS = {
    "user": Field(text()),
    "role": Field(_membership_role),
    "working_group": REF,
}
PARTICIPANT_FIELDS = {
    "key": KEY,
    "full_name": Field(text(column(Participant, "full_name"))),
    "organisation": REF,
    "position": Field(text(column(Participant, "position")), False, ""),
    "email": Field(text(column(Participant, "email"), nullable=True), False),
    "phone": Field(text(column(Participant, "phone")), False, ""),
    "role": Field(choice(ParticipantRole)),
    "expert_kind": Field(lambda value: None if value is None else choice(ExpertKind)(value), False),
    "working_group": REF,
    "user": REF,
    "is_demo": Field(boolean, False, False),
}
AGENDA_FIELDS = {
    "key": KEY,
    "title": Field(text(column(AgendaItem, "title"))),
    "starts_at": Field(clock, False),
    "ends_at": Field(clock, False),
    "description": Field(text(), False, ""),
    "notes": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
    "talks": Field(rows, False, []),
}
TALK_FIELDS = {
    "speaker": REF,
    "title": Field(text(column(Talk, "title"))),
    "key_points": Field(text(), False, ""),
    "position": Field(integer(), False, 0),
}
DECISION_FIELDS = {
    "agenda_item": REF,
    "text": Field(text()),
    "responsible": Field(text(column(Decision, "responsible")), False, ""),
    "responsible_organisation": REF,
    "due_on": Field(day, False),
    "status": Field(choice(DecisionStatus), False, DecisionStatus.OPEN),
    "position": Field(integer(), False, 0),
    "is_demo": Field(boolean, False, False),
}
CRITERION_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Criterion, "title"))),
    "description": Field(text(), False, ""),
    "weight": Field(weight),
    "counted": Field(boolean, False, True),
    "scale_min": Field(integer()),
    "scale_max": Field(integer()),
    "level_descriptions": Field(levels, False, {}),
    "position": Field(integer(), False, 0),
}
PROJECT_FIELDS = {
    "key": KEY,
    "title": Field(text(column(Project, "title"))),
    "short_title": Field(text(column(Project, "short_title")), False, ""),
    "direction": Field(text()),
    "working_group": REF,
    "problem": Field(text(), False, ""),
    "goal": Field(text(), False, ""),
    "expected_results": Field(text(), False, ""),
    "start_year": Field(integer(nullable=True), False),
    "end_year": Field(integer(nullable=True), False),
    "lead_organisation": REF,
    "responsible_person": Field(text(column(Project, "responsible_person")), False, ""),
    "responsible_position": Field(text(column(Project, "responsible_position")), False, ""),
    "risks": Field(text(), False, ""),
    "state": Field(choice(ProjectState)),
    "remarks": Field(text(), False, ""),
    "is_demo": Field(boolean, False, False),
    "created_by": REF,
    "submitted_at": Field(moment, False),
    "partners": Field(rows, False, []),
    "national_projects": Field(text_list, False, []),
    "strategy_priorities": Field(text_list, False, []),
    "indicators": Field(rows, False, []),
    "resources": Field(rows, False, []),
    "stages": Field(rows, False, []),
    "revisions": Field(rows, False, []),
    # After the forum (optional: a file without them has no progress recorded).
    "secured_funding": Field(rows, False, []),
    "progress_reports": Field(rows, False, []),
}
PARTNER_FIELDS = {
    "organisation": Field(text()),
    "contribution": Field(text(column(ProjectPartner, "contribution")), False, ""),
}
INDICATOR_FIELDS = {
    "name": Field(text(column(Indicator, "name"))),
    "unit": Field(text(column(Indicator, "unit")), False, ""),
    "baseline": Field(decimal(nullable=True), False),
    "target": Field(decimal(nullable=True), False),
    "year": Field(integer(nullable=True), False),
    "position": Field(integer(), False, 0),
    "actuals": Field(rows, False, []),
}
ACTUAL_FIELDS = {
    "year": Field(integer()),
    "value": Field(decimal()),
}
SECURED_FUNDING_FIELDS = {
    "funding_source": Field(text()),
    "secured_on": Field(day),
    "amount": Field(decimal(minimum=0)),
    "document": Field(text(column(SecuredFunding, "document")), False, ""),
}
PROGRESS_REPORT_FIELDS = {
    "period": Field(text(column(ProgressReport, "period"))),
    "reported_on": Field(day),
    "text": Field(text()),
    "author": REF,
    "created_at": Field(moment),
}
RESOURCE_FIELDS = {
    "kind": Field(choice(ResourceKind)),
    "description": Field(text(column(ResourceNeed, "description")), False, ""),
    "amount": Field(decimal(minimum=0)),
    "unit": Field(text(column(ResourceNeed, "unit")), False, ""),
    "year": Field(integer(nullable=True), False),
    "funding_source": REF,
    "status": Field(choice(ResourceStatus), False, ResourceStatus.REQUESTED),
    "position": Field(integer(), False, 0),
}
STAGE_FIELDS = {
    "title": Field(text(column(Stage, "title"))),
    "starts_on": Field(day, False),
    "ends_on": Field(day, False),
    "deliverable": Field(text(column(Stage, "deliverable")), False, ""),
    "responsible_organisation": REF,
    "status": Field(choice(StageStatus), False, StageStatus.PLANNED),
    "position": Field(integer(), False, 0),
    "actual_start": Field(day, False),
    "actual_end": Field(day, False),
}
REVISION_FIELDS = {
    "number": Field(integer()),
    "created_at": Field(moment),
    "created_by": REF,
    "snapshot": Field(mapping),
}
SCORECARD_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "state": Field(choice(ScorecardState)),
    "comment": Field(text(), False, ""),
    "submitted_at": Field(moment, False),
    "scores": Field(mapping, False, {}),
}
CONFLICT_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "source": Field(choice(ConflictSource)),
    "reason": Field(text(), False, ""),
    "created_at": Field(moment, False),
}
# The investor's terms (form, amount range, stage: its index in the project's «stages») are
# optional keys: a file written before them still reads, as a partnership with no amounts.
INTEREST_FIELDS = {
    "expert": Field(text()),
    "project": Field(text()),
    "form": Field(choice(ParticipationForm), False, ParticipationForm.PARTNERSHIP),
    "amount_from": Field(decimal(nullable=True, minimum=0), False),
    "amount_to": Field(decimal(nullable=True, minimum=0), False),
    "stage": Field(integer(nullable=True), False),
    "note": Field(text(), False, ""),
    "created_at": Field(moment, False),
}
# The forum's funds and pitch slots (the package builder's limits): optional keys of version 2.
FUND_FIELDS = {
    "funding_source": Field(text()),
    "year": Field(integer()),
    "amount": Field(decimal(minimum=0)),
}
SLOT_FIELDS = {
    "direction": Field(text()),
    "slots": Field(integer(nullable=True), False),
}
# The package adopted as the forum's decision: optional, absent or null when none is.
ADOPTED_FIELDS = {
    "adopted_at": Field(moment, False),
    "projects": Field(text_list),
}
TOP_LEVEL = {
    "format": Field(text()),
    "schema_version": Field(integer()),
    "session": Field(mapping),
    "forum": Field(lambda value: None if value is None else mapping(value), False),
    "users": Field(rows, False, []),
    "strategy_priorities": Field(rows, False, []),
    "organisations": Field(rows, False, []),
    "directions": Field(rows, False, []),
    "working_groups": Field(rows, False, []),
    "participants": Field(rows, False, []),
    "agenda": Field(rows, False, []),
    "decisions": Field(rows, False, []),
    "criteria": Field(rows, False, []),
    "projects": Field(rows, False, []),
    "scorecards": Field(rows, False, []),
    "conflicts": Field(rows, False, []),
    "investor_interest": Field(rows, False, []),
    "forum_funds": Field(rows, False, []),
    "pitch_slots": Field(rows, False, []),
    "adopted_package": Field(lambda value: None if value is None else mapping(value), False),
}
# A version 1 file also lists the accounts' roles apart from the participants.
TOP_LEVEL_V1 = {**TOP_LEVEL, "memberships": Field(rows, False, [])}
