"""The session's audit log, for facilitators."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/s/<slug>/audit")
