"""flask meet backup / restore: a restored database holds every record."""

import gzip
import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from meet import create_app
from meet.extensions import db
from meet.models import Person, User
from tests.conftest import ON_POSTGRES, _fresh_schema, make_config


def _migrated_app(tmp_path, name):
    if ON_POSTGRES:
        _fresh_schema(name)
        app = create_app(make_config(schema=name))
    else:
        app = create_app(make_config(sqlite_path=str(tmp_path / f"{name}.db")))
    with app.app_context():
        upgrade()
    return app


def _all_rows(app):
    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(r) for r in rows]
        return out


def test_backup_then_restore_into_an_empty_database_finds_every_record(tmp_path):
    from meet.demo.loader import load_demo

    source = _migrated_app(tmp_path, "test_backup_src")
    with source.app_context():
        load_demo()
    runner = source.test_cli_runner()
    path = tmp_path / "meet-backup.json.gz"
    result = runner.invoke(args=["meet", "backup", str(path)])
    assert result.exit_code == 0, result.output

    target = _migrated_app(tmp_path, "test_backup_dst")
    result = target.test_cli_runner().invoke(args=["meet", "restore", str(path)])
    assert result.exit_code == 0, result.output
    assert _all_rows(target) == _all_rows(source)

    # ids continue after the restored ones: a new row gets a fresh id
    with target.app_context():
        biggest = db.session.scalar(select(func.max(User.id)))
        user = User(username="newcomer", role="marshal")
        db.session.add(user)
        db.session.commit()
        assert user.id > biggest
        assert db.session.scalar(select(func.count(Person.id))) >= 600
        db.engine.dispose()
    with source.app_context():
        db.engine.dispose()

    # a second restore is refused: the database is no longer empty
    result = target.test_cli_runner().invoke(args=["meet", "restore", str(path)])
    assert result.exit_code != 0 and "not empty" in result.output


@pytest.mark.parametrize("content", [b"not gzip at all", gzip.compress(b"{}"),
                                     gzip.compress(json.dumps({"format": "x"}).encode())])
def test_restore_refuses_what_is_not_a_backup(tmp_path, content):
    app = _migrated_app(tmp_path, "test_backup_dst")
    bad = tmp_path / "bad.gz"
    bad.write_bytes(content)
    result = app.test_cli_runner().invoke(args=["meet", "restore", str(bad)])
    assert result.exit_code != 0 and "backup" in result.output
    with app.app_context():
        db.engine.dispose()
