"""Events and schedule: formats, draws, start lists, the timetable, the order book."""

from flask import Blueprint

bp = Blueprint("schedule", __name__)

from meet.schedule import (  # noqa: E402,F401
    views,
    views_timetable,
    views_timetable_public,
    views_venues,
)
