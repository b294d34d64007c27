"""The session's front page and its set-up: settings, forum, strategy priorities, lifecycle,
copy, directions and working groups.

This module is the blueprint's route table; the view functions live in its submodules, one per
part of the set-up. An endpoint is named after its view function (``sessions.overview``).
"""

from flask import Blueprint

from . import groups, priorities, setup, structure

bp = Blueprint("sessions", __name__, url_prefix="/s/<slug>")

# (rule, view function, methods), in the order they are matched.
ROUTES = [
    ("/", setup.overview, ["GET"]),
    ("/settings", setup.settings, ["GET", "POST"]),
    ("/forum", setup.forum, ["GET", "POST"]),
    ("/lifecycle", setup.lifecycle, ["GET"]),
    ("/lifecycle/advance", setup.advance, ["POST"]),
    ("/lifecycle/back", setup.move_back, ["POST"]),
    ("/copy", setup.copy, ["GET", "POST"]),
    ("/priorities", priorities.priorities, ["GET", "POST"]),
    ("/priorities/<int:priority_id>/edit", priorities.edit_priority, ["GET", "POST"]),
    ("/priorities/<int:priority_id>/delete", priorities.delete_priority, ["POST"]),
    ("/priorities/<int:priority_id>/move", priorities.move_priority, ["POST"]),
    ("/directions", structure.directions, ["GET", "POST"]),
    ("/directions/<int:direction_id>/edit", structure.edit_direction, ["GET", "POST"]),
    ("/directions/<int:direction_id>/move", structure.move_direction, ["POST"]),
    ("/directions/<int:direction_id>/delete", structure.delete_direction, ["POST"]),
    ("/directions/<int:direction_id>/groups/new", structure.new_group, ["GET", "POST"]),
    ("/groups/<int:group_id>", groups.group, ["GET"]),
    ("/groups/<int:group_id>/edit", structure.edit_group, ["GET", "POST"]),
    ("/groups/<int:group_id>/move", structure.move_group, ["POST"]),
    ("/groups/<int:group_id>/delete", structure.delete_group, ["POST"]),
    ("/groups/<int:group_id>/members", groups.add_group_member, ["POST"]),
    (
        "/groups/<int:group_id>/members/<int:participant_id>/remove",
        groups.remove_group_member,
        ["POST"],
    ),
]

for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)
