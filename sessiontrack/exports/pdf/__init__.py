"""PDF documents (fpdf2, pure Python) with the DejaVu fonts shipped in ``static/fonts``.

The fonts are embedded (subset) in every file, so Cyrillic shows on any machine and the text
can be searched and copied. The shared renderer (page setup, fonts, text and tables) is in
:mod:`.document`; each document has its module: :mod:`.passport`, :mod:`.forum_book`,
:mod:`.scoring_sheets`, :mod:`.minutes`, :mod:`.progress` and :mod:`.investors`.
"""

from .document import (
    A4_HEIGHT,
    BOTTOM_MARGIN,
    CONTENTS_HEADING,
    FAMILY,
    FONT_DIR,
    HEADINGS_FILL,
    LINE,
    MARGIN,
    MUTED,
    PRIMARY,
    STAGE_COLOURS,
    TOC_LINE,
    Document,
    Progress,
)
from .forum_book import forum_book_pdf, render_ranking
from .investors import investors_pdf
from .minutes import minutes_pdf
from .passport import draw_timeline, passport_pdf, render_passport, render_scores
from .progress import progress_pdf
from .scoring_sheets import render_scoring_sheet, scoring_sheets_pdf

__all__ = [
    "A4_HEIGHT",
    "BOTTOM_MARGIN",
    "CONTENTS_HEADING",
    "FAMILY",
    "FONT_DIR",
    "HEADINGS_FILL",
    "LINE",
    "MARGIN",
    "MUTED",
    "PRIMARY",
    "STAGE_COLOURS",
    "TOC_LINE",
    "Document",
    "Progress",
    "draw_timeline",
    "forum_book_pdf",
    "investors_pdf",
    "minutes_pdf",
    "passport_pdf",
    "progress_pdf",
    "render_passport",
    "render_ranking",
    "render_scores",
    "render_scoring_sheet",
    "scoring_sheets_pdf",
]
