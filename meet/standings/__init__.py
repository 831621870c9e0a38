"""Public standings: medal table, team points, results, records, live updates; the
organiser's honours, records, results book and certificates."""

from flask import Blueprint

bp = Blueprint("standings", __name__)

from meet.standings import live, manage, views  # noqa: E402,F401
