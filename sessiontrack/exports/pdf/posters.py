"""Posters for the forum stands: per project recommended for the forum, its title, direction,
money need and a QR code of its public page — one large poster per A4 page, or four cards to
an A4 page, framed to be cut apart."""

from flask_babel import gettext as _
from fpdf.enums import Align, XPos, YPos

from ...catalogue.qr import qr_code
from ...core.numbers import amount
from ...projects.summaries import Money
from .document import A4_HEIGHT, BOTTOM_MARGIN, FAMILY, MARGIN, MUTED, PRIMARY, Document, truncate

POSTER_QR = 150  # mm: readable from a few metres away
CARD_PADDING = 4  # mm
CARD_TITLE_LINES = 3
CARDS_PER_PAGE = 4


def posters_pdf(title: str, posters: list, per_page: int = 1) -> bytes:
    """The posters PDF: ``posters`` is a list of ``(project, money, url)``, ``money`` a
    :class:`Money` (or None for a project without money), ``url`` its public page;
    ``per_page`` 1 (a poster per page) or 4 (cards, two by two)."""
    pdf = Document(title)
    if not posters:
        pdf.add_page()
        pdf.heading(_("No project is recommended for the forum."))
    elif per_page == CARDS_PER_PAGE:
        _cards(pdf, posters)
    else:
        for project, money, url in posters:
            _poster(pdf, project, money or Money(), url)
    return bytes(pdf.output())


def _need(money: Money) -> str:
    return f"{_('Need, million roubles')}: {amount(money.need)}"


def _poster(pdf: Document, project, money: Money, url: str) -> None:
    """One page: the direction, the title, the need and the QR code, large."""
    pdf.add_page()
    pdf.set_font(FAMILY, "", 12)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 6, project.direction.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.heading(project.title, size=22, colour=PRIMARY, space=4)
    pdf.set_font(FAMILY, "", 14)
    pdf.multi_cell(0, 7, _need(money), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _draw_qr(pdf, url, x=(pdf.w - POSTER_QR) / 2, y=pdf.get_y() + 8, size=POSTER_QR)
    pdf.set_y(pdf.get_y() + POSTER_QR + 12)
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(0, 5, url, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _cards(pdf: Document, posters: list) -> None:
    """Four cards to a page, two by two, each in a thin frame to cut along."""
    pdf.set_auto_page_break(False)
    width = pdf.epw / 2
    height = (A4_HEIGHT - MARGIN - BOTTOM_MARGIN) / 2
    for index, (project, money, url) in enumerate(posters):
        if index % CARDS_PER_PAGE == 0:
            pdf.add_page()
        column, row = index % 2, (index // 2) % 2
        _card(
            pdf,
            project,
            money or Money(),
            url,
            MARGIN + column * width,
            MARGIN + row * height,
            width,
            height,
        )


def _card(pdf: Document, project, money: Money, url: str, x, y, width, height) -> None:
    """One card at (x, y): the direction, up to three lines of the title, the need, the QR."""
    inner = width - 2 * CARD_PADDING
    left = x + CARD_PADDING
    pdf.set_draw_color(*MUTED)
    pdf.rect(x + 1, y + 1, width - 2, height - 2)
    pdf.set_draw_color(0)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(left, y + CARD_PADDING)
    pdf.cell(inner, 4, truncate(pdf, project.direction.title, inner))
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*PRIMARY)
    lines = pdf.wrap(project.title, inner)
    if len(lines) > CARD_TITLE_LINES:
        lines = lines[:CARD_TITLE_LINES]
        lines[-1] = truncate(pdf, lines[-1] + " …", inner)
    for number, line in enumerate(lines):
        pdf.set_xy(left, y + CARD_PADDING + 5 + number * 5)
        pdf.cell(inner, 5, line)
    pdf.set_text_color(0)
    pdf.set_font(FAMILY, "", 9)
    top = y + CARD_PADDING + 6 + CARD_TITLE_LINES * 5
    pdf.set_xy(left, top)
    pdf.cell(inner, 4, _need(money))
    size = min(inner, y + height - CARD_PADDING - (top + 7))
    _draw_qr(pdf, url, x=x + (width - size) / 2, y=top + 7, size=size)


def _draw_qr(pdf: Document, url: str, x: float, y: float, size: float) -> None:
    """The QR code of ``url``, ``size`` mm wide, drawn as vector squares at (x, y)."""
    matrix = qr_code(url).matrix
    module = size / len(matrix)
    pdf.set_fill_color(0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(x + column * module, y + row * module, module, module, style="F")
