"""URL helpers."""

from urllib.parse import urlsplit

from flask import request


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
