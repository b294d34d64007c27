"""PDF documents (fpdf2, pure Python) with the DejaVu fonts shipped in ``static/fonts``.

The fonts are embedded (subset) in every file, so Cyrillic shows on any machine and the text
can be searched and copied. Documents: a project passport, the forum book, blank scoring sheets
and the minutes of the session.
"""

import math
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ..core.models import utcnow
from ..projects.models import Project, StageStatus
from ..sessions.models import StrategicSession
from . import content
from . import formatting as fmt

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "DejaVu"
A4_HEIGHT = 297
MARGIN = 15
BOTTOM_MARGIN = MARGIN + 5
# Height of the contents' heading: one line of the 16-point heading and the space below it.
CONTENTS_HEADING = 10
LINE = 5
TOC_LINE = 6
PRIMARY = (31, 78, 140)
MUTED = (110, 110, 110)
HEADINGS_FILL = (221, 230, 242)
STAGE_COLOURS = {
    StageStatus.PLANNED: (120, 160, 210),
    StageStatus.IN_PROGRESS: (230, 160, 60),
    StageStatus.DONE: (90, 160, 90),
}

Progress = Callable[[int, int], None] | None


class Document(FPDF):
    """An A4 document with the DejaVu fonts, a running title and page numbers."""

    def __init__(self, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM_MARGIN)
        self.set_font(FAMILY, size=10)
        self.running_title = title
        self.set_title(title)
        self.set_creator("sessiontrack")
        self.set_creation_date(utcnow())
        self.set_lang("ru")
        self._widths: dict = {}

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FAMILY, size=7)
        self.set_text_color(*MUTED)
        self.cell(self.epw - 20, LINE, _truncate(self, self.running_title, self.epw - 25))
        self.cell(20, LINE, str(self.page_no()), align=Align.R)
        self.set_text_color(0)

    # -- primitives -------------------------------------------------------------------------

    def heading(self, text: str, size: float = 14, colour=PRIMARY, space: float = 2) -> None:
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FAMILY, "", 10)
        self.ln(space)

    def paragraph(
        self, text: str, size: float = 10, colour=None, indent: float = 0, bold: bool = False
    ) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        if colour:
            self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FAMILY, "", 10)

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label / value rows, the label in bold."""
        self.rows_table(
            [[label, value] for label, value in rows],
            widths=(0.3, 0.7),
            size=9,
            bold_columns=(0,),
            borders=False,
        )

    def grid(self, table: content.SimpleTable, size: float = 8) -> None:
        """A table with a heading row (repeated on each page) and an optional totals row."""
        self.rows_table(
            table.rows,
            widths=table.widths or (1,) * len(table.headers),
            header=table.headers,
            totals=table.totals,
            size=size,
        )

    # -- a table renderer -------------------------------------------------------------------
    #
    # fpdf2's own tables lay out every cell twice with a general line breaker, which takes
    # most of the time of a forum book of hundreds of passports. Here each cell is wrapped
    # once, by words whose widths are cached, and its lines are written with ``text()``.

    def text_width(self, text: str) -> float:
        key = (self.font_style, self.font_size_pt, text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` in the current font."""
        lines = []
        space = self.text_width(" ")
        for paragraph in str(text).split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split(" "):
                word_width = self.text_width(word)
                if word_width > width:
                    # A word longer than the cell: cut it where it overflows.
                    for piece in self._pieces(word, width):
                        if line:
                            lines.append(line)
                        line, line_width = piece, self.text_width(piece)
                    continue
                if line and line_width + space + word_width > width:
                    lines.append(line)
                    line, line_width = word, word_width
                elif line:
                    line, line_width = f"{line} {word}", line_width + space + word_width
                else:
                    line, line_width = word, word_width
            lines.append(line)
        return lines

    def _pieces(self, word: str, width: float) -> list[str]:
        pieces, piece = [], ""
        for char in word:
            if piece and self.text_width(piece + char) > width:
                pieces.append(piece)
                piece = ""
            piece += char
        return [*pieces, piece]

    def rows_table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        header: Sequence[str] | None = None,
        totals: Sequence[str] | None = None,
        size: float = 8,
        bold_columns: Sequence[int] = (),
        borders: bool = True,
        min_height: float = 0,
    ) -> None:
        """Rows of text in columns of relative ``widths`` across the page; the header row is
        repeated on every page; a row taller than what is left of a page goes on the next one,
        or is split if it is taller than a page."""
        total = sum(widths)
        columns = [self.epw * width / total for width in widths]
        line_height = size * 0.45
        padding = 1.0

        def layout(values, bold):
            cells = []
            for index, (value, width) in enumerate(zip(values, columns, strict=True)):
                self.set_font(FAMILY, "B" if bold or index in bold_columns else "", size)
                cells.append(self.wrap(value, width - 2 * padding))
            return cells

        header_cells = layout(header, True) if header else None

        def draw(cells, bold, fill=None, height=None):
            lines = max(len(cell) for cell in cells)
            height = height or max(lines * line_height + 2 * padding, min_height)
            x, y = self.l_margin, self.get_y()
            if fill:
                self.set_fill_color(*fill)
                self.rect(x, y, self.epw, height, style="F")
                self.set_fill_color(255)
            if borders:
                self.set_draw_color(150)
                for width in columns:
                    self.rect(x, y, width, height)
                    x += width
                self.set_draw_color(0)
            else:
                self.set_draw_color(200)
                self.line(self.l_margin, y + height, self.l_margin + self.epw, y + height)
                self.set_draw_color(0)
            x = self.l_margin
            for index, (cell, width) in enumerate(zip(cells, columns, strict=True)):
                self.set_font(FAMILY, "B" if bold or index in bold_columns else "", size)
                for number, line in enumerate(cell):
                    baseline = y + padding + number * line_height + line_height * 0.5 + size * 0.125
                    self.text(x + padding, baseline, line)
                x += width
            self.set_y(y + height)

        def start_page():
            self.add_page()
            if header_cells:
                draw(header_cells, True, HEADINGS_FILL)

        if header_cells:
            if self.get_y() + 2 * (2 * line_height + 2 * padding) > self.page_break_trigger:
                self.add_page()
            draw(header_cells, True, HEADINGS_FILL)
        body = [(layout(values, False), False) for values in rows]
        if totals:
            body.append((layout(totals, True), True))
        for cells, bold in body:
            while True:
                lines = max(len(cell) for cell in cells)
                needed = max(lines * line_height + 2 * padding, min_height)
                room = self.page_break_trigger - self.get_y()
                if needed <= room:
                    draw(cells, bold)
                    break
                fresh_page_room = (
                    self.page_break_trigger
                    - self.t_margin
                    - (2 * line_height + 2 * padding if header_cells else 0)
                )
                if needed <= fresh_page_room:
                    start_page()
                    continue
                fits = int((room - 2 * padding) // line_height)
                if fits < 2:
                    start_page()
                    continue
                draw([cell[:fits] for cell in cells], bold)
                cells = [cell[fits:] or [""] for cell in cells]
                start_page()
        self.set_font(FAMILY, "", 10)
        self.ln(3)

    def new_page(self) -> None:
        """Start a new page unless the current one is still empty."""
        if self.page == 0 or self.get_y() > self.t_margin + 0.5:
            self.add_page()

    def ensure_space(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres fit below."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()


def _truncate(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


# ----------------------------------------------------------------------------------------------
# The passport
# ----------------------------------------------------------------------------------------------


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
        pdf.cell(label_width - 2, row_height - 1, _truncate(pdf, stage.title, label_width - 3))
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


# ----------------------------------------------------------------------------------------------
# The forum book
# ----------------------------------------------------------------------------------------------


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
        name = _truncate(pdf, section.name, width - 2)
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
        ],
        rows=[
            [
                str(row.rank) if row.rank else fmt.DASH,
                row.title,
                row.direction_title,
                fmt.score(row.mean),
                str(row.n),
                row.flags_text,
            ]
            for row in ranking.projects
        ],
        widths=(1.3, 5, 3.6, 1.9, 2, 2.4),
    )
    pdf.grid(table)


# ----------------------------------------------------------------------------------------------
# Blank scoring sheets
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# The minutes
# ----------------------------------------------------------------------------------------------


def minutes_pdf(strategic_session: StrategicSession, items, decisions) -> bytes:
    """The minutes: the session, its agenda with the talks and notes, and the decisions."""
    pdf = Document(_("Minutes: %(session)s", session=strategic_session.title))
    pdf.add_page()
    pdf.heading(_("Minutes of the strategic session"), size=11, colour=MUTED, space=1)
    pdf.heading(strategic_session.title, size=16)
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
        colour=MUTED,
    )
    pdf.ln(4)
    pdf.heading(_("Agenda"), size=13)
    if not items:
        pdf.paragraph(_("The agenda is empty."))
    for number, item in enumerate(items, start=1):
        pdf.ensure_space(20)
        times = fmt.times(item.starts_at, item.ends_at)
        pdf.heading(f"{number}. {item.title}" + (f" ({times})" if times else ""), size=11, space=1)
        if item.description:
            pdf.paragraph(item.description)
            pdf.ln(1)
        for talk in item.talks:
            pdf.ensure_space(15)
            pdf.paragraph(talk.title, indent=5, bold=True)
            if talk.speaker:
                pdf.paragraph(content.speaker(talk.speaker), size=9, colour=MUTED, indent=5)
            if talk.key_points:
                pdf.paragraph(talk.key_points, indent=5)
            pdf.ln(2)
        if item.notes:
            pdf.paragraph(_("Notes") + ": " + item.notes, size=9)
        pdf.ln(3)
    pdf.ensure_space(30)
    pdf.heading(_("Decisions"), size=13)
    if not decisions:
        pdf.paragraph(_("No decisions recorded yet."))
    else:
        pdf.grid(content.decision_table(decisions), size=9)
    return bytes(pdf.output())
