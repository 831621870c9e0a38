"""Login and logout."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from meet.auth import views  # noqa: E402,F401
