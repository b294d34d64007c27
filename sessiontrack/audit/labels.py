"""How the audit log names objects, actions, fields and stored values in the interface."""

from flask_babel import lazy_gettext as _l

from ..agenda.models import DecisionStatus
from ..people.models import ExpertKind, OrganisationKind, ParticipantRole
from ..projects.models import ProjectState, StageStatus
from ..projects.passport import FIELDS as PASSPORT_FIELDS
from ..projects.passport import SECTIONS as PASSPORT_SECTIONS
from ..review.models import ScorecardState
from ..review.services import SOURCES
from ..sessions.models import ReviewState, SessionState

OBJECT_TYPES = {
    "strategic_session": _l("Session"),
    # Entries written before the memberships moved into the participant rows keep this type.
    "membership": _l("Membership"),
    "strategy_priority": _l("Strategy priority"),
    "forum": _l("Forum"),
    "direction": _l("Direction"),
    "working_group": _l("Working group"),
    "organisation": _l("Organisation"),
    "participant": _l("Participant"),
    "participant_import": _l("Import of participants"),
    "user_account": _l("User account"),
    "agenda_item": _l("Agenda item"),
    "talk": _l("Talk"),
    "decision": _l("Decision"),
    "project": _l("Project"),
    "criterion": _l("Criterion"),
    "scorecard": _l("Scorecard"),
    "forum_package": _l("Package for the forum"),
    # Implementation after the forum
    "stage": _l("Key stage"),
    "indicator_actual": _l("Indicator's actual value"),
    "secured_funding": _l("Money secured"),
    "progress_report": _l("Progress report"),
    "api_token": _l("API token"),
    "adopted_package": _l("Adopted package of the forum"),
}

ACTIONS = {
    "create": _l("created"),
    "update": _l("edited"),
    "delete": _l("deleted"),
    "move": _l("moved"),
    "advance": _l("moved to the next stage"),
    "move_back": _l("moved back a stage"),
    "copy": _l("copied"),
    "appoint": _l("appointed"),
    "remove": _l("taken off"),
    "create_account": _l("account created"),
    "link_account": _l("linked to an existing account"),
    "assign_group": _l("assigned to a working group"),
    "leave_group": _l("removed from the working group"),
    "import": _l("imported"),
    "deactivate": _l("deactivated"),
    "reactivate": _l("reactivated"),
    "reset_password": _l("password reset"),
    "change_password": _l("password changed"),
    "grant_portfolio": _l("granted portfolio reading"),
    "revoke_portfolio": _l("portfolio reading revoked"),
    "export": _l("exported"),
    "revoke": _l("revoked"),
    # Projects
    "submit": _l("submitted"),
    "return": _l("returned for revision"),
    "accept": _l("accepted for review"),
    "recommend": _l("recommended for the forum"),
    "not_recommend": _l("not recommended"),
    "withdraw": _l("withdrawn"),
    # Expert review
    "criteria_defaults_added": _l("standard criteria added"),
    "criterion_created": _l("created"),
    "criterion_updated": _l("edited"),
    "criterion_deleted": _l("deleted"),
    "criteria_reopened": _l("review set-up reopened: the criteria may change"),
    "review_settings_changed": _l("review settings changed"),
    "review_opened": _l("review opened"),
    "review_closed": _l("review closed"),
    "results_published": _l("results published"),
    "conflicts_detected": _l("conflicts of interest detected"),
    "conflict_declared": _l("conflict of interest declared"),
    "experts_assigned": _l("experts assigned"),
    "expert_assigned": _l("expert assigned"),
    "expert_unassigned": _l("expert no longer assigned"),
    "scorecard_saved": _l("scores saved"),
    "scorecard_submitted": _l("submitted"),
    "scorecard_reopened": _l("reopened"),
    "interest_marked": _l("investor's interest marked"),
    "interest_withdrawn": _l("investor's interest withdrawn"),
    "package_adopted": _l("adopted as the forum's decision"),
    "package_replaced": _l("replaced by another adopted package"),
    "package_withdrawn": _l("adoption withdrawn"),
    "expert_reminded": _l("reminded of the scorecards left"),
}

