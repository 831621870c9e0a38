"""Backup and restore, the same for SQLite and PostgreSQL.

A backup is one gzip-compressed JSON document: the schema revision, then every table's
rows in dependency order (parents before children), values in portable form (dates as
ISO 8601, decimals as strings, bytes as base64). It can be restored into an EMPTY
database of either kind at the same schema revision, so a meet run on SQLite at a county
office can move to PostgreSQL and back.

Restore refuses a non-empty database, a backup of another schema revision and a file
that is not a meet backup; it writes in one transaction, so it lands whole or not at all,
and on PostgreSQL it moves every id sequence past the restored ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Numeric,
    Time,
    func,
    inspect,
    select,
    text,
)

from meet.extensions import db

FORMAT = "meet-backup/1"


class BackupError(Exception):
    pass


def _revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decode(column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Time):
        return dt.time.fromisoformat(value)
    if isinstance(kind, Numeric):
        return Decimal(value) if kind.asdecimal else float(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


def backup(path: Path) -> dict[str, int]:
    """Write every table to ``path``; return the row count per table."""
    tables: dict[str, list] = {}
    counts = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
        counts[table.name] = len(tables[table.name])
    doc = {"format": FORMAT, "revision": _revision(),
           "created_at": dt.datetime.now(dt.UTC).isoformat(), "tables": tables}
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return counts


def restore(path: Path) -> dict[str, int]:
    """Load ``path`` into this (empty) database in one transaction."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError, EOFError) as err:
        raise BackupError(f"not a readable meet backup: {err}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BackupError("not a meet backup (unknown format)")
    if doc.get("revision") != _revision():
        raise BackupError(
            f"the backup is of schema revision {doc.get('revision')}, this database is at "
            f"{_revision()}: run 'flask db upgrade' to the same revision first"
        )
    for table in db.metadata.sorted_tables:
        if db.session.execute(select(func.count()).select_from(table)).scalar():
            raise BackupError(f"the database is not empty (table {table.name} has rows)")
    counts = {}
    try:
        for table in db.metadata.sorted_tables:
            rows = doc["tables"].get(table.name, [])
            columns = {c.name: c for c in table.columns}
            decoded = [
                {k: _decode(columns[k], v) for k, v in row.items() if k in columns} for row in rows
            ]
            if decoded:
                db.session.execute(table.insert(), decoded)
            counts[table.name] = len(decoded)
        _reset_sequences()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def _reset_sequences() -> None:
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement and pk[0].type.python_type is int:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX(\"{pk[0].name}\") FROM \"{table.name}\"), 0) + 1, false)"
            ))
