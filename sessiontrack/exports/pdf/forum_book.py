"""The forum book: title page, contents with page numbers, a section per direction with each
recommended project's passport, and the ranking."""

import math

from flask_babel import gettext as _
from fpdf.enums import Align, XPos, YPos

from ...core.models import utcnow
from ...projects.models import Project
from ...sessions.models import StrategicSession
from .. import content
from .. import formatting as fmt
from .document import (
    A4_HEIGHT,
    BOTTOM_MARGIN,
    CONTENTS_HEADING,
    FAMILY,
    MARGIN,
    MUTED,
    TOC_LINE,
    Document,
    Progress,
    truncate,
)
from .passport import render_passport


def forum_book_pdf(
    strategic_session: StrategicSession,
    sections: list[tuple[str, list[Project]]],
    results=None,
    ranking=None,
    progress: Progress = None,
) -> bytes:
    """The forum book: title page, contents with page numbers, one section per direction with
    each recommended project's passport, and the ranking at the end.

    :param sections: (direction title, its recommended projects) in order.
    :param results: project id → :class:`.results.ProjectScores` to print with each passport
        (after publication).
    :param ranking: the ranking's result rows, printed at the end (after publication).
    :param progress: called as ``progress(done, total)`` after each content.
    """
    forum = strategic_session.forum
    pdf = Document(
        _("%(forum)s: projects of the session", forum=forum.name)
        if forum
        else strategic_session.title
    )
    _title_page(pdf, strategic_session, sum(len(projects) for _t, projects in sections))
    entries = len(sections) + sum(len(projects) for _t, projects in sections) + bool(ranking)
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_contents, pages=_contents_pages(entries))
    total = sum(len(projects) for _t, projects in sections)
    done = 0
    if not total:
        pdf.new_page()
        pdf.paragraph(_("No project of this session is recommended for the forum yet."))
    for direction_title, projects in sections:
        pdf.new_page()
        pdf.start_section(direction_title, level=0)
        pdf.heading(_("Direction"), size=10, colour=MUTED, space=0)
        pdf.heading(direction_title, size=18)
        pdf.paragraph(
            _("Projects recommended for the forum: %(count)d", count=len(projects)), colour=MUTED
        )
        for project in projects:
            pdf.add_page()
            pdf.start_section(project.display_title, level=1)
            render_passport(pdf, project, (results or {}).get(project.id))
            done += 1
            if progress is not None:
                progress(done, total)
    if ranking:
        pdf.new_page()
        pdf.start_section(_("Ranking"), level=0)
        render_ranking(pdf, ranking)
    return bytes(pdf.output())


def _title_page(pdf: Document, strategic_session: StrategicSession, count: int) -> None:
    pdf.add_page()
    forum = strategic_session.forum
    pdf.set_y(60)
    if forum is not None:
        pdf.heading(forum.name, size=20)
        pdf.paragraph(
            " · ".join(filter(None, [fmt.dates(forum.starts_on, forum.ends_on), forum.place])),
            size=12,
            colour=MUTED,
        )
        pdf.ln(12)
    pdf.heading(_("Priority projects of the strategic session"), size=12, colour=MUTED, space=1)
    pdf.heading(strategic_session.title, size=16, colour=(0, 0, 0))
    pdf.paragraph(
        " · ".join(
            filter(
                None,
                [
                    fmt.dates(strategic_session.starts_on, strategic_session.ends_on),
                    strategic_session.place,
                ],
            )
        ),
        size=11,
        colour=MUTED,
    )
    pdf.ln(20)
    pdf.paragraph(_("Projects recommended for the forum: %(count)d", count=count), size=11)
    pdf.paragraph(_("Prepared on %(date)s", date=fmt.day(utcnow().date())), size=9, colour=MUTED)


def _contents_pages(entries: int) -> int:
    """Pages the contents need: one line of :data:`TOC_LINE` per entry below the top margin,
    the first page below its heading too (:func:`_render_contents`)."""
    bottom = A4_HEIGHT - BOTTOM_MARGIN
    first = int((bottom - MARGIN - CONTENTS_HEADING) // TOC_LINE)
    others = int((bottom - MARGIN) // TOC_LINE)
    return 1 + max(0, math.ceil((entries - first) / others))


def _render_contents(pdf: Document, outline) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.heading(_("Contents"), size=16, space=CONTENTS_HEADING - 8)
    for section in outline:
        indent = 8 * section.level
        page = str(section.page_number)
        pdf.set_font(FAMILY, "B" if section.level == 0 else "", 10)
        width = pdf.epw - indent - 14
        name = truncate(pdf, section.name, width - 2)
        pdf.set_x(pdf.l_margin + indent)
        link = pdf.add_link(page=section.page_number)
        pdf.cell(width, TOC_LINE, name, link=link)
        pdf.cell(14, TOC_LINE, page, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)
    pdf.set_font(FAMILY, "", 10)
    # The placeholder reserved a number of pages estimated from the number of entries, on the
    # safe side: the pages the list did not need stay blank.
    placeholder = pdf.toc_placeholder
    while pdf.page < placeholder.start_page + placeholder.pages - 1:
        pdf.add_page()


def render_ranking(pdf: Document, ranking) -> None:
    """The forum book's ranking page: the method, the tie-break and the ranked projects."""
    pdf.heading(_("Ranking"), size=16)
    pdf.paragraph(ranking.method, size=9, colour=MUTED)
    pdf.paragraph(ranking.tie_break, size=9, colour=MUTED)
    pdf.ln(2)
    table = content.SimpleTable(
        headers=[
            _("Rank"),
            _("Project"),
            _("Direction"),
            _("Score (0–100)"),
            _("Scorecards"),
            _("Flags"),
            _("In the forum's package"),
        ],
        rows=[
            [
                str(row.rank) if row.rank else fmt.DASH,
                row.title,
                row.direction_title,
                fmt.score(row.mean),
                str(row.n),
                row.flags_text,
                _("yes") if row.project_id in ranking.in_package else "",
            ]
            for row in ranking.projects
        ],
        widths=(1.3, 4.6, 3.2, 1.8, 1.9, 2.2, 2),
    )
    pdf.grid(table)
