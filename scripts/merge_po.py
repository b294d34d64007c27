"""Union the Russian translations of several branches into the working tree's catalogue.

    python scripts/merge_po.py BRANCH [BRANCH ...]

Used after merging feature branches: extracts messages afresh, then fills every msgid that
lacks Russian from the first branch whose catalogue has it, and compiles.
"""

import subprocess  # nosec B404 - runs git with fixed arguments
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n

PO_PATH = "sessiontrack/translations/ru/LC_MESSAGES/messages.po"


def _translated(message) -> bool:
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


def _key(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def main(branches: list[str]) -> None:
    known = {}
    for branch in branches:
        text = subprocess.run(
            ["git", "show", f"{branch}:{PO_PATH}"],
            capture_output=True,
            check=True,
        ).stdout
        for message in read_po(BytesIO(text), locale="ru"):
            if message.id and _translated(message) and not message.fuzzy:
                known.setdefault(_key(message), message.string)
    i18n.update()
    catalog = i18n._read()
    for message in catalog:
        if message.id and not _translated(message) and _key(message) in known:
            message.string = known[_key(message)]
            message.flags.discard("fuzzy")
    i18n._write(catalog)
    i18n.compile_catalog()
    missing = i18n.missing()
    print(f"{len(missing)} untranslated" + (": " + ", ".join(missing[:10]) if missing else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
