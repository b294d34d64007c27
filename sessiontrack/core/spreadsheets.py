"""Reading uploaded XLSX workbooks within bounds that the caller sets.

A workbook is a ZIP archive of XML files, and both layers can promise far more than the upload
weighs: a 5 KB file can declare its sheet as ``A1:XFD1048576`` (every row and column Excel has)
and put one cell in the last row, and openpyxl then pads every row up to it; a few kilobytes of
deflated XML can unpack to gigabytes. :func:`read_sheet` checks the archive before openpyxl
opens it, refuses a sheet with more rows than the caller allows, and never reads past the
bounds, so the work it does is bounded by the limits, not by what the file claims.
"""

import io
import zipfile

from flask_babel import gettext as _

from .errors import DomainError

# What the parts of an honest workbook unpack to: a sheet of 5,000 rows by 20 columns of text
# is a few megabytes of XML.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024


class SpreadsheetError(DomainError):
    """The workbook cannot be read, or is larger than allowed (a refusal of the upload, 422);
    the message is for the user."""


def read_sheet(data: bytes, *, max_rows: int, max_columns: int) -> list[tuple]:
    """The values of the first worksheet of an XLSX file, one tuple per row from row 1, each as
    long as the sheet is wide but no longer than ``max_columns`` (columns beyond are not read:
    a spreadsheet program may declare formatted empty columns far to the right). Formulas give
    their last computed value. Empty rows are included, so a row's index is its number minus
    one, and they count toward ``max_rows``.

    :raise SpreadsheetError: if the file is not a readable XLSX workbook, unpacks to more than
        :data:`MAX_UNPACKED_BYTES`, or its sheet has (or declares) more than ``max_rows`` rows.
    """
    import openpyxl

    _check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(_("The file is not an XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > max_rows:
            raise SpreadsheetError(_too_long(max_rows))
        # As wide as the sheet says it is, where it says so (no wider than allowed).
        width = min(sheet.max_column or max_columns, max_columns)
        rows = []
        # One row past the limit, to tell a sheet that ends at the limit from one that goes on.
        for row in sheet.iter_rows(max_row=max_rows + 1, max_col=width, values_only=True):
            if len(rows) == max_rows:
                raise SpreadsheetError(_too_long(max_rows))
            rows.append(row)
        return rows
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("The file is not an XLSX workbook.")) from error
    finally:
        workbook.close()


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(_("The file is not an XLSX workbook.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _(
                "The workbook unpacks to more than %(size)d MB: it is not a list of this kind. "
                "Copy the data into a new workbook and save that.",
                size=MAX_UNPACKED_BYTES // (1024 * 1024),
            )
        )


def _too_long(max_rows: int) -> str:
    return _(
        "The sheet has more than %(rows)d rows (empty rows count too): delete the rows after "
        "the data, or split the file.",
        rows=max_rows,
    )