FIELDS = {
    "projects": _l("Projects"),
    "limits": _l("Funds and pitch slots"),
    "title": _l("Title"),
    "slug": _l("Address"),
    "description": _l("Description"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "place": _l("Place"),
    "strategy_title": _l("Strategy"),
    "strategy_description": _l("About the strategy"),
    "state": _l("Stage"),
    "name": _l("Name"),
    "short_name": _l("Short name"),
    "kind": _l("Kind"),
    "full_name": _l("Full name"),
    "organisation": _l("Organisation"),
    "position": _l("Position"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "role": _l("Role"),
    "expert_kind": _l("Expert kind"),
    "working_group": _l("Working group"),
    "direction": _l("Direction"),
    "starts_at": _l("Starts at"),
    "ends_at": _l("Ends at"),
    "notes": _l("Notes"),
    "speaker": _l("Speaker"),
    "key_points": _l("Key points"),
    "agenda_item": _l("Agenda item"),
    "text": _l("Decision"),
    "responsible": _l("Responsible"),
    "responsible_organisation": _l("Responsible organisation"),
    "due_on": _l("Due"),
    "status": _l("Status"),
    "is_admin": _l("Administrator"),
    "active": _l("Active"),
    "user": _l("Account"),
    "position_in_list": _l("Place in the list"),
    "organisations": _l("New organisations"),
    "created": _l("New participants"),
    "updated": _l("Updated participants"),
    "unchanged": _l("Rows without changes"),
    "skipped": _l("Lines skipped for their problems"),
    "comment": _l("Comment"),
    "note": _l("Note"),
    "source": _l("Entered"),
    "review_state": _l("Review"),
    "catalogue_published_at": _l("Catalogue of projects published"),
    "catalogue_shows_score": _l("Catalogue shows the aggregate score"),
    "catalogue_shows_money": _l("Catalogue shows resources and money"),
    "catalogue_shows_stages": _l("Catalogue shows the key stages"),
    "catalogue_shows_progress": _l("Catalogue shows the implementation progress"),
    "catalogue_shows_interest": _l("Catalogue shows investors' interest"),
    "criteria_locked": _l("Criteria locked"),
    "review_deadline": _l("Review deadline"),
    "reminder_days": _l("Reminders, days before the deadline"),
    "returned_reminder_days": _l("Reminder of a returned project, days after"),
    "review_min_scorecards": _l("Minimum number of scorecards"),
    "disagreement_stdev": _l("Disagreement: standard deviation"),
    "disagreement_range": _l("Disagreement: range"),
    "normalise_scores": _l("Normalised scores"),
    "weight": _l("Weight"),
    "counted": _l("Counted in the score"),
    "scale_min": _l("Scale from"),
    "scale_max": _l("Scale to"),
    "level_descriptions": _l("Scale levels"),
    "assigned": _l("Assignments (expert, project)"),
    "assignment_removed": _l("Assignment removed"),
    "new_assignments": _l("New assignments"),
    "per_project": _l("Experts per project"),
    "max_load": _l("At most projects per expert"),
    "conflicts": _l("Conflicts of interest"),
    "assignments_removed": _l("Assignments removed"),
    "pairs": _l("Pairs (expert, project)"),
    "scores": _l("Scores"),
    "schema_version": _l("Schema version"),
    "actual_start": _l("Actual start"),
    "actual_end": _l("Actual end"),
    "year": _l("Year"),
    "value": _l("Value"),
    "funding_source": _l("Funding source"),
    "secured_on": _l("Secured on"),
    "amount": _l("Amount, million roubles"),
    "document": _l("Document"),
    "period": _l("Period"),
    "reported_on": _l("Reported on"),
}
# Where a field means something else for one kind of object.
FIELDS_OF = {
    ("criterion", "position"): _l("Place in the list"),
    ("project", "state"): _l("State"),
    ("scorecard", "state"): _l("State"),
    ("progress_report", "text"): _l("Report"),
    **{("project", key): title for key, title in PASSPORT_FIELDS.items()},
    **{("project", key): title for key, (title, _columns) in PASSPORT_SECTIONS.items()},
}

# Stored enum values shown by their titles, per (object type, field).
ENUMS = {
    ("strategic_session", "state"): SessionState,
    ("membership", "role"): ParticipantRole,
    ("participant", "role"): ParticipantRole,
    ("participant", "expert_kind"): ExpertKind,
    ("organisation", "kind"): OrganisationKind,
    ("decision", "status"): DecisionStatus,
    ("project", "state"): ProjectState,
    ("scorecard", "state"): ScorecardState,
    ("strategic_session", "review_state"): ReviewState,
    ("stage", "status"): StageStatus,
}
# Stored codes shown by their titles that are not enums, per (object type, field).
CODES = {("scorecard", "source"): SOURCES}


def object_type_title(object_type: str) -> str:
    """The reader's name for an audit entry's kind of object (the key itself if unknown)."""
    return str(OBJECT_TYPES.get(object_type, object_type))


def action_title(action: str) -> str:
    """The reader's name for an audit entry's action (the key itself if unknown)."""
    return str(ACTIONS.get(action, action))


def field_title(field: str, object_type: str = "") -> str:
    """A changed field's name in the reader's language (a criterion's title stays as it is)."""
    return str(FIELDS_OF.get((object_type, field)) or FIELDS.get(field, field))


def value_title(object_type: str, field: str, value) -> str:
    """A stored value as the interface shows it: enum titles, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, list):
        return ", ".join(value_title(object_type, field, item) for item in value)
    codes = CODES.get((object_type, field))
    if codes is not None:
        return str(codes.get(value, value))
    enum_cls = ENUMS.get((object_type, field))
    if enum_cls is not None:
        try:
            return enum_cls(value).title
        except ValueError:
            return str(value)
    return str(value)


def change_rows(entry) -> list[tuple[str, str | None, str]]:
    """``(field, was, now)`` for each change of an entry, as the interface shows them.

    ``was`` is ``None`` for a value that is not a pair (the counts of an import).
    """
    rows = []
    for field, change in (entry.changes or {}).items():
        title = field_title(field, entry.object_type)
        if isinstance(change, list) and len(change) == 2:
            rows.append(
                (
                    title,
                    value_title(entry.object_type, field, change[0]),
                    value_title(entry.object_type, field, change[1]),
                )
            )
        else:
            rows.append((title, None, value_title(entry.object_type, field, change)))
    return rows
