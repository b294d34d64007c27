"""The JSON API, version 1, under ``/api/v1/``: documented from the code by flask-smorest
(marshmallow schemas), served as OpenAPI 3 at ``/api/v1/openapi.json`` with its docs page.

Every request authenticates with a personal API token (``Authorization: Bearer st_…``,
:mod:`.auth`); the browser's log-in cookie counts for nothing here, so no CSRF token is asked
for. Reads and writes keep the web pages' rules: the same loaders' checks
(``sessions/access.py``, ``projects/permissions.py``), the same services, one unit of work per
request. A new resource is a module with a ``blp`` added to :data:`RESOURCES`.
"""

from flask import Flask
from flask_smorest import Api

from ...extensions import csrf
from . import auth, docs, duplicates, errors, portfolio, projects, sessions

RESOURCES = (sessions, projects, portfolio, duplicates)
DESCRIPTION = (
    "The sessions you take part in, their projects and review results, read with exactly "
    "your permissions on the web pages; your working group's projects written through the "
    "same rules. Authenticate with a personal API token from your account's *API tokens* "
    "page: `Authorization: Bearer st_…`. A read token reads; a read and write token also "
    "writes. Errors are JSON with `message` (in your interface language) and `field`."
)
PREFIX = "/api/v1"


class JsonApi(Api):
    """flask-smorest's Api whose JSON errors answer the API's requests only: the web pages
    keep their own error pages (flask-smorest would otherwise take over every error)."""

    ERROR_SCHEMA = errors.ErrorSchema

    def _register_error_handlers(self):
        pass


def init_app(app: Flask) -> None:
    """Register the API's resources, its OpenAPI document and its docs page on ``app``."""
    app.config.setdefault("API_TITLE", "sessiontrack API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = JsonApi(app, spec_kwargs={"info": {"description": DESCRIPTION}})
    api.spec.components.security_scheme(
        "token", {"type": "http", "scheme": "bearer", "description": auth.SCHEME_DESCRIPTION}
    )
    api.spec.options["security"] = [{"token": []}]
    for resource in RESOURCES:
        csrf.exempt(resource.blp)
        api.register_blueprint(resource.blp, url_prefix=PREFIX)
    app.register_blueprint(docs.bp, url_prefix=PREFIX)
