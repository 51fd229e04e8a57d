"""Migrations: the migrated schema matches the models on every backend; one head."""

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dclic.core.db import db
from dclic.courses.search import outside_models

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def test_the_migrated_schema_has_no_drift_from_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": outside_models}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_there_is_a_single_head_and_files_are_named_by_date():
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert re.match(r"^\d{8}_\d{4}_[0-9a-f]+_\w+\.py$", path.name), path.name


def test_migrations_use_op_and_sa_only():
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text()
        assert "import dclic" not in source and "from dclic" not in source, path.name
