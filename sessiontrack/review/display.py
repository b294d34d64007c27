"""The results as the results page prints them: each project's row formatted once.

A row of a dozen figures costs a template more to format and escape than the database to
compute. Here each row's figure cells are formatted and escaped once per computed result and
language (and kept with it, :meth:`~.aggregation.SessionResults.lines_for`); the template
only places them and adds what depends on the reader (the forum's decision buttons).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..core.numbers import DASH as NONE
from ..core.numbers import score
from ..projects.models import ProjectState
from . import charts
from .aggregation.results import FLAG_TITLES

FLAG_BADGES = {"disagreement": "text-bg-danger", "too_few": "text-bg-warning"}
STATE_BADGES = {
    ProjectState.RECOMMENDED: "text-bg-success",
    ProjectState.NOT_RECOMMENDED: "text-bg-secondary",
}

# The figure cells of a row, from the rank to the last criterion (every value escaped).
CELLS = (
    "<td>{rank}</td><td>{direction_rank}</td>"
    '<td class="review-project-cell"><a href="{link}">{title}</a><br>'
    '<small class="text-body-secondary">{direction_title}</small></td>'
    '<td class="text-end">{n}</td><td class="text-end"><strong>{mean}</strong>{raw_mean}</td>'
    '<td class="text-end">{median}</td><td class="text-end">{stdev}</td>'
    '<td class="text-end">{minimum}</td><td class="text-end">{maximum}</td>'
    "<td>{strip}</td><td>{flags}</td>{criteria}"
)
RAW_MEAN = '<br><small class="text-body-secondary" title="{title}">{value}</small>'
FLAG = '<span class="badge {badge} me-1">{title}</span>'
CRITERION = '<td class="text-end">{}</td>'


@dataclass(frozen=True, slots=True)
class Line:
    """One project's row of the results table: its figure cells as HTML, and its state."""

    project_id: int
    state: ProjectState
    cells: Markup
    badge: str

    @property
    def recommended(self) -> bool:
        """Whether the forum recommended the project."""
        return self.state == ProjectState.RECOMMENDED

    @property
    def not_recommended(self) -> bool:
        """Whether the forum did not recommend the project."""
        return self.state == ProjectState.NOT_RECOMMENDED


def line(p, criteria, link: Callable[[int], str], *, zscore: bool, score=score) -> Line:
    """The :class:`Line` of one project's result ``p``: ``criteria`` are the results', ``link``
    gives the URL of a project's review, ``zscore`` adds the raw mean under the mean; ``score``
    formats a figure (:func:`..core.numbers.score_format` for many lines)."""
    means = p.means.of(p.project_id)
    raw_mean = ""
    if zscore and p.raw_mean is not None:
        raw_mean = RAW_MEAN.format(title=escape(_("raw mean")), value=escape(score(p.raw_mean)))
    cells = CELLS.format(
        rank=p.rank or NONE,
        direction_rank=p.direction_rank or NONE,
        link=escape(link(p.project_id)),
        title=escape(p.display_title),
        direction_title=escape(p.direction_title),
        n=p.n,
        mean=escape(score(p.mean)),
        raw_mean=raw_mean,
        median=escape(score(p.median)),
        stdev=escape(score(p.stdev)),
        minimum=escape(score(p.minimum)),
        maximum=escape(score(p.maximum)),
        strip=charts.distribution_strip(p),
        flags="".join(
            FLAG.format(
                badge=FLAG_BADGES.get(flag, "text-bg-warning"), title=escape(FLAG_TITLES[flag])
            )
            for flag in sorted(p.flags)
        ),
        criteria="".join(CRITERION.format(escape(score(means.get(c.id)))) for c in criteria),
    )
    return Line(
        project_id=p.project_id,
        state=p.state,
        cells=Markup(cells),  # noqa: S704  # nosec B704 - every value above is escaped
        badge=STATE_BADGES.get(p.state, "text-bg-light"),
    )


FORUM_CELL = (
    '<td class="text-nowrap sticky-end"><span class="badge {badge}">{state}</span>'
    "{package}{buttons}</td>"
)
PACKAGE = '<br><span class="badge text-bg-success in-package">{}</span>'
BUTTONS = '<div class="d-flex gap-1 mt-1 d-print-none review-decision">{}</div>'
BUTTON = (
    '<button type="submit" form="decisions" formaction="{action}" name="recommended" '
    'value="{value}" class="btn btn-sm {style}">{label}</button>'
)


def forum_cells(lines, *, state_titles, in_package, decide_url=None) -> list[Markup]:
    """Each row's «Forum» cell: the project's state (``state_titles``), «in the forum's
    package» for the projects ``in_package``, and for the facilitator (``decide_url`` given)
    the buttons that recommend the project or not. The words are translated once a page."""
    package = PACKAGE.format(escape(_("In the forum's package")))
    states = {state: escape(title) for state, title in state_titles.items()}
    recommend, do_not = escape(_("Recommend")), escape(_("Do not recommend"))
    cells = []
    for row in lines:
        buttons = ""
        if decide_url is not None:
            action = escape(decide_url(row.project_id))
            choices = []
            if not row.recommended:
                choices.append(
                    BUTTON.format(
                        action=action, value="yes", style="btn-outline-success", label=recommend
                    )
                )
            if not row.not_recommended:
                choices.append(
                    BUTTON.format(
                        action=action, value="no", style="btn-outline-secondary", label=do_not
                    )
                )
            buttons = BUTTONS.format("".join(choices))
        cells.append(
            Markup(  # noqa: S704  # nosec B704 - every value is escaped
                FORUM_CELL.format(
                    badge=row.badge,
                    state=states[row.state],
                    package=package if row.project_id in in_package else "",
                    buttons=buttons,
                )
            )
        )
    return cells
