"""Alembic environment: runs on the connection Clearway hands it, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from clearway.bootstrap import schema

config = context.config
metadata = schema()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _migrate(conn)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    if getattr(connection, "dialect", None) is not None and connection.dialect.name == "postgresql":  # type: ignore[attr-defined]
        # Fail fast instead of queueing behind live traffic on a busy production database.
        connection.exec_driver_sql("SET LOCAL lock_timeout = '10s'")  # type: ignore[attr-defined]
        connection.exec_driver_sql("SET LOCAL statement_timeout = '300s'")  # type: ignore[attr-defined]
    with context.begin_transaction():
        context.run_migrations()


run()
