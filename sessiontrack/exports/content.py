"""What the PDF and DOCX documents say, as labelled fields and tables both lay out.

The passport's order and labels follow the government's project passport (Decree No. 1288 of
31 Oct 2018) that officials know: name, direction, problem, goal, results, timeframe,
organisations, responsible person, alignment, risks; then indicators, resources, key stages.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..projects.models import (
    DEFAULT_MONEY_UNIT,
    Project,
    ProjectState,
)
from ..projects.summaries import Money, project_totals
from . import formatting as fmt


@dataclass
class SimpleTable:
    """Headers, rows of text and optional totals row, ready to lay out."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    totals: list[str] | None = None
    # Relative column widths.
    widths: tuple = ()


def passport_fields(project: Project, state: ProjectState | None = None) -> list[tuple[str, str]]:
    """(label, text) pairs of the passport's scalar fields, in the passport's order; ``state``
    is the one the reader may see (by default the project's)."""
    partners = "\n".join(
        partner.organisation.name + (f" — {partner.contribution}" if partner.contribution else "")
        for partner in project.partners
    )
    responsible = project.responsible_person
    if project.responsible_position:
        responsible = f"{responsible}, {project.responsible_position}"
    return [
        (_("Full title"), project.title),
        (_("Short title"), project.short_title or fmt.DASH),
        (_("Direction"), project.direction.title),
        (_("Working group"), project.working_group.title if project.working_group else fmt.DASH),
        (_("State"), (state or project.state).title),
        (_("Problem"), project.problem or fmt.DASH),
        (_("Goal"), project.goal or fmt.DASH),
        (_("Expected results"), project.expected_results or fmt.DASH),
        (_("Timeframe"), fmt.years(project.start_year, project.end_year)),
        (
            _("Lead organisation"),
            project.lead_organisation.name if project.lead_organisation else fmt.DASH,
        ),
        (_("Partner organisations"), partners or fmt.DASH),
        (_("Responsible person"), responsible or fmt.DASH),
        (
            _("National projects"),
            "\n".join(np.title for np in project.national_projects) or fmt.DASH,
        ),
        (
            _("Strategy priorities"),
            "\n".join(sp.title for sp in project.strategy_priorities) or fmt.DASH,
        ),
        (_("Risks"), project.risks or fmt.DASH),
    ]


def indicator_table(project: Project) -> SimpleTable:
    """A project's indicators as a table: name, unit, baseline, target, year."""
    return SimpleTable(
        headers=[_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Year")],
        rows=[
            [
                row.name,
                row.unit,
                fmt.amount(row.baseline),
                fmt.amount(row.target),
                str(row.year or fmt.DASH),
            ]
            for row in project.indicators
        ],
        widths=(5, 2, 1.5, 1.5, 1),
    )


def resource_table(project: Project) -> SimpleTable:
    """Resources by kind, source and year, each row's need, secured part and gap
    (:class:`~..projects.summaries.Money`), and the financial totals in million roubles."""
    table = SimpleTable(
        headers=[
            _("Kind"),
            _("Description"),
            _("Funding source"),
            _("Year"),
            _("Need"),
            _("Secured"),
            _("Gap"),
            _("Unit"),
        ],
        widths=(2.0, 2.8, 2.6, 1.0, 1.7, 1.7, 1.7, 1.5),
    )
    for row in project.resources:
        money = Money.of(row.status, row.amount)
        table.rows.append(
            [
                row.kind.title,
                row.description,
                row.funding_source.title if row.funding_source else fmt.DASH,
                str(row.year or fmt.DASH),
                fmt.amount(money.need),
                fmt.amount(money.secured),
                fmt.amount(money.gap),
                row.unit,
            ]
        )
    totals = project_totals(project)
    if totals.by_source:
        total = totals.total
        table.totals = [
            _("Financial resources, total"),
            "",
            "",
            "",
            fmt.amount(total.need),
            fmt.amount(total.secured),
            fmt.amount(total.gap),
            DEFAULT_MONEY_UNIT,
        ]
    return table


def stage_table(project: Project) -> SimpleTable:
    """A project's stages as a table: title, dates, deliverable, responsible, status."""
    return SimpleTable(
        headers=[_("Stage"), _("Dates"), _("Deliverable"), _("Responsible"), _("Status")],
        rows=[
            [
                row.title,
                fmt.dates(row.starts_on, row.ends_on),
                row.deliverable,
                row.responsible_organisation.display_name
                if row.responsible_organisation
                else fmt.DASH,
                row.status.title,
            ]
            for row in project.stages
        ],
        widths=(3, 2.6, 3, 2.2, 1.9),
    )


def decision_table(decisions) -> SimpleTable:
    """The session's decisions: what, who is responsible, by when, status."""
    return SimpleTable(
        headers=[_("No."), _("Decision"), _("Responsible"), _("Due"), _("Status")],
        rows=[
            [
                str(number),
                decision.text,
                ", ".join(
                    filter(
                        None,
                        [
                            decision.responsible,
                            decision.responsible_organisation.display_name
                            if decision.responsible_organisation
                            else "",
                        ],
                    )
                )
                or fmt.DASH,
                fmt.day(decision.due_on),
                decision.status.title,
            ]
            for number, decision in enumerate(decisions, start=1)
        ],
        widths=(0.7, 6.6, 3.5, 2, 2.3),
    )


def speaker(participant) -> str:
    """A speaker as the minutes name them: name, position, organisation."""
    parts = [participant.full_name, participant.position]
    if participant.organisation is not None:
        parts.append(participant.organisation.display_name)
    return ", ".join(part for part in parts if part)


def score_fields(scores) -> list[tuple[str, str]]:
    """A project's published figures as label / value rows (see :class:`.results.ProjectScores`)."""
    result = scores.result
    rows = [
        (_("Score (0–100)"), fmt.score(result.mean)),
        (_("Rank"), str(result.rank) if result.rank else fmt.DASH),
        (_("Rank in direction"), str(result.direction_rank) if result.direction_rank else fmt.DASH),
        (_("Scorecards"), str(result.n)),
        (_("Median"), fmt.score(result.median)),
        (_("Standard deviation"), fmt.score(result.stdev)),
        (_("Minimum – maximum"), f"{fmt.score(result.minimum)} – {fmt.score(result.maximum)}"),
    ]
    if result.flags_text:
        rows.append((_("Flags"), result.flags_text))
    for criterion in scores.criteria:
        rows.append(
            (
                criterion.title,
                _(
                    "%(mean)s on a scale of %(min)d–%(max)d",
                    mean=fmt.score(result.criterion_mean(criterion.id)),
                    min=criterion.scale_min,
                    max=criterion.scale_max,
                ),
            )
        )
    return rows
