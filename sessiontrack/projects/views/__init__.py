"""Priority projects of a session: list, passport, workflow, revisions, summaries, wrap-up.

This module is the blueprint's route table; the view functions live in its submodules, one per
kind of page. An endpoint is named after its view function (``projects.show``).
"""

from flask import Blueprint

from . import implementation, listing, resources, revisions, workflow, wrapup, writing

bp = Blueprint("projects", __name__, url_prefix="/s/<slug>/projects")

# (rule, view function, methods), in the order they are matched.
ROUTES = [
    ("/", listing.index, ["GET"]),
    ("/new", writing.new, ["GET", "POST"]),
    ("/<int:project_id>/edit", writing.edit, ["GET", "POST"]),
    ("/<int:project_id>", workflow.show, ["GET"]),
    ("/<int:project_id>/submit", workflow.submit, ["POST"]),
    ("/<int:project_id>/return", workflow.return_, ["POST"]),
    ("/<int:project_id>/accept", workflow.accept, ["POST"]),
    ("/<int:project_id>/decision", workflow.decide, ["POST"]),
    ("/<int:project_id>/withdraw", workflow.withdraw, ["POST"]),
    ("/<int:project_id>/compare", revisions.compare, ["GET"]),
    ("/<int:project_id>/implementation", implementation.implementation, ["GET"]),
    (
        "/<int:project_id>/implementation/stages/<int:stage_id>",
        implementation.record_stage,
        ["POST"],
    ),
    ("/<int:project_id>/implementation/indicators", implementation.record_indicator, ["POST"]),
    ("/<int:project_id>/implementation/funding", implementation.add_funding, ["POST"]),
    ("/<int:project_id>/implementation/reports", implementation.add_report, ["POST"]),
    (
        "/<int:project_id>/implementation/reports/<int:report_id>/edit",
        implementation.edit_report,
        ["GET", "POST"],
    ),
    ("/implementation", implementation.portfolio, ["GET"]),
    ("/moderate", workflow.moderate, ["GET", "POST"]),
    ("/resources", resources.resources, ["GET"]),
    ("/resources/sources", resources.sources, ["GET"]),
    ("/alignment", resources.alignment, ["GET"]),
    ("/wrapup", wrapup.wrapup_start, ["GET"]),
    ("/wrapup/<int:direction_id>", wrapup.wrapup, ["GET"]),
]

for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)
