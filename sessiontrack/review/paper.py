"""Paper scoring: an XLSX sheet per expert to fill in offline, and its validated upload.

The sheet ("Scores") has one row per assigned project from row :data:`FIRST_ROW` and one column
per criterion from column D, with the scale in the header and a data validation on every cell;
the last column is the comment. Row :data:`KEY_ROW` is hidden and names what each column holds
(``project``, ``expert:<id>``, ``criterion:<id>``, ``comment``), so the upload reads columns by
key, not by title. An upload with any error changes nothing and lists every error with its cell.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.errors import DomainError
from ..core.spreadsheets import read_sheet
from ..extensions import db
from ..people.models import Participant
from ..projects.models import Project
from ..sessions.models import ReviewState, StrategicSession
from . import services
from .models import ScorecardState
from .queries import conflict_pairs, scorecards_of_expert, session_criteria

KEY_ROW = 4
HEADER_ROW = 5
FIRST_ROW = 6
FIRST_CRITERION_COLUMN = 4
FORMULA_PREFIXES = ("=", "+", "-", "@")
# The largest sheet read back: a row per assigned project and a column per criterion stay far
# inside these.
MAX_SHEET_ROWS = 2000
MAX_SHEET_COLUMNS = 100


def _text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (formula injection)."""
    return "'" + value if value and value.startswith(FORMULA_PREFIXES) else value


def build_sheet(strategic_session: StrategicSession, expert: Participant) -> bytes:
    """The expert's scoring sheet as XLSX bytes."""
    criteria = session_criteria(strategic_session)
    scorecards = scorecards_of_expert(strategic_session, expert)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    sheet["A1"] = _text(_("Scoring sheet of %(expert)s", expert=expert.full_name))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _text(strategic_session.title)
    sheet["A3"] = _(
        "One whole number per criterion, within its scale (see the sheet «Criteria»); "
        "leave a project's row empty if you have not scored it. Do not change columns A and B."
    )
    comment_column = FIRST_CRITERION_COLUMN + len(criteria)
    keys = ["project", f"expert:{expert.id}", "direction"]
    keys += [f"criterion:{c.id}" for c in criteria] + ["comment"]
    headers = [_("Project ID"), _("Project"), _("Direction")]
    headers += [
        f"{c.title} ({c.scale_min}–{c.scale_max})"
        + ("" if c.counted else " — " + _("reported, not counted"))
        for c in criteria
    ]
    headers.append(_("Comment"))
    for column, (key, header) in enumerate(zip(keys, headers, strict=True), start=1):
        sheet.cell(KEY_ROW, column, key)
        cell = sheet.cell(HEADER_ROW, column, _text(header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 60
    for row, scorecard in enumerate(scorecards, start=FIRST_ROW):
        values = {score.criterion_id: score.value for score in scorecard.scores}
        sheet.cell(row, 1, scorecard.project_id)
        sheet.cell(row, 2, _text(scorecard.project.title))
        sheet.cell(row, 3, _text(scorecard.project.direction.title))
        for column, criterion in enumerate(criteria, start=FIRST_CRITERION_COLUMN):
            if criterion.id in values:
                sheet.cell(row, column, values[criterion.id])
        sheet.cell(row, comment_column, _text(scorecard.comment))
    last_row = max(FIRST_ROW, FIRST_ROW + len(scorecards) - 1)
    for column, criterion in enumerate(criteria, start=FIRST_CRITERION_COLUMN):
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1=str(criterion.scale_min),
            formula2=str(criterion.scale_max),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Score outside the scale"),
            error=_(
                "A whole number from %(low)d to %(high)d.",
                low=criterion.scale_min,
                high=criterion.scale_max,
            ),
        )
        letter = get_column_letter(column)
        validation.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)
        sheet.column_dimensions[letter].width = 16
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions[get_column_letter(comment_column)].width = 60
    sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_CRITERION_COLUMN)
    _criteria_sheet(workbook, criteria)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _criteria_sheet(workbook: Workbook, criteria) -> None:
    sheet = workbook.create_sheet(_("Criteria")[:31])
    headers = [_("Criterion"), _("Weight"), _("Scale"), _("Description"), _("Levels")]
    for column, header in enumerate(headers, start=1):
        sheet.cell(1, column, header).font = Font(bold=True)
    for row, c in enumerate(criteria, start=2):
        levels = "\n".join(
            f"{level}: {text}"
            for level, text in sorted(c.level_descriptions.items(), key=lambda i: int(i[0]))
        )
        weight = c.weight if c.counted else _("reported, not counted")
        for column, value in enumerate(
            [c.title, weight, f"{c.scale_min}–{c.scale_max}", c.description, levels], start=1
        ):
            cell = sheet.cell(row, column, _text(value) if isinstance(value, str) else value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (40, 10, 10, 60, 80), strict=True):
        sheet.column_dimensions[letter].width = width


