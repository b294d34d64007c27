"""Word documents (python-docx) that officials edit further: a project passport, the minutes.

Plain styles (headings, "Table Grid" tables, Times New Roman) so that the document looks like
one typed in the office and edits without surprises.
"""

import io

import docx
from docx.shared import Mm, Pt
from flask_babel import gettext as _

from ..projects.models import Project
from ..sessions.models import StrategicSession
from . import content
from . import formatting as fmt

FONT = "Times New Roman"


def _document(title: str):
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    document.core_properties.title = title
    document.core_properties.author = "sessiontrack"
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    return document


def _fields(document, rows) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    for row in table.rows:
        row.cells[0].width = Mm(50)
        row.cells[1].width = Mm(120)


def _grid(document, table: content.SimpleTable) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, title in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for values in table.rows:
        for cell, value in zip(grid.add_row().cells, values, strict=True):
            cell.text = value
    if table.totals:
        for cell, value in zip(grid.add_row().cells, table.totals, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(value).bold = True


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def passport_docx(project: Project, scores=None, state=None) -> bytes:
    """One project's passport as DOCX bytes (with its published results when given)."""
    document = _document(_("Project passport: %(title)s", title=project.display_title))
    document.add_paragraph(_("Project passport"))
    document.add_heading(project.title, level=1)
    _fields(document, content.passport_fields(project, state))
    if project.indicators:
        document.add_heading(_("Target indicators"), level=2)
        _grid(document, content.indicator_table(project))
    if project.resources:
        document.add_heading(_("Resources"), level=2)
        _grid(document, content.resource_table(project))
    if project.stages:
        document.add_heading(_("Key stages"), level=2)
        _grid(document, content.stage_table(project))
    if scores is not None:
        document.add_heading(_("Expert review"), level=2)
        _fields(document, content.score_fields(scores))
        if scores.comments:
            document.add_heading(_("Experts' comments"), level=3)
            for comment in scores.comments:
                document.add_paragraph(comment, style="List Bullet")
    return _save(document)


def minutes_docx(strategic_session: StrategicSession, items, decisions) -> bytes:
    """The minutes: the session, its agenda with talks and notes, and the decisions."""
    document = _document(_("Minutes: %(session)s", session=strategic_session.title))
    document.add_paragraph(_("Minutes of the strategic session"))
    document.add_heading(strategic_session.title, level=1)
    document.add_paragraph(
        " · ".join(
            filter(
                None,
                [
                    fmt.dates(strategic_session.starts_on, strategic_session.ends_on),
                    strategic_session.place,
                ],
            )
        )
    )
    document.add_heading(_("Agenda"), level=2)
    if not items:
        document.add_paragraph(_("The agenda is empty."))
    for number, item in enumerate(items, start=1):
        times = fmt.times(item.starts_at, item.ends_at)
        document.add_heading(f"{number}. {item.title}" + (f" ({times})" if times else ""), level=3)
        if item.description:
            document.add_paragraph(item.description)
        for talk in item.talks:
            paragraph = document.add_paragraph()
            paragraph.add_run(talk.title).bold = True
            if talk.speaker:
                paragraph.add_run("\n" + content.speaker(talk.speaker)).italic = True
            if talk.key_points:
                document.add_paragraph(talk.key_points)
        if item.notes:
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Notes") + ": ").bold = True
            paragraph.add_run(item.notes)
    document.add_heading(_("Decisions"), level=2)
    if not decisions:
        document.add_paragraph(_("No decisions recorded yet."))
    else:
        _grid(document, content.decision_table(decisions))
    return _save(document)
