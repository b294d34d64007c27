"""Response headers that every page carries; the client's address behind reverse proxies;
throttling that several processes must share."""

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    """Trust the configured proxies' forwarded headers and add security headers to every
    response."""
    if proxies := app.config["TRUSTED_PROXIES"]:
        # Only the headers the proxies set: X-Forwarded-Host is left alone, so that a
        # client cannot choose the host of generated links.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def unshared_throttling_warning(config, workers: int) -> str | None:
    """What to say when several worker processes each keep their own log-in counts (memory
    storage), so that an attacker gets the limits once per process; ``None`` when the counts
    are shared or there is one process."""
    storage = config["RATELIMIT_STORAGE_URI"]
    if (
        workers <= 1
        or not storage.startswith("memory://")
        or not config.get("RATELIMIT_ENABLED", True)
    ):
        return None
    return (
        f"{workers} workers keep their own log-in throttling counts ({storage}): each limit is "
        "granted once per worker. Set SESSIONTRACK_RATELIMIT_STORAGE_URI=redis://… to share them."
    )
