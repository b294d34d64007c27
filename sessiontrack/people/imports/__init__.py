"""Import of participants and organisations from the spreadsheets people really have.

Three steps:

1. :func:`read_table` turns the file into rows keyed by field (or refuses the whole file)
   — :mod:`.reading`, with the header, role and kind words of :mod:`.vocabulary`;
2. :func:`plan_import` compares the rows with the session and lists what would be created,
   what would change, what is already there and every bad row with its line and reason
   — :mod:`.planning`, into the :class:`ImportPlan` of :mod:`.plan`;
3. :func:`apply_import` writes a plan without problems, all of it (the request commits once)
   — :mod:`.apply`.

Between the preview and the confirmation the file waits in the instance folder under a random
token tied to the session and the user (:func:`store_upload`, :func:`load_upload`); nothing of
it passes through the browser — :mod:`.uploads`.
"""

from ...audit import services as audit
from .apply import apply_import
from .plan import ImportPlan, NewOrganisation, PersonRow, Problem
from .planning import plan_import
from .reading import (
    ALLOWED_EXTENSIONS,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    TableRow,
    extension_of,
    read_table,
)
from .uploads import (
    TOKEN_PATTERN,
    UPLOAD_LIFETIME_SECONDS,
    claimed_upload,
    discard_upload,
    load_upload,
    store_upload,
)
from .vocabulary import HEADERS, guess_kind, normalise

__all__ = [
    "ALLOWED_EXTENSIONS",
    "HEADERS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "TOKEN_PATTERN",
    "UPLOAD_LIFETIME_SECONDS",
    "ImportPlan",
    "NewOrganisation",
    "PersonRow",
    "Problem",
    "Table",
    "TableRow",
    "apply_import",
    "audit",
    "claimed_upload",
    "discard_upload",
    "extension_of",
    "guess_kind",
    "load_upload",
    "normalise",
    "plan_import",
    "read_table",
    "store_upload",
]
