"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from meet.extensions import db
from tests.conftest import ON_POSTGRES, _fresh_schema, make_config


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(tmp_path):
    from meet import create_app

    if ON_POSTGRES:
        _fresh_schema("test_migrate")
        app = create_app(make_config(schema="test_migrate"))
    else:
        app = create_app(make_config(sqlite_path=str(tmp_path / "m.db")))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations differ: run flask db migrate ({diff})"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