# ----------------------------------------------------------------------------------------------
# Upload
# ----------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    submitted: int = 0
    unchanged: int = 0
    blank: int = 0

    @property
    def ok(self) -> bool:
        """Whether the import found no errors."""
        return not self.errors


@dataclass
class _Row:
    number: int
    scorecard: object
    values: dict
    comment: str


def _ref(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _whole_number(value):
    """An int from a cell, or ``None`` if it holds anything but a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def import_sheet(
    strategic_session: StrategicSession, expert: Participant, stream, user
) -> ImportResult:
    """Check a filled sheet cell by cell; if every cell is right, save and submit its rows.

    Rows left empty are skipped. With any error nothing may be kept: the caller answers with
    :attr:`ImportResult.errors` and a 422, which the request's unit of work rolls back.

    :raise SpreadsheetError: if the file is not a workbook or is larger than a scoring sheet
        can be (:data:`MAX_SHEET_ROWS`, :data:`MAX_SHEET_COLUMNS`).
    """
    result = ImportResult()
    if strategic_session.review_state != ReviewState.OPEN:
        result.errors.append(_("The review is not open: scores cannot change now."))
        return result
    sheet = _Sheet(
        read_sheet(stream.read(), max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)
    )
    rows = _read_rows(strategic_session, expert, sheet, result)
    if result.errors:
        return result
    for row in rows:
        try:
            services.save_scorecard(
                strategic_session,
                row.scorecard,
                user,
                values=row.values,
                comment=row.comment,
                source=services.PAPER,
            )
            services.submit_scorecard(strategic_session, row.scorecard, user, source=services.PAPER)
        except DomainError as error:
            result.errors.append(f"A{row.number}: {error.message}")
        else:
            result.submitted += 1
    return result


class _Sheet:
    """The values read from an uploaded sheet, by row and column numbers from 1."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows
        self.max_row = len(rows)

    def value(self, row: int, column: int):
        if row > self.max_row or column > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][column - 1]


