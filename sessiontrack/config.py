"""Default configuration; ``instance/config.py`` and the environment override it."""

import os

# Environment variables read at app creation (never at import time of other modules).
ENV_PREFIX = "SESSIONTRACK_"


class DefaultConfig:
    """Values every deployment starts from."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Check each pooled connection with a round trip to the database before a request uses it
    # (sessiontrack/database.py). Off: a round trip per request saved; a connection found
    # broken (the database restarted) fails its request once and renews the whole pool.
    DATABASE_PRE_PING = False
    SQLALCHEMY_RECORD_QUERIES = False
    # SQLite only: how long a writer waits for another writer before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "ru"
    BABEL_DEFAULT_TIMEZONE = "Europe/Moscow"
    LANGUAGES = ("ru", "en")
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # Uploads, each told at its field: a participant list, an expert's filled paper sheet, a
    # session's JSON export. A request above MAX_CONTENT_LENGTH gets the 413 page.
    IMPORT_MAX_BYTES = 2 * 1024 * 1024
    PAPER_SHEET_MAX_BYTES = 2 * 1024 * 1024
    SESSION_IMPORT_MAX_BYTES = 8 * 1024 * 1024
    # Production behind HTTPS: SECURE_COOKIES=true sends the session and remember-me cookies
    # over HTTPS only (see apply_derived_settings). Off by default: a laptop at the venue
    # serves plain HTTP on the local network.
    SECURE_COOKIES = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PER_PAGE = 50
    # Rows of the ranking on one page (as the project list's default): the first view after a
    # saved score formats them all afresh.
    RANKING_PER_PAGE = 25
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
    # The public catalogue's pages, per address: a forum hall behind one address reads it.
    CATALOGUE_LIMIT_PER_ADDRESS = "600 per minute"
    # How many reverse proxies in front of the app set X-Forwarded-For and -Proto: the
    # per-address limit then counts the browser's address, not the proxy's. 0: none is
    # trusted (a client could otherwise write its own X-Forwarded-For).
    TRUSTED_PROXIES = 0
    # Flask-Mail: e-mail is sent only when MAIL_SERVER is set (MAIL_PORT, MAIL_USE_TLS,
    # MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER as Flask-Mail reads them).
    MAIL_SERVER = None
    MAIL_DEFAULT_SENDER = "sessiontrack@localhost"
    # The task queue (Celery): BROKER_URL names its Redis, e.g. redis://127.0.0.1:6379/0. None:
    # every task runs in-process at once, in the request that sends it (the embedded default).
    BROKER_URL = None
    # The broker's queue of this deployment (workers listen to it: celery worker -Q).
    TASK_QUEUE = "sessiontrack"
    # A task taken by a worker that dies goes back to the queue after this many seconds.
    BROKER_VISIBILITY_TIMEOUT = 3600
    # Celery beat: how often stopped export jobs are marked failed, expired ones deleted, and
    # the reminders sent.
    STALE_JOB_SWEEP_SECONDS = 60
    PRUNE_JOBS_SECONDS = 3600
    REMINDERS_SECONDS = 900
    # The app's address as people open it, for the links of e-mails sent outside a request
    # (the reminder ladder, finished exports); none: those e-mails link to no page.
    PUBLIC_URL = None
    # werkzeug's password hash; tests choose a cheap one, production keeps scrypt.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)


def from_environment() -> dict:
    """Settings given as environment variables.

    ``DATABASE_URL`` and ``SECRET_KEY`` are read as they are; any other ``SESSIONTRACK_X``
    becomes the setting ``X``. Values are strings; ``true``/``false`` become booleans.
    """
    settings: dict = {}
    if url := os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if key := os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = key
    for name, value in os.environ.items():
        if name.startswith(ENV_PREFIX):
            key = name.removeprefix(ENV_PREFIX)
            lowered = value.lower()
            if value.isdigit():
                settings[key] = int(value)
            else:
                settings[key] = {"true": True, "false": False}.get(lowered, value)
            if key == "DATABASE_URL":
                settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(value)
    return settings


def apply_derived_settings(config: dict) -> None:
    """Settings that follow from others, once every source has been read."""
    if config.get("SECURE_COOKIES"):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common ``postgres://`` forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
