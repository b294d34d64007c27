"""The tables of the expert review: raw scores, results by project, the ranking. Only a scope
with scores gets them (:data:`.table_model.SCORE_TABLES`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from ..review import aggregation
from ..review.queries import session_experts
from . import data, results
from .table_model import (
    DATETIME,
    INTEGER,
    SCORE,
    TABLE_TITLES,
    Column,
    Table,
    project_columns,
)

if TYPE_CHECKING:
    from .tables import SessionTables


def scores(tables: SessionTables) -> Table:
    """One row per submitted scorecard: expert × project, a column per criterion (the rows of
    :func:`score_rows`, held in a list: for the workbook)."""
    return Table(
        "scores", str(TABLE_TITLES["scores"]), score_columns(tables), list(score_rows(tables))
    )


def score_columns(tables: SessionTables) -> list[Column]:
    """The columns of the raw-scores table: who, which project, a column per criterion."""
    return [
        Column(_("Expert")),
        Column(_("Expert or investor")),
        Column(_("Organisation")),
        *project_columns(),
        Column(_("Direction")),
        *[Column(criterion.title, INTEGER) for criterion in tables.criteria],
        Column(_("Scorecard total (0–100)"), SCORE),
        Column(_("Comment")),
        Column(_("Submitted on"), DATETIME),
    ]


def score_rows(tables: SessionTables) -> Iterator[list]:
    """The raw-scores table's rows, one per submitted scorecard, produced as they are read
    from the database (:func:`.data.stream_submitted_scorecards`): the CSV streams them.

    Reads the criteria and the experts at once (before the first row is asked for); the
    scorecards' query runs at the first ``next()``.
    """
    criteria = tables.criteria
    # What is said of an expert, worked out once per expert rather than once per row.
    experts = {
        expert.id: [
            expert.full_name,
            expert.expert_kind.title if expert.expert_kind else None,
            expert.organisation.name if expert.organisation else None,
        ]
        for expert in session_experts(tables.strategic_session)
    }
    # Plain values for the thousands of totals below (not the ORM's instrumented ones).
    counted = [
        aggregation.CriterionInfo(
            c.id, c.title, c.weight, c.counted, c.scale_min, c.scale_max, c.position
        )
        for c in criteria
    ]
    criterion_ids = [criterion.id for criterion in criteria]
    return _score_rows(tables.scope, experts, counted, criterion_ids)


def _score_rows(scope, experts: dict, counted: list, criterion_ids: list[int]) -> Iterator[list]:
    for scorecard in data.stream_submitted_scorecards(scope):
        values = scorecard.values
        yield [
            *experts[scorecard.expert_id],
            scorecard.project_id,
            scorecard.project_title,
            scorecard.direction_title,
            *[values.get(criterion_id) for criterion_id in criterion_ids],
            results.scorecard_total(counted, values),
            scorecard.comment,
            scorecard.submitted_at,
        ]


def results_by_project(tables: SessionTables) -> Table:
    """One row per reviewed project: its scorecards' statistics, criterion means and ranks."""
    criteria = tables.criteria
    table = Table(
        "results",
        str(TABLE_TITLES["results"]),
        [
            *project_columns(),
            Column(_("Direction")),
            Column(_("Scorecards"), INTEGER),
            Column(_("Mean"), SCORE),
            Column(_("Median"), SCORE),
            Column(_("Standard deviation"), SCORE),
            Column(_("Minimum"), SCORE),
            Column(_("Maximum"), SCORE),
            *[Column(_("Mean: %(criterion)s", criterion=c.title), SCORE) for c in criteria],
            Column(_("Flags")),
            Column(_("Rank"), INTEGER),
            Column(_("Rank in direction"), INTEGER),
        ],
    )
    for result in tables.results.projects:
        table.rows.append(
            [
                result.project_id,
                result.title,
                result.direction_title,
                result.n,
                result.mean,
                result.median,
                result.stdev,
                result.minimum,
                result.maximum,
                *[result.criterion_mean(c.id) for c in criteria],
                result.flags_text,
                result.rank,
                result.direction_rank,
            ]
        )
    return table


def ranking(tables: SessionTables) -> Table:
    """The projects in rank order with their score, scorecards and state."""
    table = Table(
        "ranking",
        str(TABLE_TITLES["ranking"]),
        [
            Column(_("Rank"), INTEGER),
            *project_columns(),
            Column(_("Direction")),
            Column(_("Rank in direction"), INTEGER),
            Column(_("Score (0–100)"), SCORE),
            Column(_("Scorecards"), INTEGER),
            Column(_("Flags")),
            Column(_("State")),
            Column(_("In the forum's package")),
        ],
    )
    states = {project.id: project.state.title for project in tables.project_list}
    yes = _("yes")
    for result in tables.results.projects:
        table.rows.append(
            [
                result.rank,
                result.project_id,
                result.title,
                result.direction_title,
                result.direction_rank,
                result.mean,
                result.n,
                result.flags_text,
                states.get(result.project_id),
                yes if result.project_id in tables.results.in_package else None,
            ]
        )
    return table
