"""Interface language: Russian by default, English on a switch the user's choice remembers."""

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel
from flask_login import current_user

LANGUAGE_KEY = "lang"


def select_locale() -> str:
    """The signed-in user's choice, then this browser's choice, then the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get(LANGUAGE_KEY)
    if chosen in languages:
        return chosen
    if request.args.get(LANGUAGE_KEY) in languages:
        return request.args[LANGUAGE_KEY]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask, babel: Babel) -> None:
    """Set up Flask-Babel with the app's locale selector and translations."""
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
