"""Expert review pages: the facilitator's set-up and progress, the experts' scoring, results.

This module is the blueprint's route table; the view functions live in its submodules, one per
part of the review. An endpoint is named after its view function (``review.overview``).
"""

from flask import Blueprint

from .. import charts
from . import assignment, package, paper, results, scoring, setup

bp = Blueprint("review", __name__, url_prefix="/s/<slug>/review")

bp.add_app_template_global(charts.ranking_chart, "ranking_chart")

# (rule, view function, methods), in the order they are matched.
ROUTES = [
    ("/", setup.overview, ["GET"]),
    ("/investors", setup.investors, ["GET"]),
    ("/investors.xlsx", setup.investors_xlsx, ["GET"]),
    ("/investors.pdf", setup.investors_pdf, ["GET"]),
    ("/settings", setup.settings, ["GET", "POST"]),
    ("/open", setup.open_review, ["POST"]),
    ("/close", setup.close_review, ["POST"]),
    ("/publish", setup.publish_results, ["POST"]),
    ("/criteria", setup.criteria, ["GET"]),
    ("/criteria/new", setup.new_criterion, ["GET", "POST"]),
    ("/criteria/<int:criterion_id>", setup.edit_criterion, ["GET", "POST"]),
    ("/criteria/<int:criterion_id>/delete", setup.delete_criterion, ["POST"]),
    ("/criteria/defaults", setup.default_criteria, ["POST"]),
    ("/criteria/reopen", setup.reopen_criteria, ["POST"]),
    ("/assignments", assignment.assignments, ["GET"]),
    ("/assignments/all", assignment.assign_all, ["POST"]),
    ("/assignments/balanced", assignment.assign_balanced, ["POST"]),
    ("/assignments/add", assignment.assign_one, ["POST"]),
    ("/assignments/<int:scorecard_id>/remove", assignment.unassign, ["POST"]),
    ("/conflicts/detect", assignment.detect_conflicts, ["POST"]),
    ("/scorecards/<int:scorecard_id>/reopen", assignment.reopen_scorecard, ["POST"]),
    ("/my", scoring.my_projects, ["GET"]),
    ("/scorecards/<int:scorecard_id>", scoring.scorecard, ["GET", "POST"]),
    ("/scorecards/<int:scorecard_id>/draft", scoring.save_draft, ["POST"]),
    ("/conflicts", scoring.declare_conflict, ["POST"]),
    ("/interest", scoring.mark_interest, ["POST"]),
    ("/interest/<int:interest_id>/withdraw", scoring.withdraw_interest, ["POST"]),
    ("/results", results.results, ["GET"]),
    ("/results/panels", results.panels, ["GET"]),
    ("/results/<int:project_id>/decision", results.decide, ["POST"]),
    ("/projects/<int:project_id>", results.feedback, ["GET"]),
    ("/package", package.package, ["GET", "POST"]),
    ("/package/adopt", package.adopt_package, ["POST"]),
    ("/package/withdraw", package.withdraw_package, ["POST"]),
    ("/paper/<int:expert_id>", paper.paper_sheet, ["GET"]),
    ("/paper/<int:expert_id>/sheet.xlsx", paper.paper_xlsx, ["GET"]),
    ("/paper/<int:expert_id>/upload", paper.paper_upload, ["POST"]),
]

for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)
