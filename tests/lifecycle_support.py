"""Reading a session's lifecycle page: its history of stage changes."""

import re


def lifecycle_history(client, slug: str) -> str:
    """The history part of a session's lifecycle page, spaces folded."""
    page = re.sub(r"\s+", " ", client.get(f"/s/{slug}/lifecycle").get_data(as_text=True))
    return page.partition('id="history-heading"')[2]


def stage_changes(history: str) -> list[str]:
    """The «from → to» of each entry, newest first."""
    return re.findall(r"· ([^·<]+ → [^·<]+?) </div>", history)


def entry_times(history: str) -> list[str]:
    """The ISO moment of each entry, newest first."""
    return re.findall(r'<time datetime="([^"]+)"', history)
