"""Long work outside the request: documents, draws of the whole meet, scheduling.

One way to start it, so the rule holds everywhere: a daemon thread with its own app
context in production (the page polls a job row for progress, the request returns at
once), or inline when ``BACKGROUND_INLINE`` is set. Tests set it, so no thread outlives
its test's database (two threads on one in-memory SQLite connection crash sqlite3).
"""

from __future__ import annotations

import threading
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


def start(app: Flask, target: Callable[..., Any], *args: Any, name: str) -> Any:
    """Run ``target(*args)`` in the background (or inline); return a joinable handle."""
    if app.config.get("BACKGROUND_INLINE"):
        target(*args)
        return _Finished()
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    thread.start()
    return thread
