import subprocess
import sys

import pytest

from config import ProductionConfig
from meet import ConfigError, create_app


def test_production_refuses_to_start_without_a_real_secret(monkeypatch):
    cfg = type("P", (ProductionConfig,), {"SECRET_KEY": "dev-only-not-secret"})
    with pytest.raises(ConfigError) as err:
        create_app(cfg)
    assert "SECRET_KEY" in err.value.message


def test_production_refuses_a_short_secret():
    cfg = type("P", (ProductionConfig,), {"SECRET_KEY": "short"})
    with pytest.raises(ConfigError):
        create_app(cfg)


def test_production_starts_with_a_long_secret():
    cfg = type(
        "P", (ProductionConfig,),
        {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
    )
    app = create_app(cfg)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


@pytest.mark.parametrize(
    "url, words",
    [("not a url at all", "not a database URL"), ("mysql://root@localhost/x", "mysql")],
)
def test_a_bad_database_url_is_named(url, words):
    cfg = type("C", (ProductionConfig,), {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with pytest.raises(ConfigError) as err:
        create_app(cfg)
    assert words in err.value.message


def test_plain_postgresql_url_uses_psycopg():
    cfg = type(
        "C", (ProductionConfig,),
        {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "postgres://u@127.0.0.1/test"},
    )
    app = create_app(cfg)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_start_up_error_is_one_line_not_a_traceback(tmp_path):
    code = "import wsgi"
    env = {"SECRET_KEY": "", "DATABASE_URL": "sqlite://", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(
            __import__("pathlib").Path(__file__).resolve().parent.parent)
    )
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("meet: configuration error: SECRET_KEY")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", ["LIVE_POLL_MS", "PAGE_CACHE_SIZE"])
def test_a_number_setting_that_is_not_a_number_is_one_line(name):
    """LIVE_POLL_MS=abc stopped start-up with a ValueError traceback from config.py."""
    env = {"SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://", "PATH": "/usr/bin:/bin",
           name: "abc"}
    proc = subprocess.run(
        [sys.executable, "-c", "import wsgi"], env=env, capture_output=True, text=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == [f"meet: configuration error: {name} must be a whole number, not 'abc'"]


def test_flask_commands_print_the_migrations_not_alembics_plugin_chatter(tmp_path):
    """`make run` printed seven "INFO setup plugin alembic..." lines before every command."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "FLASK_APP": "meet:create_app",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    flask = Path(sys.executable).with_name("flask")
    proc = subprocess.run([str(flask), "db", "upgrade"], env=env, capture_output=True,
                          text=True, cwd=str(root))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert "Running upgrade  -> 0001" in out
    assert "setup plugin" not in out
