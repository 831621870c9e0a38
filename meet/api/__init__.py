"""The public read-only JSON API, /api/v1/. Never any personal data."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from meet.api import views  # noqa: E402,F401
