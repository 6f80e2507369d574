"""The database's own refusal of numbers a numeric column cannot hold, for migrations.

Revision ``q_1`` put a guard on every numeric column then in the schema; a later migration that
adds a numeric column, or a table with one, calls :func:`guard_table` for that table so the rule
keeps holding (a test compares the guards with the metadata). PostgreSQL gets one CHECK
constraint per column. On SQLite a CHECK would mean rebuilding the table (and firing the
``ON DELETE CASCADE`` of every table referencing it), so the rule is a pair of triggers per
table, which is why :func:`guard_table` always takes *every* numeric column of the table.

A column's bound is 10 to the power of the digits before its point, inclusive; a floating
column is held to 1e300 (pass 300).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

Columns = Sequence[tuple[str, int]]


def holds(column: str, whole_digits: int, prefix: str = "") -> str:
    """SQL that is true or unknown (NULL) for a number the column can hold; false otherwise."""
    bound = "1e300" if whole_digits == 300 else str(10**whole_digits)
    # Inclusive: SQLite keeps a numeric as a double, and the largest value the column takes
    # (99999999999999.9999) is the double 1e14 there.
    return f"({prefix}{column} >= -{bound} AND {prefix}{column} <= {bound})"


def constraint_name(table: str, column: str) -> str:
    return f"ck_{table}_{column}_finite"


def trigger_name(table: str, event: str) -> str:
    return f"{table}_finite_{event.lower()}"


def guard_table(table: str, columns: Columns) -> None:
    """Guard *columns*, which must be every numeric column *table* has after this migration.

    On SQLite the table's triggers are replaced; on PostgreSQL the columns not yet guarded get
    their CHECK constraint. Either way calling it again with the same columns changes nothing.
    """
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        unguard_table(table, columns)
        broken = " OR ".join(f"NOT coalesce({holds(c, w, 'NEW.')}, 1)" for c, w in columns)
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table} "
                f"WHEN {broken} BEGIN "
                f"SELECT RAISE(ABORT, 'CHECK constraint failed: {table}_finite'); END"
            )
        return
    existing = set(
        bind.exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = %(t)s::regclass", {"t": table}
        ).scalars()
    )
    missing = [(c, w) for c, w in columns if constraint_name(table, c) not in existing]
    if missing:
        clauses = ", ".join(
            f"ADD CONSTRAINT {constraint_name(table, c)} CHECK {holds(c, w)}" for c, w in missing
        )
        op.execute(f"ALTER TABLE {table} {clauses}")


def unguard_table(table: str, columns: Columns) -> None:
    """Drop the guard of *table* (a downgrade, or before SQLite's triggers are replaced)."""
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}")
        return
    for column, _ in columns:
        op.execute(
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint_name(table, column)}"
        )
