"""Fault scenarios: a world on a real database file (SQLite) or in the ``test_faults``
schema (PostgreSQL, when ``DATABASE_URL`` names one), reachable from another process.

``fault_world`` builds the small world with the registration window open and a men's
100 m heat of five; the test's own app (context pushed) reads the database to check
what was stored. ``url`` is the database URL a gunicorn subprocess would be given.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from meet import create_app
from meet.extensions import db
from tests import factories
from tests.conftest import ON_POSTGRES, FreshClient, _fresh_schema, _pg_url, make_config
from tests.registration.conftest import open_window
from tests.scoring import factories as sf

SCHEMA = "test_faults"
TIMES = {1: {"mark": "10.83"}, 2: {"mark": "10.91"}, 3: {"mark": "11.02"},
         4: {"mark": "11.20"}, 5: {"status": "DNF"}}


def schema_url(host: str | None = None, port: int | None = None) -> str:
    """The PostgreSQL URL with ``search_path`` set to the faults schema, optionally
    pointing at another host/port (a proxy)."""
    url = make_url(_pg_url()).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    if host:
        url = url.set(host=host, port=port)
    return url.render_as_string(hide_password=False)


class World:
    pass


@pytest.fixture
def fault_world(tmp_path):
    if ON_POSTGRES:
        _fresh_schema(SCHEMA)
        cfg = make_config(schema=SCHEMA)
        url = schema_url()
    else:
        path = tmp_path / "faults.db"
        cfg = make_config(sqlite_path=str(path))
        url = f"sqlite:///{path}"
    app = create_app(cfg)
    app.test_client_class = FreshClient
    ctx = app.app_context()
    ctx.push()
    db.create_all()
    w = factories.small_world()
    open_window(w.meet)
    w.heat = sf.heats(w.m100, [sf.athletes(w, w.m100, 5)], stage="final", name="决赛").units[0]
    db.session.commit()
    w.app, w.url, w.path = app, url, None if ON_POSTGRES else path
    yield w
    db.session.remove()
    db.engine.dispose()
    ctx.pop()
