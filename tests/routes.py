"""Routes of the app as the sweeps walk them: every rule and method, its declared access
(meet/access.py), a URL built from a world's ids, and one account per role.

Used by tests/test_route_sweep.py (who is refused) and tests/test_form_fuzz.py (what
hypothesis-generated input does to every write).
"""

from __future__ import annotations

from typing import NamedTuple

from flask import Flask
from werkzeug.routing import Rule

from meet.models import Role

ACCOUNTS = {
    Role.ORGANISER.value: "admin",
    Role.LEADER.value: "leader01",
    Role.REFEREE.value: "referee01",
    Role.CHIEF.value: "chief",
    Role.MARSHAL.value: "marshal01",
}
SKIP_METHODS = {"HEAD", "OPTIONS"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Route(NamedTuple):
    rule: Rule
    method: str
    access: tuple[str, ...]
    url: str


def url_arguments(rule: Rule, ids: dict) -> dict:
    """A plausible value for each URL argument: the world's own id where ``ids`` names
    one, else a placeholder of the converter's type."""
    out = {}
    for name in rule.arguments:
        if name in ids:
            out[name] = ids[name]
        elif hasattr(rule._converters[name], "num_convert"):  # int, float and their kin
            out[name] = 1
        elif name in ("code", "lang"):
            out[name] = "en"
        else:
            out[name] = "x" * 12
    return out


def routes(app: Flask, ids: dict, methods: set[str] | None = None) -> list[Route]:
    """Every rule and method of ``app`` (``methods`` to keep only some), with its URL."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        access = app.view_functions[rule.endpoint].access
        for method in sorted(rule.methods - SKIP_METHODS):
            if methods is not None and method not in methods:
                continue
            url = rule.build(url_arguments(rule, ids), append_unknown=False)[1]
            out.append(Route(rule, method, access, url))
    return out
