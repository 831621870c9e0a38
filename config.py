"""Configuration, read from the environment.

``create_app("development" | "testing" | "production")`` picks a class below; the
environment overrides what it names: ``DATABASE_URL``, ``SECRET_KEY``,
``MEET_PUBLIC_BASE_URL``, ``LIVE_POLL_MS``, ``PAGE_CACHE_SIZE``, ``DOCUMENTS_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"  # production refuses this one



def _env_int(name: str, default: int) -> int:
    """A whole number from the environment; anything else stops start-up with one line
    (the same words as meet.ConfigError, which cannot be imported here)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(
            f"meet: configuration error: {name} must be a whole number, not {raw!r}"
        ) from None

class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'meet.db'}"
    )
    # pre-ping: a pooled connection is tested before use, so after a PostgreSQL restart
    # the dead ones are replaced instead of failing a request; recycle: none lives past
    # half an hour (firewalls and poolers drop idle ones silently).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "pool_recycle": 1800}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600  # a meet day
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # uploads: Excel sheets and photos

    # Failed logins: this many for one username (or 4x for one address) within the
    # window lock further attempts until the window has passed.
    LOGIN_MAX_FAILURES = 5
    LOGIN_WINDOW_SECONDS = 15 * 60

    MEET_PUBLIC_BASE_URL = os.environ.get("MEET_PUBLIC_BASE_URL", "")
    # Where built documents go (order books, results books, certificates, badge sheets):
    # one folder per kind under it. Each test app gets its own (tests/conftest.py).
    DOCUMENTS_DIR = os.environ.get("DOCUMENTS_DIR") or str(INSTANCE_DIR)
    # How often open public pages ask /live for news, in milliseconds: a big crowd on a
    # small server can be slowed down (e.g. LIVE_POLL_MS=3000) without a release.
    LIVE_POLL_MS = max(500, _env_int("LIVE_POLL_MS", 1000))
    # Rendered public pages each worker keeps for anonymous visitors (meet/pagecache.py);
    # 0 turns the cache off.
    PAGE_CACHE_SIZE = max(0, _env_int("PAGE_CACHE_SIZE", 256))
    HSTS = False


class DevelopmentConfig(Config):
    DEBUG = False  # `make run` serves the demo; set FLASK_DEBUG=1 to debug


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on
    BACKGROUND_INLINE = True  # no job thread outlives its test (meet/background.py)
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
