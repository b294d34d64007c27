"""URL helpers."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import request, url_for

# Where the JSON API lives: its requests authenticate by token, never by the browser session.
API_PREFIX = "/api/"

# Stands for the varying value while a pattern is built; no real id reaches it.
_MARKER = 2_147_483_647


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths may be used as a ``next`` redirect."""
    if not target:
        return False
    parts = urlsplit(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    )


def same_site_path(url: str | None) -> str | None:
    """The path (and query) of ``url`` if it points to this site, else ``None``: where the
    Referer may send the user back."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_next(path) else None


def url_pattern(endpoint: str, key: str, **values) -> Callable[[object], str]:
    """``url_for(endpoint, **values, key=v)`` for many ``v`` at the price of one ``url_for``.

    A long list with a link per row (two hundred projects) would otherwise build the same route
    for every row. The URL is built once with a marker in place of ``key``, which each call then
    replaces (``key`` must be an integer URL argument).
    """
    path, question, query = url_for(endpoint, **values, **{key: _MARKER}).partition("?")
    prefix, marker, suffix = path.rpartition(str(_MARKER))
    if not marker:
        raise ValueError(f"{key} is not part of the path of {endpoint}")
    suffix += question + query
    return lambda value: f"{prefix}{int(value)}{suffix}"
