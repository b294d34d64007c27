"""Cell values that spreadsheet programs read as data, never as formulas.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some programs skip before looking for one of those) is a formula to Excel and LibreOffice: a
project title such as ``=HYPERLINK("http://…")`` would run when an expert opens the workbook.
Like Indico's ``util/spreadsheets.py``, every text cell of the XLSX and CSV exports goes
through :func:`neutralise`, which puts an apostrophe in front of such text.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` made safe for a spreadsheet cell: text that could start a formula gets a
    leading apostrophe; numbers, dates and ``None`` are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
