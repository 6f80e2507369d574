"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from clearway.bootstrap import schema
from clearway.config import get_settings
from clearway.notifications import sealing
from clearway.persistence import migrate
from clearway.persistence.db import make_engine
from clearway.persistence.types import UTCDateTime
from tests.builders import NOW
from tests.conftest import TEST_ENCRYPTION_KEY


def test_migrations_match_the_declared_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), schema())
    assert differences == []


def test_database_is_at_the_newest_revision(engine: Engine) -> None:
    script = migrate.alembic_config()
    from alembic.script import ScriptDirectory

    assert migrate.current(engine) == ScriptDirectory.from_config(script).get_current_head()


def test_the_sealing_migration_encrypts_the_webhook_secrets_already_stored(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, drop = _fresh_database(engine, tmp_path)
    try:
        migrate.upgrade(fresh, "f_1")
        # Rows written in the shape of revision f_1, not through today's mappings.
        firms = sa.table(
            "enterprises",
            *(sa.column(c) for c in ("id", "uscc", "customs_code", "name", "name_en", "roles")),
            sa.column("address"),
            sa.column("created_at", UTCDateTime),
        )
        hooks = sa.table(
            "webhook_subscriptions",
            *(sa.column(c) for c in ("enterprise_id", "url", "secret", "topics", "active")),
            sa.column("created_at", UTCDateTime),
            sa.column("created_by"),
        )
        clear = "ab" * 32
        with fresh.begin() as conn:
            conn.execute(
                firms.insert().values(
                    id=1,
                    uscc="91150000MA0000001X",
                    customs_code="1501960001",
                    name="Exporter",
                    name_en="Exporter",
                    roles="trader",
                    address="",
                    created_at=NOW,
                )
            )
            conn.execute(
                hooks.insert().values(
                    enterprise_id=1,
                    url="https://exporter.example/hooks",
                    secret=clear,
                    topics="*",
                    active=True,
                    created_at=NOW,
                    created_by="exporter",
                )
            )
        monkeypatch.setenv("CLEARWAY_SECRET_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
        get_settings.cache_clear()
        migrate.upgrade(fresh)
        with fresh.connect() as conn:
            stored = conn.execute(sa.select(hooks.c.secret)).scalar_one()
        assert stored != clear and clear not in stored
        assert sealing.unseal(TEST_ENCRYPTION_KEY, stored) == clear
    finally:
        get_settings.cache_clear()
        drop()


def _fresh_database(engine: Engine, tmp_path: Path) -> tuple[Engine, Callable[[], None]]:
    """An empty database on the engine's backend, and how to remove it."""
    if engine.dialect.name == "sqlite":
        fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        return fresh, fresh.dispose
    name = f"clearway_fresh_{uuid.uuid4().hex[:8]}"
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    fresh = make_engine(engine.url.set(database=name).render_as_string(hide_password=False))

    def drop() -> None:
        fresh.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return fresh, drop
