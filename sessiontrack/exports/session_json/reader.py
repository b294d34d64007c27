"""The reader of a document: it converts each object's values by the object's fields, knows the
keys the file has given, and collects every problem with its place in the file."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .fields import BadValue, Field

# What the keys of the file name, for messages about unknown references.
KIND_TITLES = {
    "user": _l("user"),
    "strategy priority": _l("strategy priority"),
    "organisation": _l("organisation"),
    "direction": _l("direction"),
    "working group": _l("working group"),
    "participant": _l("participant"),
    "agenda item": _l("agenda item"),
    "criterion": _l("criterion"),
    "project": _l("project"),
}


@dataclass
class Reader:
    """Reads the document, converting values and collecting every problem with its path."""

    errors: list[str] = field(default_factory=list)
    keys: dict[str, dict[str, dict]] = field(default_factory=dict)

    def error(self, path: str, message: str) -> None:
        """Note a problem at ``path`` of the file."""
        self.errors.append(f"{path}: {message}")

    def fields(self, obj, path: str, spec: dict[str, Field], ignore=()) -> dict | None:
        """The object's values by ``spec``, or ``None`` when it is not an object at all."""
        if not isinstance(obj, dict):
            self.error(path, _("object expected"))
            return None
        values = {}
        for name in obj:
            if name not in spec and name not in ignore:
                self.error(path, _("unknown key «%(key)s»", key=name))
        for name, rule in spec.items():
            if name not in obj:
                if rule.required:
                    self.error(path, _("required key «%(key)s» is missing", key=name))
                values[name] = rule.default
                continue
            try:
                values[name] = rule.convert(obj[name])
            except BadValue as bad:
                self.error(f"{path}.{name}", str(bad))
                values[name] = rule.default
        return values

    def items(self, values: list, path: str, spec: dict[str, Field]) -> list[dict]:
        """Each object of a list read by ``spec``, with its path under ``"_path"``."""
        read = []
        for index, obj in enumerate(values):
            item_path = f"{path}[{index}]"
            row = self.fields(obj, item_path, spec)
            if row is not None:
                row["_path"] = item_path
                read.append(row)
        return read

    def register(self, kind: str, rows: list[dict]) -> None:
        """Make the rows' keys known, refusing duplicates."""
        known = self.keys.setdefault(kind, {})
        for row in rows:
            key = row.get("key")
            if key is None:
                continue
            if key in known:
                self.error(row["_path"], _("the key «%(key)s» is used twice", key=key))
            known[key] = row

    def ref(self, kind: str, row: dict, name: str, required: bool = False) -> None:
        """Check that ``row[name]`` names a known object of ``kind`` (or is empty)."""
        key = row.get(name)
        if key is None:
            if required:
                self.error(row["_path"], _("required key «%(key)s» is missing", key=name))
            return
        if key not in self.keys.get(kind, {}):
            self.error(f"{row['_path']}.{name}", unknown_reference(key, kind))


def unknown_reference(key: str, kind: str) -> str:
    """The message for a reference to a ``kind`` of row the file does not have."""
    return _(
        "unknown reference «%(key)s»: the file has no %(kind)s with this key",
        key=key,
        kind=KIND_TITLES[kind],
    )
