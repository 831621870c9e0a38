"""The organiser's administration pages."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from meet.admin import views  # noqa: E402,F401
