"""URL converters: ``<int:...>`` in a route is a database row id.

Row ids are SQL ``INTEGER`` columns, at most 2,147,483,647 (2**31 - 1) on PostgreSQL, and
a number larger than that can never name a row. Werkzeug's ``int`` converter accepts any
number of digits, and handing such a number to the database fails (SQLite: "Python int
too large to convert to SQLite INTEGER"; PostgreSQL: "integer out of range") with a 500.
The converter installed here answers those URLs with 404 (no such row) at routing, for
every route of the app, before any view runs.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

ROW_ID_MAX = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """``<int:x>``: a non-negative integer no larger than the biggest row id."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the converter; call before any blueprint is registered (rules bind their
    converters when they are added)."""
    app.url_map.converters["int"] = RowIdConverter
