"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from clearway.bootstrap import schema
from clearway.persistence import migrate


def test_migrations_match_the_declared_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), schema())
    assert differences == []


def test_database_is_at_the_newest_revision(engine: Engine) -> None:
    script = migrate.alembic_config()
    from alembic.script import ScriptDirectory

    assert migrate.current(engine) == ScriptDirectory.from_config(script).get_current_head()
