"""A gunicorn worker killed (SIGKILL) while a referee's sheet is inside its database
transaction: nothing of it is stored; the tablet resends under the same idempotency key
and the sheet is stored once, whole; a resend after success is answered "already
received" and stores nothing more.

How the kill lands inside the transaction, without a fault switch in the app: the test
holds a lock the submission needs. On PostgreSQL it holds ``audit_entry`` in SHARE mode,
so the worker has written the results and the unit and waits to insert the audit line
(the test checks, in ``pg_locks``, that the waiting backend holds row locks on
``result``); on SQLite it holds the write lock (``BEGIN IMMEDIATE``), so the worker waits
inside its transaction for it (busy timeout 5 s) when it is killed.
"""

from __future__ import annotations

import abc
import os
import signal
import sqlite3
import threading
import time

from sqlalchemy import create_engine, func, select, text

from meet.extensions import db
from meet.models import AuditEntry, Result, ResultVersion
from tests import factories
from tests.conftest import ON_POSTGRES
from tests.faults.conftest import TIMES, schema_url
from tests.faults.harness import JSON, Gunicorn, Http
from tests.scoring.factories import sheet_form


def stored(w) -> dict:
    db.session.rollback()  # read what is committed now
    versions = list(db.session.scalars(
        select(ResultVersion).where(ResultVersion.unit_id == w.heat.id)))
    results = list(db.session.scalars(select(Result).where(Result.unit_id == w.heat.id)))
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.action == "result.submit"))
    return {"versions": versions, "results": results, "audits": audits}


def sheet(w, key: str) -> dict:
    return {**sheet_form(w.heat, TIMES), "submission_key": key, "version": str(w.heat.version)}


class Hold(abc.ABC):
    """The lock the submission will wait for, held by the test (PostgreSQL or SQLite)."""

    @abc.abstractmethod
    def __enter__(self): ...

    def waiting_backend(self) -> int | None:
        return None


class PgHold(Hold):
    def __enter__(self):
        self.engine = create_engine(schema_url())
        self.conn = self.engine.connect()
        self.conn.execute(text("LOCK TABLE audit_entry IN SHARE MODE"))
        return self

    def waiting_backend(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.engine.connect() as c:
                pid = c.scalar(text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query ILIKE '%audit_entry%'"))
            if pid:
                return pid
            time.sleep(0.05)
        raise AssertionError("the worker never reached the audit insert")

    def wrote_results(self, pid: int) -> bool:
        with self.engine.connect() as c:
            return bool(c.scalar(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.pid = :pid AND c.relname = 'result' AND l.mode = 'RowExclusiveLock' "
                "AND l.granted"), {"pid": pid}))

    def gone(self, pid: int, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.engine.connect() as c:
                if not c.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"),
                                {"p": pid}):
                    return True
            time.sleep(0.1)
        return False

    def __exit__(self, *exc):
        self.conn.rollback()
        self.conn.close()


class SqliteHold(Hold):
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_worker_killed_mid_submission_then_resend_stores_once(fault_world, tmp_path):
    w = fault_world
    server = Gunicorn(w.url, tmp_path / "gunicorn.log")
    try:
        server.wait_ready()
        tablet = Http(server.base)
        tablet.login("referee01", factories.PASSWORD)
        [worker] = server.workers()
        outcome: dict = {}
        url, data = f"/scoring/units/{w.heat.id}", sheet(w, "tablet-1-sheet-1")

        def send():
            try:
                outcome["answer"] = tablet.request(url, data, JSON)
            except OSError as err:  # the worker died under it
                outcome["error"] = err

        with (PgHold() if ON_POSTGRES else SqliteHold(w.path)) as hold:
            sender = threading.Thread(target=send)
            sender.start()
            if ON_POSTGRES:
                backend = hold.waiting_backend()
                assert hold.wrote_results(backend), "killed before anything was written"
            else:
                server.wait_serving(worker)
                time.sleep(0.5)  # the worker is waiting for the write lock (busy 5 s)
            assert sender.is_alive(), outcome
            os.kill(worker, signal.SIGKILL)
            sender.join(30)
            assert "error" in outcome, outcome
        if ON_POSTGRES:
            assert hold.gone(backend), "the killed worker's transaction is still open"
            hold.engine.dispose()

        now = stored(w)
        assert now["versions"] == [] and now["results"] == [] and now["audits"] == 0

        server.wait_ready()  # the master has started a new worker
        assert server.workers() != [worker]
        status, body = tablet.request(url, data, JSON)
        assert status == 200 and '"duplicate":false' in body.replace(" ", ""), body
        now = stored(w)
        [version] = now["versions"]
        assert version.submission_key == "tablet-1-sheet-1" and version.action == "submit"
        marks = {r.slot.position: (r.mark, r.status) for r in now["results"]}
        assert len(now["results"]) == 5 and now["audits"] == 1
        assert [marks[p][0] for p in (1, 2, 3, 4)] == ["10.83", "10.91", "11.02", "11.20"]
        assert marks[5][1] == "DNF"
        assert len(version.sheet["lines"]) == 5

        # The answer to the resend was lost too: the tablet sends once more.
        status, body = tablet.request(url, data, JSON)
        assert status == 200 and '"duplicate":true' in body.replace(" ", ""), body
        again = stored(w)
        assert len(again["versions"]) == 1 and len(again["results"]) == 5
        assert again["audits"] == 1
    except AssertionError:
        print(server.log_text())
        raise
    finally:
        server.stop()
