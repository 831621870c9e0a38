"""The shape every write takes: change, audit, commit, then the event.

Area modules (``meet/<area>/operations.py``) call :func:`audit` inside their change and
:func:`commit` at the end, so a change and its audit entry land together or not at all.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from meet.extensions import db
from meet.models import AuditEntry


class OperationError(Exception):
    """A refused change. ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def actor_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # outside a request: CLI or tests
        return None


def audit(
    action: str,
    target: Any = None,
    *,
    meet_id: int | None = None,
    reason: str = "",
    user_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        meet_id=meet_id if meet_id is not None else getattr(target, "meet_id", None),
        user_id=user_id if user_id is not None else actor_id(),
        reason=reason,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def commit(*signals_and_kwargs: tuple) -> None:
    """Commit, then send each ``(signal, kwargs)`` pair: listeners see committed data."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for signal, kwargs in signals_and_kwargs:
        signal.send(None, **kwargs)
