"""Template globals and filters shared by every page."""

from flask import Flask, g
from flask_babel import get_locale

from . import numbers, typography
from .urls import url_pattern


def init_app(app: Flask) -> None:
    """Give the templates their globals (language, session roles, URL patterns) and filters."""

    @app.context_processor
    def _globals() -> dict:
        locale = get_locale()
        return {
            "current_language": locale.language if locale else "ru",
            "session_roles": g.get("session_roles", set()),
        }

    app.add_template_global(url_pattern, "url_pattern")

    @app.template_filter("combine_args")
    def combine_args(view_args: dict | None, args: dict) -> dict:
        return {**(view_args or {}), **args}

    app.add_template_filter(numbers.amount, "amount")
    app.add_template_filter(numbers.score, "score")
    app.add_template_filter(numbers.signed_score, "signed_score")
    app.add_template_filter(typography.nest_quotes, "nest_quotes")
