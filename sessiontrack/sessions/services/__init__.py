"""Session rules: creating and setting up a session, its lifecycle, its structure.

Each state change checks what it must, mutates, flushes and writes the audit entry; the
request's unit of work commits once. Refusals raise :class:`~sessiontrack.core.errors.DomainError`
with a message for the user.

Callers use the package as one module (``from ..sessions import services``); each submodule
holds one part of the set-up.
"""

from .copying import COPIED_CRITERION_FIELDS, COPIED_SETTINGS, copy_session
from .facilitators import appoint_facilitator, facilitators_of, remove_facilitator
from .lifecycle import (
    LIFECYCLE,
    LIFECYCLE_ACTIONS,
    advance_session,
    move_session_back,
    next_state,
    previous_state,
)
from .settings import (
    FORUM_FIELDS,
    SETTINGS_FIELDS,
    SLUG_PATTERN,
    create_session,
    save_forum,
    session_counts,
    update_session,
)
from .structure import (
    PRIORITY_FIELDS,
    add_direction,
    add_group,
    add_priority,
    delete_direction,
    delete_group,
    delete_priority,
    direction_kept_by,
    directions_with_groups,
    group_kept_by,
    groups_of,
    move_direction,
    move_group,
    move_priority,
    priorities_of,
    project_counts,
    update_direction,
    update_group,
    update_priority,
)

__all__ = [
    "COPIED_CRITERION_FIELDS",
    "COPIED_SETTINGS",
    "FORUM_FIELDS",
    "LIFECYCLE",
    "LIFECYCLE_ACTIONS",
    "PRIORITY_FIELDS",
    "SETTINGS_FIELDS",
    "SLUG_PATTERN",
    "add_direction",
    "add_group",
    "add_priority",
    "advance_session",
    "appoint_facilitator",
    "copy_session",
    "create_session",
    "delete_direction",
    "delete_group",
    "delete_priority",
    "direction_kept_by",
    "directions_with_groups",
    "facilitators_of",
    "group_kept_by",
    "groups_of",
    "move_direction",
    "move_group",
    "move_priority",
    "move_session_back",
    "next_state",
    "previous_state",
    "priorities_of",
    "project_counts",
    "remove_facilitator",
    "save_forum",
    "session_counts",
    "update_direction",
    "update_group",
    "update_priority",
    "update_session",
]
