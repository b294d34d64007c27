"""The session's tables, built once for both the XLSX workbook and the CSV files.

Each table is a list of typed columns and rows of plain Python values (text, int, Decimal,
float, date, datetime, None); :mod:`.xlsx` and :mod:`.csv_format` only lay them out. Scores,
results and the ranking are built only when the scope allows them (see
:class:`.data.ExportScope`): before publication no table a non-facilitator can get holds an
expert's score.
"""

from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..projects.summaries import Money, project_totals
from ..review import aggregation
from ..review.queries import session_criteria, session_experts
from . import data, results

# Column kinds, which decide the number format.
TEXT, INTEGER, YEAR, AMOUNT, SCORE, DATE, DATETIME = (
    "text",
    "integer",
    "year",
    "amount",
    "score",
    "date",
    "datetime",
)

TABLE_TITLES = {
    "projects": _l("Projects register"),
    "resources": _l("Resources"),
    "stages": _l("Key stages"),
    "indicators": _l("Target indicators"),
    "scores": _l("Raw scores"),
    "results": _l("Results by project"),
    "ranking": _l("Ranking"),
}
TABLE_NAMES = tuple(TABLE_TITLES)
# Tables that hold experts' scores or what is computed from them.
SCORE_TABLES = frozenset({"scores", "results", "ranking"})


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


def available_tables(scope: data.ExportScope) -> tuple[str, ...]:
    """The tables this scope may see, in the workbook's order."""
    return tuple(name for name in TABLE_NAMES if scope.scores or name not in SCORE_TABLES)


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

    def _project_columns(self) -> list[Column]:
        return [Column(_("Project No."), INTEGER), Column(_("Project"))]

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
                *self._project_columns(),
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
                *self._project_columns(),
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
                *self._project_columns(),
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
        """One row per submitted scorecard: expert × project, a column per criterion."""
        criteria = self.criteria
        table = Table(
            "scores",
            str(TABLE_TITLES["scores"]),
            [
                Column(_("Expert")),
                Column(_("Expert or investor")),
                Column(_("Organisation")),
                *self._project_columns(),
                Column(_("Direction")),
                *[Column(criterion.title, INTEGER) for criterion in criteria],
                Column(_("Scorecard total (0–100)"), SCORE),
                Column(_("Comment")),
                Column(_("Submitted on"), DATETIME),
            ],
        )
        projects = {
            project.id: [project.id, project.title, project.direction.title]
            for project in self.project_list
        }
        # What is said of an expert, worked out once per expert rather than once per row.
        experts = {
            expert.id: [
                expert.full_name,
                expert.expert_kind.title if expert.expert_kind else None,
                expert.organisation.name if expert.organisation else None,
            ]
            for expert in session_experts(self.strategic_session)
        }
        # Plain values for the thousands of totals below (not the ORM's instrumented ones).
        counted = [
            aggregation.CriterionInfo(
                c.id, c.title, c.weight, c.counted, c.scale_min, c.scale_max, c.position
            )
            for c in criteria
        ]
        for scorecard in data.load_submitted_scorecards(self.scope):
            project = projects.get(scorecard.project_id)
            if project is None:
                continue
            values = scorecard.values
            table.rows.append(
                [
                    *experts[scorecard.expert_id],
                    *project,
                    *[values.get(criterion.id) for criterion in criteria],
                    results.scorecard_total(counted, values),
                    scorecard.comment,
                    scorecard.submitted_at,
                ]
            )
        return table

    def _results(self) -> Table:
        criteria = self.criteria
        table = Table(
            "results",
            str(TABLE_TITLES["results"]),
            [
                *self._project_columns(),
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
        for result in self.results.projects:
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

    def _ranking(self) -> Table:
        table = Table(
            "ranking",
            str(TABLE_TITLES["ranking"]),
            [
                Column(_("Rank"), INTEGER),
                *self._project_columns(),
                Column(_("Direction")),
                Column(_("Rank in direction"), INTEGER),
                Column(_("Score (0–100)"), SCORE),
                Column(_("Scorecards"), INTEGER),
                Column(_("Flags")),
                Column(_("State")),
            ],
        )
        states = {project.id: project.state.title for project in self.project_list}
        for result in self.results.projects:
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
                ]
            )
        return table
