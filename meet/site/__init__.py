"""The public home page, each role's dashboard, the language switch and /healthz."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from meet.site import views  # noqa: E402,F401
