"""The investors' report: per project and per investor, the tables of
:func:`..investors.report_tables`."""

from flask_babel import gettext as _

from ...core.models import utcnow
from ...sessions.models import StrategicSession
from .. import formatting as fmt
from ..investors import simple_table
from .document import MUTED, Document

# Relative column widths of the four tables, in their order.
WIDTHS = (
    (6, 2, 4, 2.4, 2.4),
    (4, 3, 2.4, 1.8, 1.8, 2.4, 3.6),
    (6, 2, 2.4, 2.4),
    (3, 4, 2.4, 1.8, 1.8, 2.4, 3.6),
)


def investors_pdf(strategic_session: StrategicSession, tables) -> bytes:
    """The report: a heading per table, each table's rows as a grid (amounts in million
    roubles; an open lower end counts as nothing, an open upper end leaves the total open)."""
    pdf = Document(_("Investors' report: %(session)s", session=strategic_session.title))
    pdf.add_page()
    pdf.heading(_("Investors' report"), size=11, colour=MUTED, space=1)
    pdf.heading(strategic_session.title, size=16)
    pdf.paragraph(_("Prepared on %(date)s", date=fmt.day(utcnow().date())), size=9, colour=MUTED)
    pdf.paragraph(
        _(
            "Amounts in million roubles; an open lower end of a range counts as nothing in the "
            "totals, an open upper end leaves the total open (a dash)."
        ),
        size=9,
        colour=MUTED,
    )
    if not tables[0].rows:
        pdf.paragraph(_("No investor has marked interest in a project yet."))
    for table, widths in zip(tables, WIDTHS, strict=True):
        if not table.rows:
            continue
        pdf.ln(4)
        pdf.ensure_space(30)
        pdf.heading(table.title, size=13)
        pdf.grid(simple_table(table, widths), size=8)
    return bytes(pdf.output())
