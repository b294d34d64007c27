"""Rules for the session's organisations and participants, their accounts and groups.

Each change checks what it must, mutates, flushes and writes the audit entry; the request's
unit of work commits.
Refusals raise :class:`~sessiontrack.core.errors.DomainError` with a message for the user.

Callers use the package as one module (``from ..people import services``); each submodule
holds one part: the participants, the organisations, participants' accounts, group membership.
"""

from ..models import GROUP_ROLES
from .accounts import create_account
from .groups import assign_to_group, group_people, remove_from_group
from .organisations import (
    ORGANISATION_FIELDS,
    add_organisation,
    delete_organisation,
    organisation_kept_by,
    organisations_of,
    organisations_with_counts,
    update_organisation,
)
from .participants import (
    GROUP_NEEDED,
    PARTICIPANT_FIELDS,
    ParticipantFilters,
    add_participant,
    counts_by_organisation_kind,
    delete_participant,
    describe,
    participant_kept_by,
    participants_of,
    participants_page,
    update_participant,
)

__all__ = [
    "GROUP_NEEDED",
    "GROUP_ROLES",
    "ORGANISATION_FIELDS",
    "PARTICIPANT_FIELDS",
    "ParticipantFilters",
    "add_organisation",
    "add_participant",
    "assign_to_group",
    "counts_by_organisation_kind",
    "create_account",
    "delete_organisation",
    "delete_participant",
    "describe",
    "group_people",
    "organisation_kept_by",
    "organisations_of",
    "organisations_with_counts",
    "participant_kept_by",
    "participants_of",
    "participants_page",
    "remove_from_group",
    "update_organisation",
    "update_participant",
]
