"""Team registration: rosters, entries, approval."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from meet.registration import (  # noqa: E402,F401
    views,
    views_excel,
    views_invite,
    views_joint,
    views_settings,
)
