"""Team registration: rosters, entries, approval."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from meet.registration import views, views_excel, views_invite, views_settings  # noqa: E402,F401
