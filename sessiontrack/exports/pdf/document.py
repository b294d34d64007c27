"""The shared PDF renderer: page setup (A4, margins, footer), the DejaVu fonts, colours, and the
text, field, grid and table drawing every document uses."""

from collections.abc import Callable, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ...core.models import utcnow
from ...projects.models import StageStatus
from .. import content

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
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
        """The running title and the page number at the foot of every page (fpdf calls it)."""
        self.set_y(-MARGIN)
        self.set_font(FAMILY, size=7)
        self.set_text_color(*MUTED)
        self.cell(self.epw - 20, LINE, truncate(self, self.running_title, self.epw - 25))
        self.cell(20, LINE, str(self.page_no()), align=Align.R)
        self.set_text_color(0)

    # -- primitives -------------------------------------------------------------------------

    def heading(self, text: str, size: float = 14, colour=PRIMARY, space: float = 2) -> None:
        """A bold heading in ``colour``, followed by ``space`` mm."""
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FAMILY, "", 10)
        self.ln(space)

    def paragraph(
        self, text: str, size: float = 10, colour=None, indent: float = 0, bold: bool = False
    ) -> None:
        """A paragraph of ``text`` wrapped to the page width, ``indent`` mm from the margin."""
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
        """The width of ``text`` in the current font (measured once per font and text)."""
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

    def fitted_widths(
        self, widths: Sequence[float], *parts, size: float, bold_columns=(), padding: float = 1.0
    ) -> list[float]:
        """Column widths in mm across the page, in proportion to the relative ``widths``, but
        none narrower than the longest word it holds: a heading such as «Фактическое начало»
        wraps between its words, never inside one. ``parts`` are lists of ``(bold, values)``
        rows. The columns that need more than their share get it; the others share what is
        left in proportion. Where even that cannot fit every word, the shares stand as given
        (and :meth:`wrap` cuts the longest words)."""
        needs = [0.0] * len(widths)
        for part in parts:
            for bold, values in part:
                for index, value in enumerate(values):
                    self.set_font(FAMILY, "B" if bold or index in bold_columns else "", size)
                    # Words as wrap() breaks lines between them: at spaces and line breaks
                    # only (a no-break space keeps «12 500,5» one word).
                    for line in str(value).split("\n"):
                        for word in line.split(" "):
                            needs[index] = max(needs[index], self.text_width(word))
        # Room for the padding, and a hair for rounding.
        needs = [need + 2 * padding + 0.1 for need in needs]
        shares = [self.epw * width / sum(widths) for width in widths]
        if sum(needs) > self.epw:
            return shares
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(widths)) if i not in fixed]
            room = self.epw - sum(fixed.values())
            weight = sum(widths[i] for i in free)
            columns = {i: room * widths[i] / weight for i in free}
            short = {i: needs[i] for i in free if columns[i] < needs[i]}
            if not short:
                return [fixed.get(i, columns.get(i, 0.0)) for i in range(len(widths))]
            fixed.update(short)

    def _table_layout(self, rows, widths, header, totals, size, bold_columns, padding):
        """The columns' widths in mm and a function that wraps a row's values into them."""
        columns = self.fitted_widths(
            widths,
            [(True, header)] if header else [],
            [(False, row) for row in rows],
            [(True, totals)] if totals else [],
            size=size,
            bold_columns=bold_columns,
            padding=padding,
        )

        def layout(values, bold):
            cells = []
            for index, (value, width) in enumerate(zip(values, columns, strict=True)):
                self.set_font(FAMILY, "B" if bold or index in bold_columns else "", size)
                cells.append(self.wrap(value, width - 2 * padding))
            return cells

        return columns, layout

    def table_start_height(
        self,
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        header: Sequence[str] | None = None,
        size: float = 8,
        bold_columns: Sequence[int] = (),
    ) -> float:
        """How tall :meth:`rows_table` draws the header and the first row: what a heading
        above the table needs below it so as not to stand alone at the foot of a page."""
        padding, line_height = 1.0, size * 0.45
        _columns, layout = self._table_layout(
            rows, widths, header, None, size, bold_columns, padding
        )
        height = 0.0
        for values, bold in ((header, True), (rows[0] if rows else None, False)):
            if values:
                lines = max(len(cell) for cell in layout(values, bold))
                height += lines * line_height + 2 * padding
        return height

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
        """Rows of text in columns of relative ``widths`` across the page (each widened to its
        longest word where the page has room: :meth:`fitted_widths`); the header row is
        repeated on every page; a row taller than what is left of a page goes on the next one,
        or is split if it is taller than a page."""
        padding = 1.0
        line_height = size * 0.45
        columns, layout = self._table_layout(
            rows, widths, header, totals, size, bold_columns, padding
        )

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


def truncate(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
