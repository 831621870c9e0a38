"""Team registration: rosters, entries, approval."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from meet.registration import views  # noqa: E402,F401
