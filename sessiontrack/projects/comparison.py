"""Two passports (snapshots) compared field by field, and row by row for the repeatable parts:
what the revisions page and the conflict of two saves show."""

from dataclasses import dataclass, field

from .passport import FIELDS, SECTIONS, comparable, describe, describe_row


@dataclass
class FieldChange:
    """A field of the passport from one version to the other (``changed`` or not)."""

    key: str
    label: str
    old: str
    new: str
    changed: bool = True


@dataclass
class RowChange:
    """A row added, removed or changed; ``fields`` lists what changed in a changed row."""

    kind: str  # "added" | "removed" | "changed"
    old: str = ""
    new: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class SectionChanges:
    """The rows of a repeatable part that changed, and how many stayed as they were."""

    key: str
    label: str
    rows: list[RowChange]
    unchanged: int


@dataclass
class Comparison:
    """Two passports compared: every field, and the changed rows of each repeatable part."""

    fields: list[FieldChange]
    sections: list[SectionChanges]

    @property
    def changed_fields(self) -> list[FieldChange]:
        """The fields that differ."""
        return [f for f in self.fields if f.changed]

    @property
    def has_changes(self) -> bool:
        """Whether anything differs at all."""
        return bool(self.changed_fields) or any(s.rows for s in self.sections)


def _row_key(section: str, row: dict):
    """What names a row, so that a row whose other fields changed is seen as changed."""
    if section == "partners":
        return comparable(row.get("organisation"))
    if section == "indicators":
        return (row.get("name") or "").strip().casefold() or None
    if section == "stages":
        return (row.get("title") or "").strip().casefold() or None
    description = (row.get("description") or "").strip().casefold()
    if description:
        return description
    return (row.get("kind"), comparable(row.get("funding_source")), row.get("year"))


def _differences(section: str, old: dict, new: dict) -> list[str]:
    return [k for k in SECTIONS[section][1] if comparable(old.get(k)) != comparable(new.get(k))]


def _compare_rows(section: str, old_rows: list[dict], new_rows: list[dict]) -> SectionChanges:
    """Pair rows by content: identical rows are unchanged; rows with the same key (or only one
    field apart) are changed; what remains was added or removed."""
    old_left = list(range(len(old_rows)))
    pairs: dict[int, int] = {}
    unchanged = 0
    for n, row in enumerate(new_rows):
        for o in old_left:
            if not _differences(section, old_rows[o], row):
                old_left.remove(o)
                unchanged += 1
                pairs[n] = -1
                break
    for match in (
        lambda o, n: _row_key(section, old_rows[o]) == _row_key(section, new_rows[n]),
        lambda o, n: len(_differences(section, old_rows[o], new_rows[n])) == 1,
    ):
        for n in range(len(new_rows)):
            if n in pairs:
                continue
            for o in old_left:
                if match(o, n):
                    old_left.remove(o)
                    pairs[n] = o
                    break
    labels = SECTIONS[section][1]
    rows = []
    for n, new in enumerate(new_rows):
        o = pairs.get(n)
        if o is None:
            rows.append(RowChange("added", new=describe_row(section, new)))
        elif o >= 0:
            old = old_rows[o]
            rows.append(
                RowChange(
                    "changed",
                    old=describe_row(section, old),
                    new=describe_row(section, new),
                    fields=[
                        FieldChange(
                            k,
                            str(labels[k]),
                            describe(k, old.get(k), section),
                            describe(k, new.get(k), section),
                        )
                        for k in _differences(section, old, new)
                    ],
                )
            )
    rows.extend(RowChange("removed", old=describe_row(section, old_rows[o])) for o in old_left)
    return SectionChanges(section, str(SECTIONS[section][0]), rows, unchanged)


def compare(old: dict, new: dict) -> Comparison:
    """Field by field from ``old`` to ``new``, and row by row for the repeatable parts."""
    fields = [
        FieldChange(
            key,
            str(label),
            describe(key, old.get(key)),
            describe(key, new.get(key)),
            changed=comparable(old.get(key)) != comparable(new.get(key)),
        )
        for key, label in FIELDS.items()
    ]
    sections = [
        _compare_rows(section, old.get(section) or [], new.get(section) or [])
        for section in SECTIONS
    ]
    return Comparison(fields, sections)
