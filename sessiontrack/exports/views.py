"""The session's export page."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/s/<slug>/exports")
