"""Blank scoring sheets: one sheet per project with each criterion, its levels and space for the
score, for an expert or left blank."""

from flask_babel import gettext as _

from ...projects.models import Project
from ...sessions.models import StrategicSession
from .. import formatting as fmt
from .document import MUTED, Document, Progress


def scoring_sheets_pdf(
    strategic_session: StrategicSession,
    criteria: list,
    sheets: list[tuple[str, list[Project]]],
    progress: Progress = None,
) -> bytes:
    """Blank scoring sheets: for each (expert name or blank, projects) one sheet per project
    with every criterion, its weight, scale and level descriptions, and boxes to fill in."""
    pdf = Document(_("Scoring sheets: %(session)s", session=strategic_session.title))
    total = sum(len(projects) for _n, projects in sheets)
    done = 0
    if not total:
        pdf.add_page()
        pdf.heading(_("Scoring sheets"))
        pdf.paragraph(_("There are no projects to score."))
    for expert_name, projects in sheets:
        for project in projects:
            pdf.add_page()
            render_scoring_sheet(pdf, strategic_session, criteria, project, expert_name)
            done += 1
            if progress is not None:
                progress(done, total)
    return bytes(pdf.output())


def render_scoring_sheet(pdf: Document, strategic_session, criteria, project, expert_name):
    """One project's paper scoring sheet for an expert (a blank line when unnamed)."""
    pdf.paragraph(_("Scoring sheet") + " · " + strategic_session.title, size=8, colour=MUTED)
    pdf.ln(1)
    pdf.heading(project.title, size=13)
    pdf.paragraph(
        _(
            "Project No. %(number)d · %(direction)s",
            number=project.id,
            direction=project.direction.title,
        ),
        size=9,
        colour=MUTED,
    )
    pdf.ln(2)
    pdf.paragraph(_("Expert: %(name)s", name=expert_name or "_" * 40))
    pdf.ln(2)
    rows = []
    for criterion in criteria:
        title = criterion.title
        if not criterion.counted:
            title += "\n" + _("(reported, not counted)")
        rows.append(
            [
                title,
                fmt.amount(criterion.weight),
                f"{criterion.scale_min}–{criterion.scale_max}",
                _levels(criterion),
                "",
            ]
        )
    pdf.rows_table(
        rows,
        widths=(5, 1.3, 1.4, 8, 1.6),
        header=[_("Criterion"), _("Weight"), _("Scale"), _("Levels"), _("Score")],
        size=8,
        min_height=12,
    )
    pdf.ensure_space(70)
    pdf.paragraph(_("Comment for the forum and the group:"))
    pdf.set_draw_color(160)
    for _line in range(6):
        pdf.ln(7)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.set_draw_color(0)
    pdf.ln(10)
    pdf.paragraph(_("Signature: ____________________    Date: ____________"))


def _levels(criterion) -> str:
    descriptions = criterion.level_descriptions or {}
    lines = [
        f"{level}: {descriptions[level]}"
        for level in sorted(
            descriptions, key=lambda value: int(value) if value.lstrip("-").isdigit() else 0
        )
        if descriptions[level]
    ]
    if criterion.description:
        lines.insert(0, criterion.description)
    return "\n".join(lines) or fmt.DASH