def _read_rows(strategic_session, expert, sheet: _Sheet, result: ImportResult) -> list[_Row]:
    """Every row to save; every error goes to ``result.errors``."""
    keys = {
        column: str(sheet.value(KEY_ROW, column) or "")
        for column in range(1, MAX_SHEET_COLUMNS + 1)
    }
    if keys.get(1) != "project" or not keys.get(2, "").startswith("expert:"):
        result.errors.append(
            _("A4: this is not a scoring sheet of this session; download the sheet again.")
        )
        return []
    if keys[2] != f"expert:{expert.id}":
        result.errors.append(_("B4: this sheet belongs to another expert."))
        return []
    criteria = {c.id: c for c in session_criteria(strategic_session)}
    columns = {}
    comment_column = None
    for column, key in keys.items():
        if key.startswith("criterion:"):
            criterion = criteria.get(_whole_number(key.removeprefix("criterion:")))
            if criterion is None:
                result.errors.append(
                    _(
                        "%(cell)s: this criterion no longer exists; download the sheet again.",
                        cell=_ref(column, HEADER_ROW),
                    )
                )
            else:
                columns[column] = criterion
        elif key == "comment":
            comment_column = column
    for criterion in criteria.values():
        if criterion.counted and criterion not in columns.values():
            result.errors.append(
                _(
                    "The sheet has no column for the criterion «%(title)s»; download it again.",
                    title=criterion.title,
                )
            )
    if result.errors:
        return []

    assigned = {sc.project_id: sc for sc in scorecards_of_expert(strategic_session, expert)}
    conflicts = {p for e, p in conflict_pairs(strategic_session) if e == expert.id}
    session_projects = {
        p.id: p
        for p in db.session.scalars(
            db.select(Project).where(Project.session_id == strategic_session.id)
        )
    }
    seen: set[int] = set()
    rows = []
    for number in range(FIRST_ROW, sheet.max_row + 1):
        project_cell = sheet.value(number, 1)
        cells = {column: sheet.value(number, column) for column in columns}
        comment = sheet.value(number, comment_column) if comment_column else None
        comment = "" if _blank(comment) else str(comment).strip()
        if all(_blank(v) for v in cells.values()):
            # Not scored on paper (a comment alone does not make a scorecard).
            if not _blank(project_cell):
                result.blank += 1
            continue
        project_id = _whole_number(project_cell)
        if project_id is None:
            result.errors.append(
                _("%(cell)s: no project ID on a row with scores.", cell=_ref(1, number))
                if _blank(project_cell)
                else _(
                    "%(cell)s: «%(value)s» is not a project ID.",
                    cell=_ref(1, number),
                    value=project_cell,
                )
            )
            continue
        if project_id in seen:
            result.errors.append(
                _("%(cell)s: project %(id)d is listed twice.", cell=_ref(1, number), id=project_id)
            )
            continue
        seen.add(project_id)
        if project_id in conflicts:
            result.errors.append(
                _(
                    "%(cell)s: the expert has a conflict of interest with project %(id)d.",
                    cell=_ref(1, number),
                    id=project_id,
                )
            )
            continue
        scorecard = assigned.get(project_id)
        if scorecard is None:
            message = (
                _(
                    "%(cell)s: project %(id)d is not assigned to this expert.",
                    cell=_ref(1, number),
                    id=project_id,
                )
                if project_id in session_projects
                else _("%(cell)s: unknown project %(id)d.", cell=_ref(1, number), id=project_id)
            )
            result.errors.append(message)
            continue
        values = _read_scores(number, cells, columns, result)
        if values is None:
            continue
        if scorecard.state == ScorecardState.SUBMITTED:
            current = {s.criterion_id: s.value for s in scorecard.scores}
            if all(current.get(cid) == v for cid, v in values.items() if v is not None):
                result.unchanged += 1
            else:
                result.errors.append(
                    _(
                        "%(cell)s: the scorecard for project %(id)d is already submitted; "
                        "reopen it before changing it.",
                        cell=_ref(1, number),
                        id=project_id,
                    )
                )
            continue
        rows.append(_Row(number, scorecard, values, comment))
    return rows


def _read_scores(number: int, cells: dict, columns: dict, result: ImportResult) -> dict | None:
    """Criterion id → score of one row, or ``None`` after adding the row's errors."""
    values = {}
    errors_before = len(result.errors)
    for column, raw in cells.items():
        criterion = columns[column]
        ref = _ref(column, number)
        if _blank(raw):
            if criterion.counted:
                result.errors.append(
                    _(
                        "%(cell)s: no score for the criterion «%(title)s».",
                        cell=ref,
                        title=criterion.title,
                    )
                )
            values[criterion.id] = None
            continue
        value = _whole_number(raw)
        if value is None:
            result.errors.append(
                _("%(cell)s: «%(value)s» is not a whole number.", cell=ref, value=raw)
            )
        elif not criterion.scale_min <= value <= criterion.scale_max:
            result.errors.append(
                _(
                    "%(cell)s: score %(value)d is outside the scale %(low)d–%(high)d.",
                    cell=ref,
                    value=value,
                    low=criterion.scale_min,
                    high=criterion.scale_max,
                )
            )
        else:
            values[criterion.id] = value
    return None if len(result.errors) > errors_before else values
