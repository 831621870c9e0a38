"""A database that cannot take a write: a read-only SQLite file, a full disk, and how
each kind of database error is named.

The user gets a 503 page in Chinese that says nothing was saved and why, with what was
typed kept in a "重新提交" form; the tablet gets JSON (and keeps its sheet queued); the
database holds nothing of the failed write; the log line names the request id.

Simulations: a read-only file is opened with ``mode=ro`` (what SQLite does by itself when
the file is not writable; the suite runs as root in CI, for whom permission bits do not
count); a full disk is SQLite's ``max_page_count`` held at the file's current size (packed in
small pages, none free), so a write that needs one more page fails with ``SQLITE_FULL``,
the error a full disk gives.
"""

from __future__ import annotations

import logging
import re
import sqlite3

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from config import TestingConfig
from meet import create_app
from meet.extensions import db
from meet.models import AuditEntry, Person, Result, ResultVersion
from meet.storage import storage_problem
from tests.conftest import ON_POSTGRES
from tests.faults.conftest import TIMES
from tests.registration.conftest import person_form
from tests.scoring.factories import sheet_form

JSON = {"Accept": "application/json"}
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite files only")


def counts() -> tuple[int, int, int, int]:
    db.session.rollback()
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Person, AuditEntry, Result, ResultVersion))


def signed_in(app, other_app, username):
    """A client of ``other_app`` carrying a session made on ``app`` (same secret key):
    signing in writes to the database, which the broken one cannot."""
    from tests.conftest import login

    c = app.test_client()
    assert login(c, username).status_code == 302
    client = other_app.test_client()
    client.set_cookie("session", c.get_cookie("session").value)
    return client


