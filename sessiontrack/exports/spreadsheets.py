"""Cell values that spreadsheet programs read as data, never as formulas.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some programs skip before looking for one of those) is a formula to Excel and LibreOffice: a
project title such as ``=HYPERLINK("http://…")`` would run when an expert opens the workbook.
Like Indico's ``util/spreadsheets.py``, every text cell of the XLSX and CSV exports goes
through :func:`neutralise`, which puts an apostrophe in front of such text.

A CSV cell can also start in the middle of a text: Russian Excel splits a comma-separated file
on semicolons (and a semicolon file may be read on commas), so ``x;=2+5`` becomes a cell
``=2+5``. :func:`neutralise_csv` puts the apostrophe there too.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A formula character after a delimiter or a line break (and the spaces or quotes a reader
# skips): where a program that splits the line on another delimiter starts a cell.
_INNER_FORMULA = re.compile(r'([,;\r\n][\s"]*)([=+\-@])')


def neutralise(value):
    """``value`` made safe for a spreadsheet cell: text that could start a formula gets a
    leading apostrophe; numbers, dates and ``None`` are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_csv(value):
    """``value`` made safe for a CSV cell whichever delimiter a program splits the line on:
    :func:`neutralise`, and an apostrophe before a formula character that follows a comma, a
    semicolon or a line break inside the text."""
    value = neutralise(value)
    if isinstance(value, str):
        return _INNER_FORMULA.sub(r"\1'\2", value)
    return value
