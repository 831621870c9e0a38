"""Long work outside the request: documents, draws of the whole meet, scheduling.

One way to start it, so the rule holds everywhere: a daemon thread with its own app
context in production (the page polls a job row for progress, the request returns at
once), or inline when ``BACKGROUND_INLINE`` is set. Tests set it, so no thread outlives
its test's database (two threads on one in-memory SQLite connection crash sqlite3).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask


class _Finished:
    """What an inline run returns: a handle that has already ended."""

    name = "inline"

    def join(self, timeout: float | None = None) -> None:
        return None

    def is_alive(self) -> bool:
        return False


_started: list[threading.Thread] = []
#: A job row still "queued"/"running" after this long has lost its thread (the process
#: ended: a CLI command, a restarted worker): it no longer blocks a new run.
STALE_AFTER = dt.timedelta(minutes=15)


def start(app: Flask, target: Callable[..., Any], *args: Any, name: str) -> Any:
    """Run ``target(*args)`` in the background (or inline); return a joinable handle."""
    if app.config.get("BACKGROUND_INLINE"):
        target(*args)
        return _Finished()
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    thread.start()
    _started.append(thread)
    return thread


def wait_all(timeout: float = 900) -> None:
    """Join every job this process started (a CLI command must not exit mid-build: its
    daemon threads would die and leave their job rows running)."""
    deadline = time.monotonic() + timeout
    while _started:
        thread = _started.pop(0)
        thread.join(max(0.0, deadline - time.monotonic()))


def stale_before() -> dt.datetime:
    return dt.datetime.now(dt.UTC) - STALE_AFTER
