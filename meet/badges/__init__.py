"""QR badges (参赛证) and call-room check-in (检录)."""

from flask import Blueprint

bp = Blueprint("badges", __name__)

from meet.badges import views  # noqa: E402,F401
