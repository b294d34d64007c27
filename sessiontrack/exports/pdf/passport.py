"""The project passport: fields, indicators, resources, stages with their timeline and, after
publication, the scores; drawn on its own or as a section of the forum book."""

from datetime import date

from flask_babel import gettext as _
from fpdf.enums import Align

from ...projects.models import Project, StageStatus
from .. import content
from .document import FAMILY, MUTED, STAGE_COLOURS, Document, truncate


def render_passport(pdf: Document, project: Project, scores=None, state=None) -> None:
    """A project's passport on the current page: fields, indicators, resources, stages with a
    timeline and, when ``scores`` are given (after publication), its results. ``state`` is the
    one the reader may see (by default the project's)."""
    pdf.heading(project.title, size=14)
    pdf.paragraph(
        " · ".join(
            filter(
                None,
                [
                    project.direction.title,
                    project.working_group.title if project.working_group else "",
                    (state or project.state).title,
                ],
            )
        ),
        size=9,
        colour=MUTED,
    )
    pdf.ln(2)
    pdf.fields(content.passport_fields(project, state))
    if project.indicators:
        _subheading(pdf, _("Target indicators"))
        pdf.grid(content.indicator_table(project))
    if project.resources:
        _subheading(pdf, _("Resources"))
        pdf.grid(content.resource_table(project))
    if project.stages:
        _subheading(pdf, _("Key stages"))
        pdf.grid(content.stage_table(project))
        draw_timeline(pdf, project)
    if scores is not None:
        render_scores(pdf, scores)


def _subheading(pdf: Document, text: str) -> None:
    pdf.ensure_space(20)
    pdf.heading(text, size=11, space=1)


def draw_timeline(pdf: Document, project: Project) -> None:
    """The key stages as bars on a time axis, one row per dated stage, years marked."""
    stages = [s for s in project.stages if s.starts_on or s.ends_on]
    if not stages:
        return
    first = min(s.starts_on or s.ends_on for s in stages)
    last = max(s.ends_on or s.starts_on for s in stages)
    start = date(first.year, 1, 1)
    end = date(last.year + 1, 1, 1)
    span = (end - start).days
    label_width, row_height = 55, 5
    left = pdf.l_margin + label_width
    width = pdf.epw - label_width
    height = 6 + row_height * len(stages)
    pdf.ensure_space(height + 12)
    _subheading(pdf, _("Timeline"))
    top = pdf.get_y()
    pdf.set_font(FAMILY, "", 7)
    pdf.set_draw_color(190)
    for year in range(start.year, end.year + 1):
        x = left + width * (date(year, 1, 1) - start).days / span
        pdf.line(x, top + 4, x, top + height)
        if year < end.year:
            pdf.set_xy(x, top)
            pdf.cell(width * 365 / span, 4, str(year), align=Align.C)
    for index, stage in enumerate(stages):
        y = top + 6 + index * row_height
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_width - 2, row_height - 1, truncate(pdf, stage.title, label_width - 3))
        begin = stage.starts_on or stage.ends_on
        finish = stage.ends_on or stage.starts_on
        x0 = left + width * (begin - start).days / span
        x1 = left + width * ((finish - start).days + 1) / span
        pdf.set_fill_color(*STAGE_COLOURS.get(stage.status, STAGE_COLOURS[StageStatus.PLANNED]))
        pdf.rect(x0, y + 0.5, max(x1 - x0, 1), row_height - 2, style="F")
    pdf.set_draw_color(0)
    pdf.set_fill_color(255)
    pdf.set_xy(pdf.l_margin, top + height + 2)
    pdf.set_font(FAMILY, "", 10)
    pdf.ln(2)


def render_scores(pdf: Document, scores) -> None:
    """A project's published results: figures, rank, each criterion's mean, the comments."""
    _subheading(pdf, _("Expert review"))
    pdf.fields(content.score_fields(scores))
    if scores.comments:
        _subheading(pdf, _("Experts' comments"))
        for comment in scores.comments:
            pdf.paragraph(f"— {comment}", size=9)
            pdf.ln(1)


def passport_pdf(project: Project, scores=None, state=None) -> bytes:
    """One project's passport as PDF bytes."""
    pdf = Document(_("Project passport: %(title)s", title=project.display_title))
    pdf.add_page()
    pdf.paragraph(_("Project passport"), size=9, colour=MUTED)
    pdf.ln(1)
    render_passport(pdf, project, scores, state)
    return bytes(pdf.output())
