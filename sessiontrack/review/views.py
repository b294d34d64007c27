"""Expert review pages."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/s/<slug>/review")