def resend_fields(page: str) -> dict[str, str]:
    form = page.split('class="resend"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


def check_leader_refused(w, leader, problem: str, words: str, caplog):
    before = counts()
    new = person_form(version=str(w.d1.version), name="赵强")
    r = leader.post(f"/teams/{w.d1.id}/people/new", data=new)
    page = r.get_data(as_text=True)
    assert r.status_code == 503 and r.headers["Retry-After"], page
    assert words in page and "数据未保存" in page and "Traceback" not in page
    kept = resend_fields(page)
    assert kept["name"] == "赵强" and kept["id_number"] == new["id_number"]
    assert kept["employer"] == "城关镇政府" and "csrf_token" in kept
    rid = r.headers["X-Request-ID"]
    assert any(f"database {problem}" in m and rid in m for m in caplog.messages)
    assert counts() == before, "a failed write left something behind"


def check_referee_refused(w, referee, problem: str, words: str, caplog):
    before = counts()
    key_form = {**sheet_form(w.heat, TIMES), "submission_key": "k-1",
                "version": str(w.heat.version)}
    r = referee.post(f"/scoring/units/{w.heat.id}", data=key_form, headers=JSON)
    assert r.status_code == 503 and r.get_json()["status"] == "unavailable"
    assert r.get_json()["problem"] == problem and words in r.get_json()["message"]
    r = referee.post(f"/scoring/units/{w.heat.id}", data=key_form)
    page = r.get_data(as_text=True)
    assert r.status_code == 503 and words in page and "Traceback" not in page
    kept = resend_fields(page)
    assert kept["submission_key"] == "k-1"
    assert kept[f"s{w.heat.slots[0].id}-mark"] == "10.83"
    rid = r.headers["X-Request-ID"]
    assert any(f"database {problem}" in m and rid in m for m in caplog.messages)
    assert counts() == before, "a failed write left something behind"


def fill_disk(path) -> int:
    """Pack the file into 512-byte pages with no free page left and answer its size: held
    at that size, a write needing one more page fails as on a full disk. A sheet's
    version (every line as saved, some 1 kB) overflows a 512-byte page, so submitting
    one always needs a new page; a small row may still fit in a page's slack, which is
    why the leader's (small) athlete row is tried on the read-only file only."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.execute("PRAGMA page_size=512")
    raw.execute("VACUUM")
    raw.execute("PRAGMA journal_mode=WAL")
    pages, free = (raw.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count",
                                                                       "freelist_count"))
    raw.close()
    assert free == 0
    return pages


@sqlite_only
def test_read_only_file_is_a_clear_503_and_nothing_is_written(fault_world, caplog):
    w = fault_world
    db.engine.dispose()
    read_only = create_app(type("ReadOnly", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///file:{w.path}?mode=ro&uri=true"}))
    caplog.set_level(logging.WARNING)
    leader = signed_in(w.app, read_only, "leader01")
    assert leader.get(f"/teams/{w.d1.id}/registration").status_code == 200  # reads work
    check_leader_refused(w, leader, "readonly", "数据库只读", caplog)
    check_referee_refused(w, signed_in(w.app, read_only, "referee01"), "readonly",
                          "数据库只读", caplog)


@sqlite_only
def test_full_disk_is_a_clear_503_nothing_half_written_and_the_resend_works(
        fault_world, caplog):
    w = fault_world
    limit = {"pages": 1_000_000}

    @event.listens_for(db.engine, "connect")
    def full(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={limit['pages']}")

    caplog.set_level(logging.WARNING)
    # Signing in writes (failed-login bookkeeping, audit): done before the disk fills.
    referee = signed_in(w.app, w.app, "referee01")
    db.session.rollback()  # the connection goes back to the pool, the world stays usable
    db.engine.dispose()
    limit["pages"] = fill_disk(w.path)
    check_referee_refused(w, referee, "full", "磁盘已满", caplog)

    limit["pages"] = 1_000_000  # space freed: the same sheet, resent, is stored once
    db.session.rollback()
    db.engine.dispose()
    data = {**sheet_form(w.heat, TIMES), "submission_key": "k-1", "version": str(w.heat.version)}
    for duplicate in (False, True):
        r = referee.post(f"/scoring/units/{w.heat.id}", data=data, headers=JSON)
        assert r.status_code == 200 and r.get_json()["duplicate"] is duplicate
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ResultVersion)) == 1
    assert db.session.scalar(select(func.count()).select_from(Result)) == 5


def _sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    err = sqlite3.OperationalError(message)
    err.sqlite_errorcode = code
    return err


@pytest.mark.parametrize("orig, problem", [
    (_sqlite_error("attempt to write a readonly database", 8), "readonly"),
    (_sqlite_error("attempt to write a readonly database", 8 | (5 << 8)), "readonly"),
    (_sqlite_error("database or disk is full", 13), "full"),
    (_sqlite_error("database is locked", 5), "busy"),
    (_sqlite_error("no such table: x", 1), None),
    (psycopg.errors.DiskFull("no space left on device"), "full"),
    (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), "readonly"),
    (psycopg.errors.AdminShutdown("terminating connection"), "unreachable"),
    (psycopg.errors.TooManyConnections("too many clients"), "busy"),
    (psycopg.OperationalError("connection refused"), "unreachable"),
    (psycopg.errors.UndefinedTable("no such table"), None),
])
def test_database_errors_are_named(orig, problem):
    wrapper = ProgrammingError if isinstance(orig, psycopg.errors.UndefinedTable) \
        else OperationalError
    assert storage_problem(wrapper("SELECT 1", {}, orig)) == problem


def test_a_dropped_connection_is_unreachable():
    err = OperationalError("SELECT 1", {}, Exception("server closed the connection"),
                           connection_invalidated=True)
    assert storage_problem(err) == "unreachable"


def test_other_database_errors_stay_500(make_app, caplog):
    app = make_app()

    @app.route("/boom")
    def boom():
        from sqlalchemy import text
        db.session.execute(text("SELECT * FROM no_such_table"))

    r = app.test_client().get("/boom")
    assert r.status_code == 500 and "服务器出错" in r.get_data(as_text=True)
    assert any("unhandled error" in m for m in caplog.messages)


def test_sqlite_uri_form_creates_the_files_directory_not_a_file_colon_one(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    create_app(type("Uri", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///file:{tmp_path}/data/meet.db?mode=rwc&uri=true"}))
    assert (tmp_path / "data").is_dir() and not (tmp_path / "file:").exists()
