"""Template globals and filters shared by every page."""

from decimal import Decimal

from flask import Flask, g
from flask_babel import format_decimal, get_locale

from ..sessions.models import SessionRole
from .urls import url_pattern


def init_app(app: Flask) -> None:
    @app.context_processor
    def _globals() -> dict:
        locale = get_locale()
        return {
            "current_language": locale.language if locale else "ru",
            "session_roles": g.get("session_roles", set()),
            "SessionRole": SessionRole,
        }

    app.add_template_global(url_pattern, "url_pattern")

    @app.template_filter("combine_args")
    def combine_args(view_args: dict | None, args: dict) -> dict:
        return {**(view_args or {}), **args}

    @app.template_filter("amount")
    def amount(value) -> str:
        """A money or quantity figure in the interface's number format."""
        if value is None:
            return "—"
        return format_decimal(Decimal(value), format="#,##0.##")
