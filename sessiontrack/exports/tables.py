"""The session's tables, built once for both the XLSX workbook and the CSV files.

Each table is a list of typed columns and rows of plain Python values (text, int, Decimal,
float, date, datetime, None); :mod:`.xlsx` and :mod:`.csv_format` only lay them out. Scores,
results and the ranking are built only when the scope allows them (see
:class:`.data.ExportScope`): before publication no table a non-facilitator can get holds an
expert's score.

What a table is lives in :mod:`.table_model`; the review's tables (scores, results, ranking)
in :mod:`.review_tables`; the passport's tables here.
"""

from functools import cached_property

from flask_babel import gettext as _

from ..projects.summaries import Money, project_totals
from ..review.queries import session_criteria
from . import data, results, review_tables
from .table_model import (
    AMOUNT,
    DATE,
    DATETIME,
    INTEGER,
    SCORE,
    SCORE_TABLES,
    TABLE_NAMES,
    TABLE_TITLES,
    TEXT,
    YEAR,
    Column,
    Table,
    available_tables,
    project_columns,
)

__all__ = [
    "AMOUNT",
    "DATE",
    "DATETIME",
    "INTEGER",
    "SCORE",
    "SCORE_TABLES",
    "TABLE_NAMES",
    "TABLE_TITLES",
    "TEXT",
    "YEAR",
    "Column",
    "SessionTables",
    "Table",
    "available_tables",
]


