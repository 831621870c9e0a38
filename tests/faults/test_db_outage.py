"""PostgreSQL out of reach while the app runs: a TCP proxy between the app and the
server is cut (every connection dropped, new ones refused, as when the server restarts)
and put back.

While it is cut, ``/healthz`` answers 503, pages answer a Chinese 503 page (no
traceback), the tablet gets JSON it keeps its sheet on. Once it is back, the same app,
not restarted, answers ``/healthz`` 200 and takes the resent sheet: the pool's pre-ping
replaces the dead connections.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from config import Config, TestingConfig
from meet import create_app
from meet.extensions import db
from meet.models import Result, ResultVersion
from tests.conftest import ON_POSTGRES, FreshClient, login
from tests.faults.conftest import TIMES, schema_url
from tests.faults.harness import JSON, Proxy
from tests.scoring.factories import sheet_form

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL: a server to cut off")


def test_production_pool_settings_survive_a_restart():
    assert Config.SQLALCHEMY_ENGINE_OPTIONS["pool_pre_ping"] is True
    assert 0 < Config.SQLALCHEMY_ENGINE_OPTIONS["pool_recycle"] <= 3600
    app = create_app(type("Pg", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": schema_url()}))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 5


def test_database_cut_off_and_back(fault_world):
    w = fault_world
    real = make_url(w.url)
    proxy = Proxy((real.host or "127.0.0.1", real.port or 5432))
    app = create_app(type("ViaProxy", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": schema_url("127.0.0.1", proxy.port),
        "SQLALCHEMY_ENGINE_OPTIONS": dict(Config.SQLALCHEMY_ENGINE_OPTIONS),
    }))
    app.test_client_class = FreshClient
    try:
        tablet = app.test_client()
        assert login(tablet, "referee01").status_code == 302
        sheet_url = f"/scoring/units/{w.heat.id}"
        assert tablet.get("/healthz").status_code == 200
        assert tablet.get(sheet_url).status_code == 200  # the pool holds live connections
        data = {**sheet_form(w.heat, TIMES), "submission_key": "k-1",
                "version": str(w.heat.version)}

        proxy.cut()
        r = tablet.get("/healthz")
        assert r.status_code == 503 and r.get_json()["database"] == "unreachable"
        for path in (sheet_url, "/"):
            r = tablet.get(path)
            page = r.get_data(as_text=True)
            assert r.status_code == 503, (path, page[:300])
            assert "暂时无法连接数据库" in page and "Traceback" not in page
        r = tablet.post(sheet_url, data=data, headers=JSON)
        assert r.status_code == 503 and r.get_json()["problem"] == "unreachable"
        r = tablet.post(sheet_url, data=data)
        assert r.status_code == 503 and 'value="k-1"' in r.get_data(as_text=True)

        proxy.restore()
        assert tablet.get("/healthz").status_code == 200
        for duplicate in (False, True):
            r = tablet.post(sheet_url, data=data, headers=JSON)
            assert r.status_code == 200 and r.get_json()["duplicate"] is duplicate
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(ResultVersion)
                                 .where(ResultVersion.unit_id == w.heat.id)) == 1
        assert db.session.scalar(select(func.count()).select_from(Result)
                                 .where(Result.unit_id == w.heat.id)) == 5
    finally:
        with app.app_context():
            db.engine.dispose()
        proxy.close()
