"""The whole session as one JSON document, and its import into an instance.

The format is described in ``docs/json-format.md``; in short: ``format`` and ``schema_version``
say what the file is, keys are English, dates are ISO 8601 (``2018-11-01``), timestamps ISO 8601
in UTC (``2018-11-20T11:00:00+00:00``), exact figures (amounts, indicators) are strings
(``"12.50"``), and objects refer to each other by keys that are stable within the file
(``"organisation-3"``), never by database ids. Users are referred to by e-mail, reference lists
(national projects, funding sources) by their codes.

Import reads the whole file first and refuses it with every problem it found — a newer
``schema_version``, invalid JSON (for example a truncated file), a missing required key, a value
of the wrong type, an unknown reference — before writing anything; then it writes the session
in one transaction that the caller rolls back if the database refuses a row, so a refused file
changes nothing. Exporting an imported session gives the same document but for ``exported_at``
(and the slug, when it was changed).

Modules: :mod:`.schema` (what the document holds) with :mod:`.fields` (the value rules),
:mod:`.codec` (the JSON text), :mod:`.dump` and :mod:`.computed` (export), :mod:`.reader` and
:mod:`.check` (the checks; the forum's part in :mod:`.forum_checks`), :mod:`.load` (the
import).
"""

from .check import Plan, check
from .codec import dumps, loads
from .dump import export_session
from .load import ImportReport, import_session
from .schema import FORMAT, SCHEMA_VERSION, ImportRefused, UnreadableNumber

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "ImportRefused",
    "ImportReport",
    "Plan",
    "UnreadableNumber",
    "check",
    "dumps",
    "export_session",
    "import_session",
    "loads",
]
