"""Team registration: rosters, entries, approval."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from meet.registration import views  # noqa: E402,F401
from meet.registration import views_excel  # noqa: E402,F401
from meet.registration import views_invite  # noqa: E402,F401
