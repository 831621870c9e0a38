"""meet: a management system for workers' sports meets (职工运动会)."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from config import CONFIGS, DEV_SECRET, INSTANCE_DIR

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(SystemExit):
    """A configuration error: start-up stops with one clear line, not a traceback."""

    def __init__(self, message: str):
        super().__init__(f"meet: configuration error: {message}")
        self.message = message


def create_app(config: str | object = "development") -> Flask:
    """App factory: ``create_app("production")`` or ``create_app(SomeConfigClass)``."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    if isinstance(config, str):
        if config not in CONFIGS:
            raise ConfigError(f"unknown configuration {config!r}; use one of {sorted(CONFIGS)}")
        config = CONFIGS[config]
    app.config.from_object(config)
    _check_config(app)
    _configure_logging(app)

    from meet import errors, i18n, observability, routing, security
    from meet.extensions import babel, csrf, db, login_manager, migrate

    routing.init_app(app)  # before any route: rules bind their converters when added
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    observability.init_app(app)
    errors.init_app(app)

    from meet import access, cli, pagecache
    from meet.admin import bp as admin_bp
    from meet.api import bp as api_bp
    from meet.auth import bp as auth_bp
    from meet.badges import bp as badges_bp
    from meet.registration import bp as registration_bp
    from meet.schedule import bp as schedule_bp
    from meet.scoring import bp as scoring_bp
    from meet.site import bp as site_bp
    from meet.standings import bp as standings_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(schedule_bp)
    app.register_blueprint(scoring_bp)
    app.register_blueprint(standings_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # read-only JSON: GET only, no cookies needed
    access.init_app(app)
    pagecache.init_app(app)  # after access: it wraps only @public pages
    cli.init_app(app)
    return app


def _check_config(app: Flask) -> None:
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    try:
        url = make_url(uri)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL is not a database URL: {uri!r}") from None
    backend = url.get_backend_name()
    if backend == "postgres" or (backend == "postgresql" and url.drivername == "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL names {backend!r}; meet runs on sqlite or postgresql+psycopg"
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = url.render_as_string(hide_password=False)
    if url.get_backend_name() == "postgresql":
        # A server that does not answer fails the request in seconds (a 503 the tablet
        # retries), not after the worker's timeout.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"connect_timeout": 5, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        # The URI form (sqlite:///file:/path/meet.db?mode=ro&uri=true) names the file
        # after "file:"; creating "file:/path" under the working directory would be wrong.
        path = url.database.removeprefix("file:") if url.query.get("uri") else url.database
        Path(path).parent.mkdir(parents=True, exist_ok=True)

    if not app.config.get("TESTING") and app.config.get("SESSION_COOKIE_SECURE"):
        secret = app.config.get("SECRET_KEY") or ""
        if secret == DEV_SECRET or len(secret) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production, e.g. SECRET_KEY=$(python -c 'import secrets; "
                "print(secrets.token_hex(32))')"
            )


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        # Alembic announces each of its plugins at INFO on every command; the migrations
        # it runs (alembic.runtime.migration) still print.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


@sa_event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite enforces foreign keys only when asked, on every connection; WAL lets the
    spectators read while a referee writes."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()
