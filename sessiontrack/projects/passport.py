"""The passport as plain data: the snapshot a revision keeps, its values described for people,
what a submission still lacks, and the values by which two snapshots compare (the comparison
itself is :mod:`.comparison`).

A snapshot is JSON: texts, years, amounts as strings (``"12.50"``), dates in ISO format,
enumerations by value, and references as small dicts that keep the name (an organisation
renamed or deleted later does not change what a revision says).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .models import Project, ResourceKind, ResourceStatus, StageStatus

SNAPSHOT_SCHEMA = 1
CENT = Decimal("0.01")

# The passport's own fields in the order of the passport, with their labels.
FIELDS = {
    "title": _l("Full title"),
    "short_title": _l("Short title"),
    "direction": _l("Direction"),
    "working_group": _l("Working group"),
    "problem": _l("Problem"),
    "goal": _l("Goal"),
    "expected_results": _l("Expected results"),
    "start_year": _l("Start year"),
    "end_year": _l("End year"),
    "lead_organisation": _l("Lead organisation"),
    "responsible_person": _l("Responsible person"),
    "responsible_position": _l("Position of the responsible person"),
    "national_projects": _l("National projects"),
    "strategy_priorities": _l("Strategy priorities"),
    "risks": _l("Risks"),
}

# The repeatable parts: label and the fields of a row, in order.
SECTIONS = {
    "partners": (
        _l("Partner organisations"),
        {"organisation": _l("Organisation"), "contribution": _l("Contribution")},
    ),
    "indicators": (
        _l("Target indicators"),
        {
            "name": _l("Indicator"),
            "unit": _l("Unit"),
            "baseline": _l("Baseline"),
            "target": _l("Target"),
            "year": _l("Year"),
        },
    ),
    "resources": (
        _l("Resources"),
        {
            "kind": _l("Kind"),
            "description": _l("Description"),
            "amount": _l("Amount"),
            "unit": _l("Unit"),
            "year": _l("Year"),
            "funding_source": _l("Funding source"),
            "status": _l("Status"),
        },
    ),
    "stages": (
        _l("Key stages"),
        {
            "title": _l("Stage"),
            "starts_on": _l("Start"),
            "ends_on": _l("End"),
            "deliverable": _l("Deliverable"),
            "responsible_organisation": _l("Responsible organisation"),
            "status": _l("Status"),
        },
    ),
}

# ----------------------------------------------------------------------------------------------
# Snapshots
# ----------------------------------------------------------------------------------------------


def _amount(value) -> str | None:
    return None if value is None else format(Decimal(value).quantize(CENT), "f")


def _organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"name": organisation.name}


def _bilingual(row) -> dict | None:
    if row is None:
        return None
    return {"code": row.code, "title_ru": row.title_ru, "title_en": row.title_en}


def _titled(row) -> dict | None:
    return None if row is None else {"title": row.title}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def snapshot(project: Project) -> dict:
    """The whole passport of ``project`` as JSON-ready data (works on unsaved projects too)."""
    return {
        "schema": SNAPSHOT_SCHEMA,
        "title": project.title or "",
        "short_title": project.short_title or "",
        "direction": _titled(project.direction),
        "working_group": _titled(project.working_group),
        "problem": project.problem or "",
        "goal": project.goal or "",
        "expected_results": project.expected_results or "",
        "start_year": project.start_year,
        "end_year": project.end_year,
        "lead_organisation": _organisation(project.lead_organisation),
        "responsible_person": project.responsible_person or "",
        "responsible_position": project.responsible_position or "",
        "national_projects": [_bilingual(np) for np in project.national_projects],
        "strategy_priorities": [_titled(sp) for sp in project.strategy_priorities],
        "risks": project.risks or "",
        "partners": [
            {"organisation": _organisation(p.organisation), "contribution": p.contribution or ""}
            for p in project.partners
        ],
        "indicators": [
            {
                "name": i.name or "",
                "unit": i.unit or "",
                "baseline": _amount(i.baseline),
                "target": _amount(i.target),
                "year": i.year,
            }
            for i in project.indicators
        ],
        "resources": [
            {
                "kind": str(r.kind.value if r.kind is not None else ""),
                "description": r.description or "",
                "amount": _amount(r.amount),
                "unit": r.unit or "",
                "year": r.year,
                "funding_source": _bilingual(r.funding_source),
                "status": str(r.status.value if r.status is not None else ""),
            }
            for r in project.resources
        ],
        "stages": [
            {
                "title": s.title or "",
                "starts_on": _day(s.starts_on),
                "ends_on": _day(s.ends_on),
                "deliverable": s.deliverable or "",
                "responsible_organisation": _organisation(s.responsible_organisation),
                "status": str(s.status.value if s.status is not None else ""),
            }
            for s in project.stages
        ],
    }


# ----------------------------------------------------------------------------------------------
# Describing values for people
# ----------------------------------------------------------------------------------------------

_ENUMS = {
    ("resources", "kind"): ResourceKind,
    ("resources", "status"): ResourceStatus,
    ("stages", "status"): StageStatus,
}
_AMOUNTS = {"amount", "baseline", "target"}
_DATES = {"starts_on", "ends_on"}
EMPTY = "—"


def _reference_title(value: dict) -> str:
    if "name" in value:
        return value["name"]
    if "title_ru" in value:
        locale = get_locale()
        english = locale is not None and locale.language == "en"
        return value["title_en"] if english else value["title_ru"]
    return value.get("title", "")


def describe(key: str, value, section: str | None = None) -> str:
    """A snapshot value as the interface shows it, in the interface language."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return "; ".join(describe(key, item, section) for item in value)
    if isinstance(value, dict):
        return _reference_title(value)
    enum = _ENUMS.get((section, key))
    if enum is not None:
        try:
            return enum(value).title
        except ValueError:
            return str(value)
    if key in _AMOUNTS:
        return format_decimal(Decimal(value), format="#,##0.##")
    if key in _DATES:
        return format_date(date.fromisoformat(value))
    return str(value)


