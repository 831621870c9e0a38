"""Fixtures: an empty app per test, the demo meet once per session, factories.

The suite runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` names one
(``.ci/run`` does both). On PostgreSQL each fixture works in its own schema, so the
per-test database and the session's demo meet never see each other's tables.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from meet import create_app
from meet.extensions import db
from tests import factories

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith("postgres")


def _pg_url() -> str:
    url = make_url(DATABASE_URL)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _fresh_schema(name: str) -> None:
    engine = create_engine(_pg_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()


class FreshClient(FlaskClient):
    """Each request starts with an empty ``g``, as in production: the test's own app
    context (kept open for database access) would otherwise carry the login over."""

    def open(self, *args, **kwargs):
        try:
            g.__dict__.clear()
        except RuntimeError:  # no app context pushed
            pass
        return super().open(*args, **kwargs)


# Built documents (order books, results books, badge sheets) of each test app go to a
# folder of its own: apps that share instance/ prune and overwrite each other's files
# ("meet1-results_book-1.pdf" is a name every test meet uses).
_DOCUMENTS_ROOT = tempfile.mkdtemp(prefix="meet-test-documents-")
atexit.register(shutil.rmtree, _DOCUMENTS_ROOT, True)


def make_config(schema: str | None = None, sqlite_path: str | None = None, **overrides):
    attrs: dict = dict(overrides)
    attrs.setdefault("DOCUMENTS_DIR", tempfile.mkdtemp(dir=_DOCUMENTS_ROOT))
    if ON_POSTGRES:
        attrs["SQLALCHEMY_DATABASE_URI"] = _pg_url()
        attrs["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-csearch_path={schema or 'test_func'}"},
        }
    elif sqlite_path:
        attrs["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_path}"
    else:
        attrs["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    return type("Cfg", (TestingConfig,), attrs)


@pytest.fixture
def make_app():
    """Build an app with config overrides, e.g. ``make_app(WTF_CSRF_ENABLED=True)``."""
    made = []

    def _make(**overrides):
        if ON_POSTGRES:
            _fresh_schema("test_func")
        app = create_app(make_config(**overrides))
        app.test_client_class = FreshClient
        ctx = app.app_context()
        ctx.push()
        db.create_all()
        made.append(ctx)
        return app

    yield _make
    for ctx in reversed(made):
        db.session.remove()
        db.engine.dispose()
        ctx.pop()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """A small meet built by factories: see tests/factories.py."""
    return factories.small_world()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """The full demo meet, loaded once; tests using it must not change it."""
    from meet.demo.loader import load_demo

    if ON_POSTGRES:
        _fresh_schema("test_demo")
        cfg = make_config(schema="test_demo")
    else:
        cfg = make_config(sqlite_path=str(tmp_path_factory.mktemp("demo") / "demo.db"))
    app = create_app(cfg)
    app.test_client_class = FreshClient
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """The demo app with its app context pushed, for reading the database."""
    with demo_app.app_context():
        yield demo_app
        db.session.rollback()


@pytest.fixture
def demo_client(demo_app):
    with demo_app.app_context():
        yield demo_app.test_client()


def login(client, username: str, password: str = factories.PASSWORD):
    return client.post("/login", data={"username": username, "password": password})
