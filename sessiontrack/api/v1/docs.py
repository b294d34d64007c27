"""The API's docs page: Swagger UI (vendored, no CDN) over the generated OpenAPI document."""

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/docs")
def docs():
    """The docs page; it loads the OpenAPI document itself (no login: the document is public)."""
    return render_template("api/docs.html")
