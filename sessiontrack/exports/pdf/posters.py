"""Posters for the forum stands: one page per project recommended for the forum, with its
title, direction, money need and a large QR code of its public page."""

from flask_babel import gettext as _
from fpdf.enums import Align, XPos, YPos

from ...catalogue.qr import qr_code
from ...core.numbers import amount
from ...projects.summaries import Money
from .document import FAMILY, MUTED, PRIMARY, Document

QR_SIZE = 150  # mm: readable from a few metres away


def posters_pdf(title: str, posters: list) -> bytes:
    """The posters PDF: ``posters`` is a list of ``(project, money, url)``, ``money`` a
    :class:`Money` (or None for a project without money), ``url`` its public page."""
    pdf = Document(title)
    if not posters:
        pdf.add_page()
        pdf.heading(_("No project is recommended for the forum."))
    for project, money, url in posters:
        pdf.add_page()
        pdf.set_font(FAMILY, "", 12)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 6, project.direction.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.heading(project.title, size=22, colour=PRIMARY, space=4)
        money = money or Money()
        pdf.set_font(FAMILY, "", 14)
        pdf.multi_cell(
            0,
            7,
            f"{_('Need, million roubles')}: {amount(money.need)}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        _draw_qr(pdf, url, x=(pdf.w - QR_SIZE) / 2, y=pdf.get_y() + 8)
        pdf.set_y(pdf.get_y() + QR_SIZE + 12)
        pdf.set_font(FAMILY, "", 9)
        pdf.multi_cell(0, 5, url, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _draw_qr(pdf: Document, url: str, x: float, y: float) -> None:
    """The QR code of ``url``, ``QR_SIZE`` mm wide, drawn as vector squares at (x, y)."""
    matrix = qr_code(url).matrix
    module = QR_SIZE / len(matrix)
    pdf.set_fill_color(0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(x + column * module, y + row * module, module, module, style="F")
