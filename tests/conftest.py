"""Test databases: SQLite always, PostgreSQL when CLEARWAY_TEST_DATABASE_URL is set.

Every backend is migrated through the real Alembic migrations once per session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from clearway.bootstrap import Platform, schema, start_mappers
from clearway.config import Settings
from clearway.persistence.db import make_engine, session_factory
from clearway.persistence.migrate import upgrade
from clearway.shared.clock import FixedClock
from tests.builders import NOW

BACKENDS = ["sqlite", "postgresql"]


def _postgres_url() -> str | None:
    return os.environ.get("CLEARWAY_TEST_DATABASE_URL") or None


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated, empty database per backend for the whole test session."""
    start_mappers()
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "clearway.db"
        eng = make_engine(f"sqlite:///{path}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL tests skipped: set CLEARWAY_TEST_DATABASE_URL to run them")
    name = f"clearway_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(
        make_url(base).set(database=name).render_as_string(hide_password=False), pool_size=40
    )
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings_for(engine: Engine, **overrides: object) -> Settings:
    return Settings(
        env="test",
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="test-secret-" + "x" * 32,
        **overrides,
    )  # type: ignore[arg-type]


@pytest.fixture()
def platform(engine: Engine) -> Iterator[Platform]:
    """A platform whose every commit lands in a savepoint; the test's work is rolled back."""
    connection = engine.connect()
    outer = connection.begin()
    sessions = session_factory(engine)
    sessions.configure(bind=connection, join_transaction_mode="create_savepoint")
    yield Platform(
        settings=settings_for(engine), engine=engine, sessions=sessions, clock=FixedClock(NOW)
    )
    outer.rollback()
    connection.close()


@pytest.fixture()
def committed_platform(engine: Engine) -> Iterator[Platform]:
    """A platform that really commits (for concurrency and HTTP tests); emptied afterwards."""
    yield Platform(
        settings=settings_for(engine),
        engine=engine,
        sessions=session_factory(engine),
        clock=FixedClock(NOW),
    )
    with engine.begin() as conn:
        for table in reversed(schema().sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared benchmark data beside the repository, or a clean skip when absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    return path