def describe_row(section: str, row: dict) -> str:
    """One line for a row of a repeatable part, e.g. a resource with its amount and source."""
    parts = []
    for key in SECTIONS[section][1]:
        if section == "resources" and key == "unit":
            continue
        text = describe(key, row.get(key), section)
        if key == "amount" and row.get("unit"):
            text = f"{text} {row['unit']}"
        if text != EMPTY:
            parts.append(text)
    return " · ".join(parts)


# ----------------------------------------------------------------------------------------------
# What a submission still lacks
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """Something a submission needs, with the id of the form field where it is entered."""

    anchor: str
    text: str


def _row_anchor(section: str, index: int, name: str) -> str:
    return f"{section}-{index}-{name}"


def _within(year: int | None, start: int | None, end: int | None) -> bool:
    return year is None or start is None or end is None or start <= year <= end


def missing_items(
    passport: dict, anchor: Callable[[str, int, str], str] = _row_anchor
) -> list[Missing]:
    """Everything a complete passport needs and ``passport`` lacks, in the passport's order.

    ``anchor(section, index, field)`` names the form field of a row; a form whose rows are
    numbered differently from the snapshot passes its own.
    """
    items: list[Missing] = []

    def need(name: str, text: str) -> None:
        if passport.get(name) in (None, "", []):
            items.append(Missing(name, text))

    need("title", _("title"))
    need("problem", _("problem"))
    need("goal", _("goal"))
    need("expected_results", _("expected results"))
    need("start_year", _("start year"))
    need("end_year", _("end year"))
    need("lead_organisation", _("lead organisation"))
    need("responsible_person", _("responsible person"))
    if not passport.get("national_projects") and not passport.get("strategy_priorities"):
        items.append(
            Missing("national_projects", _("no link to a national project or strategy priority"))
        )
    need("risks", _("risks"))

    start, end = passport.get("start_year"), passport.get("end_year")

    def outside(section: str, index: int, name: str, year: int, label: str) -> None:
        items.append(
            Missing(
                anchor(section, index, name),
                _(
                    "%(row)s: year %(year)d is outside the timeframe %(start)d–%(end)d",
                    row=label,
                    year=year,
                    start=start,
                    end=end,
                ),
            )
        )

    indicators = passport.get("indicators") or []
    if not indicators:
        items.append(Missing("indicators-section", _("no target indicator")))
    for index, row in enumerate(indicators):
        label = _("indicator %(number)d", number=index + 1)
        if row.get("target") is None:
            items.append(
                Missing(
                    anchor("indicators", index, "target"), _("%(row)s: target value", row=label)
                )
            )
        if row.get("year") is None:
            items.append(
                Missing(anchor("indicators", index, "year"), _("%(row)s: year", row=label))
            )
        elif not _within(row["year"], start, end):
            outside("indicators", index, "year", row["year"], label)

    resources = passport.get("resources") or []
    if not resources:
        items.append(Missing("resources-section", _("no resource")))
    for index, row in enumerate(resources):
        label = _("resource %(number)d", number=index + 1)
        if row.get("year") is None:
            items.append(Missing(anchor("resources", index, "year"), _("%(row)s: year", row=label)))
        elif not _within(row["year"], start, end):
            outside("resources", index, "year", row["year"], label)
        if row.get("kind") == ResourceKind.FINANCIAL.value and not row.get("funding_source"):
            items.append(
                Missing(
                    anchor("resources", index, "funding_source"),
                    _("%(row)s: funding source", row=label),
                )
            )

    stages = passport.get("stages") or []
    if not stages:
        items.append(Missing("stages-section", _("no key stage")))
    for index, row in enumerate(stages):
        label = _("stage %(number)d", number=index + 1)
        for name, text in (("starts_on", _("start date")), ("ends_on", _("end date"))):
            if not row.get(name):
                items.append(Missing(anchor("stages", index, name), f"{label}: {text}"))
            elif not _within(date.fromisoformat(row[name]).year, start, end):
                outside("stages", index, name, date.fromisoformat(row[name]).year, label)
    return items


def comparable(value):
    """Snapshots hold no database ids (they travel in JSON exports): everything compares by
    value, references by their name, title or code."""
    if isinstance(value, list):
        return tuple(comparable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, comparable(v)) for k, v in value.items()))
    return value
