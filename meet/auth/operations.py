"""Logging in: password check, throttling and the session.

Throttling rule: after ``LOGIN_MAX_FAILURES`` failed attempts for one username, or four
times as many from one address, within ``LOGIN_WINDOW_SECONDS``, further attempts are
refused until the oldest failure leaves the window. Attempts are kept in the database so
the limit holds across every gunicorn worker.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import LoginAttempt, User
from meet.models.base import utcnow
from meet.operations import audit, commit

# Compared against when the username is unknown, so timing does not reveal accounts.
_DUMMY = User(username="-")
_DUMMY.set_password("not-a-real-password")


class Throttled(Exception):
    pass


def _failures_since(column, value: str, since: dt.datetime) -> int:
    return db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            column == value, LoginAttempt.success.is_(False), LoginAttempt.at >= since
        )
    )


def check_throttle(username: str, address: str) -> None:
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    since = utcnow() - dt.timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    if _failures_since(LoginAttempt.username, username, since) >= limit:
        raise Throttled()
    if _failures_since(LoginAttempt.address, address, since) >= 4 * limit:
        raise Throttled()


def authenticate(username: str, password: str, address: str) -> User | None:
    """Check the password; record the attempt; on success start a fresh session."""
    username = username.strip().lower()
    check_throttle(username, address)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    ok = (user or _DUMMY).check_password(password) and user is not None and user.active
    db.session.add(LoginAttempt(username=username, address=address, success=ok))
    if not ok:
        commit()
        return None
    user.last_login_at = utcnow()
    audit("login", user, meet_id=user.meet_id, user_id=user.id)
    commit()
    session.clear()  # rotate: nothing from before the login survives
    login_user(user)
    session.permanent = True
    return user


def logout() -> None:
    logout_user()
    session.clear()