class SessionTables:
    """Builds the tables of a session for a scope, loading what they share only once."""

    def __init__(self, scope: data.ExportScope):
        self.scope = scope
        self.strategic_session = scope.strategic_session

    def build(self, name: str) -> Table:
        """The table called ``name`` (one of :data:`TABLE_NAMES`).

        :raise PermissionError: for a score table the scope may not see.
        """
        if name not in available_tables(self.scope):
            raise PermissionError(name)
        return getattr(self, f"_{name}")()

    def all(self) -> list[Table]:
        """Every table the scope may see, in the workbook's order."""
        return [self.build(name) for name in available_tables(self.scope)]

    @cached_property
    def projects(self):
        """The scope's projects with their whole passports (loaded once)."""
        return data.load_projects(self.scope)

    @cached_property
    def project_list(self):
        """The projects with their direction and group only, for tables that just name them
        (the whole passports if they are loaded already)."""
        if "projects" in self.__dict__:
            return self.projects
        return data.load_project_list(self.scope)

    @cached_property
    def criteria(self):
        """The session's review criteria in order (read once)."""
        return session_criteria(self.strategic_session)

    @cached_property
    def results(self) -> results.Results | None:
        """The review results of the listed projects, or ``None`` when the scope has no
        scores."""
        if not self.scope.scores:
            return None
        visible = {project.id for project in self.project_list}
        return results.for_session(self.strategic_session, visible)

    def about(self) -> list[tuple[str, object]]:
        """What the workbook is: session, forum, export time, ranking method."""
        s = self.strategic_session
        rows = [
            (_("Session"), s.title),
            (_("Dates"), s.starts_on),
            (_("Place"), s.place),
        ]
        if s.forum is not None:
            rows += [(_("Forum"), s.forum.name), (_("Forum dates"), s.forum.starts_on)]
        rows.append((_("Review"), s.review_state.title))
        if self.results is not None:
            rows += [
                (_("Ranking method"), self.results.method),
                (_("Tie-break"), self.results.tie_break),
            ]
        return rows

    # -- tables -----------------------------------------------------------------------------

    def _projects(self) -> Table:
        columns = [
            Column(_("Project No."), INTEGER),
            Column(_("Full title")),
            Column(_("Short title")),
            Column(_("Direction")),
            Column(_("Working group")),
            Column(_("State")),
            Column(_("Lead organisation")),
            Column(_("Partner organisations")),
            Column(_("Responsible person")),
            Column(_("Position")),
            Column(_("National projects")),
            Column(_("Strategy priorities")),
            Column(_("Start year"), YEAR),
            Column(_("End year"), YEAR),
            Column(_("Problem")),
            Column(_("Goal")),
            Column(_("Expected results")),
            Column(_("Risks")),
            Column(_("Financial need, million roubles"), AMOUNT),
            Column(_("Secured, million roubles"), AMOUNT),
            Column(_("Funding gap, million roubles"), AMOUNT),
        ]
        if self.results is not None:
            columns += [
                Column(_("Score (0–100)"), SCORE),
                Column(_("Rank"), INTEGER),
                Column(_("Rank in direction"), INTEGER),
            ]
        table = Table("projects", str(TABLE_TITLES["projects"]), columns)
        for project in self.projects:
            money = project_totals(project).total.rounded()
            row = [
                project.id,
                project.title,
                project.short_title,
                project.direction.title,
                project.working_group.title if project.working_group else None,
                project.state.title,
                project.lead_organisation.name if project.lead_organisation else None,
                "; ".join(p.organisation.name for p in project.partners),
                project.responsible_person,
                project.responsible_position,
                "; ".join(np.title for np in project.national_projects),
                "; ".join(sp.title for sp in project.strategy_priorities),
                project.start_year,
                project.end_year,
                project.problem,
                project.goal,
                project.expected_results,
                project.risks,
                money.need,
                money.secured,
                money.gap,
            ]
            if self.results is not None:
                result = self.results.by_project.get(project.id)
                row += [
                    result.mean if result else None,
                    result.rank if result else None,
                    result.direction_rank if result else None,
                ]
            table.rows.append(row)
        return table

    def _resources(self) -> Table:
        table = Table(
            "resources",
            str(TABLE_TITLES["resources"]),
            [
                *project_columns(),
                Column(_("Direction")),
                Column(_("Kind")),
                Column(_("Description")),
                Column(_("Funding source")),
                Column(_("Year"), YEAR),
                Column(_("Need"), AMOUNT),
                Column(_("Secured"), AMOUNT),
                Column(_("Gap"), AMOUNT),
                Column(_("Unit")),
            ],
        )
        for project in self.projects:
            for row in project.resources:
                money = Money.of(row.status, row.amount).rounded()
                table.rows.append(
                    [
                        project.id,
                        project.title,
                        project.direction.title,
                        row.kind.title,
                        row.description,
                        row.funding_source.title if row.funding_source else None,
                        row.year,
                        money.need,
                        money.secured,
                        money.gap,
                        row.unit,
                    ]
                )
        return table

    def _stages(self) -> Table:
        table = Table(
            "stages",
            str(TABLE_TITLES["stages"]),
            [
                *project_columns(),
                Column(_("Direction")),
                Column(_("No."), INTEGER),
                Column(_("Stage")),
                Column(_("Start"), DATE),
                Column(_("End"), DATE),
                Column(_("Deliverable")),
                Column(_("Responsible organisation")),
                Column(_("Status")),
            ],
        )
        for project in self.projects:
            for number, row in enumerate(project.stages, start=1):
                table.rows.append(
                    [
                        project.id,
                        project.title,
                        project.direction.title,
                        number,
                        row.title,
                        row.starts_on,
                        row.ends_on,
                        row.deliverable,
                        row.responsible_organisation.name if row.responsible_organisation else None,
                        row.status.title,
                    ]
                )
        return table

    def _indicators(self) -> Table:
        table = Table(
            "indicators",
            str(TABLE_TITLES["indicators"]),
            [
                *project_columns(),
                Column(_("Direction")),
                Column(_("Indicator")),
                Column(_("Unit")),
                Column(_("Baseline"), AMOUNT),
                Column(_("Target"), AMOUNT),
                Column(_("Year"), YEAR),
            ],
        )
        for project in self.projects:
            for row in project.indicators:
                table.rows.append(
                    [
                        project.id,
                        project.title,
                        project.direction.title,
                        row.name,
                        row.unit,
                        row.baseline,
                        row.target,
                        row.year,
                    ]
                )
        return table

    def _scores(self) -> Table:
        return review_tables.scores(self)

    def _results(self) -> Table:
        return review_tables.results_by_project(self)

    def _ranking(self) -> Table:
        return review_tables.ranking(self)
