"""What kind of database trouble an error is, so the user is told the truth.

``storage_problem(err)`` names the trouble behind a SQLAlchemy ``DBAPIError``:

* ``"unreachable"``: the connection is gone or cannot be made (PostgreSQL restarting or
  down, network cut): SQLSTATE classes 08 and 57P01-57P03, a psycopg ``OperationalError``
  with no SQLSTATE (the connection attempt failed), or a connection SQLAlchemy invalidated;
* ``"readonly"``: SQLite's ``SQLITE_READONLY`` (the file or its directory is read-only),
  PostgreSQL's ``read_only_sql_transaction`` (25006, a standby);
* ``"full"``: SQLite's ``SQLITE_FULL`` (disk full, or ``max_page_count`` reached),
  PostgreSQL's ``disk_full`` (53100);
* ``"busy"``: SQLite's ``SQLITE_BUSY``/``SQLITE_LOCKED`` after the busy timeout, the rest
  of PostgreSQL's class 53 (out of memory, too many connections);
* ``None``: anything else (a bug, a constraint): the caller's ordinary handling applies.

In every case the transaction did not commit, so the database holds none of it.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_FULL = 5, 6, 8, 13


def _sqlite(orig: sqlite3.Error) -> str | None:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:  # Python < 3.11 has no code: read the message SQLite wrote
        text = str(orig).lower()
        code = (SQLITE_READONLY if "readonly" in text else SQLITE_FULL if "is full" in text
                else SQLITE_BUSY if "locked" in text else None)
        if code is None:
            return None
    return {SQLITE_READONLY: "readonly", SQLITE_FULL: "full", SQLITE_BUSY: "busy",
            SQLITE_LOCKED: "busy"}.get(code & 0xFF)


def _sqlstate(orig: BaseException) -> str | None:
    state = getattr(orig, "sqlstate", None)
    if state is None:
        return None
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return "unreachable"
    if state == "25006":
        return "readonly"
    if state.startswith("53"):
        return "full" if state == "53100" else "busy"
    return None


def storage_problem(err: DBAPIError) -> str | None:
    if err.connection_invalidated:
        return "unreachable"
    orig = err.orig
    if isinstance(orig, sqlite3.Error):
        return _sqlite(orig)
    problem = _sqlstate(orig)
    if problem is None and getattr(orig, "sqlstate", None) is None:
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a runtime requirement
            return None
        if isinstance(orig, psycopg.OperationalError):
            return "unreachable"
    return problem
