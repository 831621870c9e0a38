"""Configuration, read from the environment.

``create_app("development" | "testing" | "production")`` picks a class below; the
environment overrides what it names: ``DATABASE_URL``, ``SECRET_KEY``,
``MEET_PUBLIC_BASE_URL``.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"  # production refuses this one


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'meet.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
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
