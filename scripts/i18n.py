"""Maintain the Russian catalogue.

    python scripts/i18n.py update            # extract messages, merge into ru/messages.po
    python scripts/i18n.py missing           # list msgids without a Russian translation
    python scripts/i18n.py set FILE.json     # fill translations from {"msgid": "msgstr", ...}
    python scripts/i18n.py compile           # write messages.mo

Plural entries take a list in FILE.json: {"%(num)d project": ["%(num)d проект", ...]}.
"""

import json
import subprocess  # nosec B404 - runs pybabel, a fixed developer command
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "sessiontrack" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def _read():
    with PO.open("rb") as handle:
        return read_po(handle, locale="ru")


def _write(catalog) -> None:
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def update() -> None:
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    common = ["-F", str(ROOT / "babel.cfg"), "-k", "_l", "--no-location", "--sort-output"]
    subprocess.run([pybabel, "extract", *common, "-o", str(POT), str(ROOT)], check=True)
    subprocess.run(
        [
            pybabel,
            "update",
            "-i",
            str(POT),
            "-d",
            str(TRANSLATIONS),
            "-l",
            "ru",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        ],
        check=True,
    )


def missing() -> list[str]:
    catalog = _read()
    return [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]


def set_translations(path: str) -> None:
    catalog = _read()
    for msgid, msgstr in json.loads(Path(path).read_text(encoding="utf-8")).items():
        for message in catalog:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key == msgid:
                message.string = tuple(msgstr) if isinstance(msgstr, list) else msgstr
                message.flags.discard("fuzzy")
    _write(catalog)


def compile_catalog() -> None:
    catalog = _read()
    with MO.open("wb") as handle:
        write_mo(handle, catalog)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "missing":
        print("\n".join(missing()))
    elif command == "set":
        set_translations(sys.argv[2])
    elif command == "compile":
        compile_catalog()
    else:
        sys.exit(__doc__)
