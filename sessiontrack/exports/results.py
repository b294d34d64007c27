"""The review's results as the exports show them, from the one module that computes them.

Every figure comes from :func:`sessiontrack.review.aggregation.compute_results`; this module only
chooses the method the session asked for, keeps the projects a reader may see and names flags.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..review import adoption, aggregation
from ..sessions.models import StrategicSession


@dataclass(frozen=True)
class ResultRow:
    """A project's figures (see :class:`~sessiontrack.review.aggregation.ProjectResult`)."""

    result: aggregation.ProjectResult

    def __getattr__(self, name):
        return getattr(self.result, name)

    @property
    def flags_text(self) -> str:
        """The project's result flags by title, separated by semicolons."""
        return "; ".join(str(aggregation.FLAG_TITLES[flag]) for flag in sorted(self.result.flags))

    def criterion_mean(self, criterion_id: int) -> float | None:
        """The raw mean of a criterion, counted or only reported."""
        if criterion_id in self.result.criterion_means:
            return self.result.criterion_means[criterion_id]
        return self.result.reported_means.get(criterion_id)


@dataclass
class Results:
    """The ranked results of the projects a reader may see."""

    method: str
    tie_break: str
    projects: list[ResultRow]
    by_project: dict[int, ResultRow] = field(default_factory=dict)
    # The projects of the package adopted as the forum's decision (:mod:`...review.adoption`).
    in_package: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.by_project = {row.project_id: row for row in self.projects}


def method_of(strategic_session: StrategicSession) -> str:
    """The method the session ranks by (:func:`.aggregation.session_method`)."""
    return aggregation.session_method(strategic_session)


def for_session(strategic_session: StrategicSession, project_ids: Collection[int]) -> Results:
    """The session's results, ranked over every reviewed project, kept for ``project_ids``.

    Ranks are the session's ranks: a reader who sees fewer projects sees the same rank numbers.
    """
    computed = aggregation.results_for(strategic_session, method=method_of(strategic_session))
    return Results(
        method=computed.method_title,
        tie_break=str(computed.tie_break),
        projects=[ResultRow(row) for row in computed.projects if row.project_id in project_ids],
        in_package=adoption.adopted_project_ids(strategic_session),
    )


def scorecard_total(criteria, values: Mapping[int, int]) -> float | None:
    """A scorecard's 0–100 total, or ``None`` when it scores no counted criterion."""
    try:
        return aggregation.scorecard_total(values, criteria)
    except ValueError:
        return None


@dataclass(frozen=True)
class ProjectScores:
    """What a document prints of a project's published review: its figures, the criteria they
    are broken down by, and the experts' comments (without names)."""

    result: ResultRow
    criteria: tuple
    comments: tuple[str, ...] = ()


def project_scores(results: Results, criteria, scorecards) -> dict[int, ProjectScores]:
    """Project id → :class:`ProjectScores` for every project that has results.

    :param scorecards: the submitted scorecards whose comments go with their projects.
    """
    comments: dict[int, list[str]] = {}
    for scorecard in scorecards:
        if scorecard.comment.strip():
            comments.setdefault(scorecard.project_id, []).append(scorecard.comment.strip())
    return {
        row.project_id: ProjectScores(row, tuple(criteria), tuple(comments.get(row.project_id, ())))
        for row in results.projects
    }
