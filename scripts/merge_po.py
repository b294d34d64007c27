"""Merge the Russian catalogue of a branch into the working tree's, message by message.

    python scripts/merge_po.py BRANCH [BRANCH ...]

Used while merging feature branches, whose catalogues conflict as text (each branch adds its own
messages, and pybabel rewraps the file). Messages are extracted afresh; then, for every msgid,
a branch's translation is taken where the branch changed it since its merge base with HEAD and
HEAD did not (a three-way merge per message); a msgid HEAD lacks a translation for is filled
from the first branch that has one. The catalogue is then compiled.
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


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], capture_output=True, check=True).stdout


def _translations(revision: str) -> dict:
    """msgid → translation of the catalogue at a git revision (translated, not fuzzy)."""
    catalogue = read_po(BytesIO(_git("show", f"{revision}:{PO_PATH}")), locale="ru")
    return {
        _key(message): message.string
        for message in catalogue
        if message.id and _translated(message) and not message.fuzzy
    }


def main(branches: list[str]) -> None:
    ours = _translations("HEAD")
    chosen: dict = {}
    for branch in branches:
        base = _translations(_git("merge-base", "HEAD", branch).decode().strip())
        for key, string in _translations(branch).items():
            changed_there = base.get(key) != string
            unchanged_here = ours.get(key) == base.get(key)
            if key not in ours or (changed_there and unchanged_here):
                chosen.setdefault(key, string)
    i18n.update()
    catalog = i18n._read()
    for message in catalog:
        key = _key(message)
        if not message.id:
            continue
        if key in chosen:
            message.string = chosen[key]
        elif not _translated(message) and key in ours:
            message.string = ours[key]
        else:
            continue
        message.flags.discard("fuzzy")
    i18n._write(catalog)
    i18n.compile_catalog()
    missing = i18n.missing()
    print(f"{len(missing)} untranslated" + (": " + ", ".join(missing[:10]) if missing else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
