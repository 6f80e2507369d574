"""Throw-away databases for benchmarks, so a run never touches data anyone cares about.

PostgreSQL: a fresh ``clearway_bench_<random>`` database on the server the URL names, migrated
through the real Alembic migrations and dropped afterwards. SQLite: a fresh file beside the one
the URL names (same disk, so the figures describe it), removed afterwards. Also here: emptying
the declaration tables between benchmark rounds, and describing the database for the report.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

from clearway.bootstrap import start_mappers
from clearway.config import Settings
from clearway.persistence.db import make_engine
from clearway.persistence.migrate import upgrade


@dataclass(frozen=True)
class Scratch:
    """A migrated, empty database and how to reach it with SQLAlchemy and with the raw driver."""

    engine: Engine
    url: str
    dialect: str
    driver_target: str  # libpq conninfo URL for psycopg, file path for sqlite3


def bench_settings(url: str) -> Settings:
    """Test settings on the scratch database, with a throw-away signing key for this run."""
    return Settings(
        env="test",
        database_url=url,
        secret_key=secrets.token_urlsafe(48),
        secret_encryption_key=Fernet.generate_key().decode(),
    )


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


@contextmanager
def scratch_database(url: str, pool_size: int = 10) -> Iterator[Scratch]:
    """Create, migrate, yield and always remove a scratch database on the URL's server (the
    classes mapped, so sessions can be built on it)."""
    start_mappers()
    if is_postgresql(url):
        with _postgresql(url, pool_size) as scratch:
            yield scratch
    elif make_url(url).get_backend_name() == "sqlite":
        with _sqlite(url) as scratch:
            yield scratch
    else:
        raise ValueError(f"benchmarks run on PostgreSQL or SQLite, not {make_url(url).drivername}")


@contextmanager
def _postgresql(url: str, pool_size: int) -> Iterator[Scratch]:
    name = f"clearway_bench_{secrets.token_hex(6)}"
    base = make_url(url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    scratch_url = base.set(database=name).render_as_string(hide_password=False)
    engine: Engine | None = None
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(scratch_url, pool_size=pool_size)
        upgrade(engine)
        libpq = base.set(drivername="postgresql", database=name)
        yield Scratch(
            engine=engine,
            url=scratch_url,
            dialect="postgresql",
            driver_target=libpq.render_as_string(hide_password=False),
        )
    finally:
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def _sqlite(url: str) -> Iterator[Scratch]:
    given = make_url(url).database
    folder = (
        Path(given).resolve().parent
        if given and given != ":memory:"
        else Path(tempfile.gettempdir())
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"clearway_bench_{secrets.token_hex(6)}.db"
    scratch_url = f"sqlite:///{path}"
    engine = make_engine(scratch_url)
    try:
        upgrade(engine)
        yield Scratch(engine=engine, url=scratch_url, dialect="sqlite", driver_target=str(path))
    finally:
        engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# What lodging and submitting write to, directly or through the platform's hooks and listeners.
_WRITTEN = ("declarations", "outbox_events", "inbox_messages")


def _declaration_tables(conn: Connection) -> list[str]:
    """Declarations, the outbox and every table that refers to them, dependents first, read
    from the database itself so tables added by later migrations (screenings, …) go too."""
    inspector = inspect(conn)
    tables = inspector.get_table_names()
    found = {name for name in _WRITTEN if name in tables}
    grew = True
    while grew:
        grew = False
        for table in tables:
            if table not in found and any(
                fk["referred_table"] in found for fk in inspector.get_foreign_keys(table)
            ):
                found.add(table)
                grew = True
    ordered = [name for name, _ in inspector.get_sorted_table_and_fkc_names() if name]
    return [name for name in reversed(ordered) if name in found] + ["number_sequences"]


def empty_declarations(scratch: Scratch) -> None:
    """Empty the declaration tables so every path starts from the same state."""
    with scratch.engine.begin() as conn:
        tables = _declaration_tables(conn)
        if scratch.dialect == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
    if scratch.dialect == "sqlite":
        # Outside any transaction (the engine would open one), so the WAL can be folded back.
        raw = scratch.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()


def describe(scratch: Scratch) -> dict[str, Any]:
    """The database's version and durability settings, which the figures depend on."""
    described: dict[str, Any] = {"dialect": scratch.dialect}
    with scratch.engine.connect() as conn:
        if scratch.dialect == "postgresql":
            for setting in ("server_version", "synchronous_commit", "fsync"):
                described[setting] = conn.exec_driver_sql(f"SHOW {setting}").scalar_one()
        else:
            described["sqlite_version"] = conn.exec_driver_sql(
                "SELECT sqlite_version()"
            ).scalar_one()
            described["synchronous"] = "NORMAL (WAL)"
    return described
