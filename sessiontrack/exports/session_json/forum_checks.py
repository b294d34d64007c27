"""The checks of the forum's part of a session file: the package builder's funds and pitch
slots, and the package adopted as the forum's decision."""

from flask_babel import gettext as _

from .reader import Reader, unknown_reference
from .schema import ADOPTED_FIELDS, FUND_FIELDS, SLOT_FIELDS


def check_adopted_package(reader: Reader, top: dict) -> dict | None:
    """The adopted package: projects of the file, each once."""
    if top["adopted_package"] is None:
        return None
    adopted = reader.fields(top["adopted_package"], "adopted_package", ADOPTED_FIELDS)
    if adopted is None or adopted["projects"] is None:
        return None
    known = reader.keys.get("project", {})
    for index, key in enumerate(adopted["projects"]):
        if key not in known:
            reader.error(f"adopted_package.projects[{index}]", unknown_reference(key, "project"))
        elif key in adopted["projects"][:index]:
            reader.error(f"adopted_package.projects[{index}]", _("a project listed twice"))
    return adopted


def check_forum_limits(reader: Reader, top: dict, funding: set) -> tuple[list, list]:
    """The forum's funds (a known source, one amount per source and year) and pitch slots (a
    direction of the file, not below zero, one row per direction)."""
    funds = reader.items(top["forum_funds"], "forum_funds", FUND_FIELDS)
    seen = set()
    for row in funds:
        if row["funding_source"] is not None and row["funding_source"] not in funding:
            reader.error(
                f"{row['_path']}.funding_source",
                _("unknown funding source «%(code)s»", code=row["funding_source"]),
            )
        pair = (row["funding_source"], row["year"])
        if pair in seen:
            reader.error(row["_path"], _("a second amount for the same funding source and year"))
        seen.add(pair)
    slots = reader.items(top["pitch_slots"], "pitch_slots", SLOT_FIELDS)
    directions = set()
    for row in slots:
        reader.ref("direction", row, "direction", required=True)
        if row["slots"] is not None and row["slots"] < 0:
            reader.error(
                f"{row['_path']}.slots", _("a number not below %(minimum)s expected", minimum=0)
            )
        if row["direction"] in directions:
            reader.error(row["_path"], _("a second row for the same direction"))
        directions.add(row["direction"])
    return funds, slots
