"""Public standings: medal table, team points, results, records, live updates."""

from flask import Blueprint

bp = Blueprint("standings", __name__)

from meet.standings import views  # noqa: E402,F401
