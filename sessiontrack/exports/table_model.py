"""What an exported table is: typed columns (their kind decides the number format) and rows of
plain values, and the names and titles of the session's tables."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import data

# Column kinds, which decide the number format.
TEXT, INTEGER, YEAR, AMOUNT, SCORE, DATE, DATETIME = (
    "text",
    "integer",
    "year",
    "amount",
    "score",
    "date",
    "datetime",
)

TABLE_TITLES = {
    "projects": _l("Projects register"),
    "resources": _l("Resources"),
    "stages": _l("Key stages"),
    "indicators": _l("Target indicators"),
    "scores": _l("Raw scores"),
    "results": _l("Results by project"),
    "ranking": _l("Ranking"),
}
TABLE_NAMES = tuple(TABLE_TITLES)
# Tables that hold experts' scores or what is computed from them.
SCORE_TABLES = frozenset({"scores", "results", "ranking"})


@dataclass(frozen=True)
class Column:
    """A column: its title and kind (one of the kinds above)."""

    title: str
    kind: str = TEXT


@dataclass
class Table:
    """A table: its name (of :data:`TABLE_NAMES`), title, columns and rows."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


def available_tables(scope: data.ExportScope) -> tuple[str, ...]:
    """The tables this scope may see, in the workbook's order."""
    return tuple(name for name in TABLE_NAMES if scope.scores or name not in SCORE_TABLES)


def project_columns() -> list[Column]:
    """The two columns that name a project in a table of its rows: number and title."""
    return [Column(_("Project No."), INTEGER), Column(_("Project"))]


def money_columns() -> list[Column]:
    """The three columns of a project's money in million roubles: need, secured, gap."""
    return [
        Column(_("Need, million roubles"), AMOUNT),
        Column(_("Secured, million roubles"), AMOUNT),
        Column(_("Gap, million roubles"), AMOUNT),
    ]


def money_cells(money) -> list:
    """A :class:`~sessiontrack.projects.summaries.Money`'s cells under :func:`money_columns`."""
    return [money.need, money.secured, money.gap]
