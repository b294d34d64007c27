"""How the audit log names objects, actions, fields and stored values in the interface."""

from flask_babel import lazy_gettext as _l

from ..agenda.models import DecisionStatus
from ..people.models import ExpertKind, OrganisationKind, ParticipantRole
from ..sessions.models import SessionRole, SessionState

OBJECT_TYPES = {
    "strategic_session": _l("Session"),
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
}

FIELDS = {
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
}

# Stored enum values shown by their titles, per (object type, field).
ENUMS = {
    ("strategic_session", "state"): SessionState,
    ("membership", "role"): SessionRole,
    ("participant", "role"): ParticipantRole,
    ("participant", "expert_kind"): ExpertKind,
    ("organisation", "kind"): OrganisationKind,
    ("decision", "status"): DecisionStatus,
}


def object_type_title(object_type: str) -> str:
    return str(OBJECT_TYPES.get(object_type, object_type))


def action_title(action: str) -> str:
    return str(ACTIONS.get(action, action))


def field_title(field: str) -> str:
    return str(FIELDS.get(field, field))


def value_title(object_type: str, field: str, value) -> str:
    """A stored value as the interface shows it: enum titles, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, list):
        return ", ".join(value_title(object_type, field, item) for item in value)
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
        title = field_title(field)
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
