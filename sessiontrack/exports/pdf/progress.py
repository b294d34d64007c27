"""The portfolio's progress after the forum as a PDF: the same tables as the progress
workbook (:mod:`..progress`), laid out one section each."""

from datetime import date

from flask_babel import gettext as _

from ...sessions.models import StrategicSession
from .. import formatting as fmt
from .. import progress
from ..table_model import AMOUNT, DATE, INTEGER, TEXT, YEAR, Table
from .document import MUTED, Document

# Relative column widths by kind; a text column is wider, a report's text widest.
WIDTHS = {INTEGER: 1.1, YEAR: 1.1, DATE: 1.7, AMOUNT: 1.7}
TEXT_WIDTH = 2.6
REPORT_WIDTH = 8


def cell_text(value, kind: str) -> str:
    """A table's value as the document prints it: figures and dates as on the pages."""
    if value is None or value == "":
        return fmt.DASH
    if kind == DATE:
        return fmt.day(value)
    if kind == AMOUNT:
        return fmt.amount(value)
    return str(value)


# Room for a section's heading above its table.
HEADING_HEIGHT = 12


def _grid(pdf: Document, table: Table, empty: str) -> None:
    if not table.rows:
        pdf.ensure_space(25)
        pdf.heading(table.title, size=12)
        pdf.paragraph(empty, colour=MUTED)
        pdf.ln(3)
        return
    widths = [WIDTHS.get(column.kind, TEXT_WIDTH) for column in table.columns]
    if table.name == "reports":
        widths[-1] = REPORT_WIDTH
    rows = [
        [cell_text(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    header = [column.title for column in table.columns]
    # The heading goes with the table's header and first row to the next page if need be (at
    # most a page's room: a first row taller than a page is split across pages anyway).
    start = HEADING_HEIGHT + pdf.table_start_height(rows, widths=widths, header=header, size=7)
    pdf.ensure_space(min(start, pdf.h - pdf.t_margin - pdf.b_margin))
    pdf.heading(table.title, size=12)
    pdf.rows_table(rows, widths=widths, header=header, size=7)


def progress_pdf(strategic_session: StrategicSession, rows, today: date) -> bytes:
    """The progress of the projects recommended for the forum, as of ``today``."""
    pdf = Document(
        _("Progress of the implementation: %(session)s", session=strategic_session.title)
    )
    pdf.add_page()
    pdf.heading(_("Progress of the implementation"), size=11, colour=MUTED, space=1)
    pdf.heading(strategic_session.title, size=16)
    pdf.fields(
        [
            (label, cell_text(value, DATE if isinstance(value, date) else TEXT))
            for label, value in progress.about(strategic_session, today)
        ]
    )
    pdf.paragraph(
        _(
            "A stage is late when its planned end has passed and it has not ended. Money in "
            "million roubles; the gap is the need less what is secured."
        ),
        size=8,
        colour=MUTED,
    )
    pdf.ln(3)
    if not rows:
        pdf.paragraph(_("No project is recommended for the forum yet."))
        return bytes(pdf.output())
    for table in progress.progress_tables(rows):
        _grid(pdf, table, _("Nothing recorded yet."))
    return bytes(pdf.output())
