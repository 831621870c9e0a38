"""Referee scoring: results entry, confirmation, publication, corrections."""

from flask import Blueprint

bp = Blueprint("scoring", __name__)

from meet.scoring import views  # noqa: E402,F401
