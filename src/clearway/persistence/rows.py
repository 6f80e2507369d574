"""Writing many new rows at once: ids reserved up front, then one statement per table.

The ORM's unit of work inserts a parent, waits for its id, then inserts the children, and on
PostgreSQL sends multi-row VALUES statements too long for the driver to keep prepared. For
the hottest write path (lodging declarations) it spent more time than the database did. Here
the ids are taken first in one statement for every table, so every row is complete before
anything is sent, and each table's rows go as one fixed statement the driver batches
(``persistence.statements``), or by COPY when there are enough of them for COPY to pay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from clearway.persistence import statements

COPY_FROM_ROWS = 64  # below this, a batched INSERT's round trip is as cheap as COPY's


def reserve_ids(session: Session, wanted: Mapping[Table, int]) -> dict[Table, list[int]]:
    """Fresh primary keys for rows this transaction is about to insert, in one round trip.

    PostgreSQL hands them out from each column's sequence. SQLite continues from the highest
    id: Clearway takes SQLite's write lock when a transaction begins, so no other writer can
    insert between this read and the inserts that follow it.
    """
    tables = [t for t, count in wanted.items() if count > 0]
    taken: dict[Table, list[int]] = {t: [] for t in wanted}
    if not tables:
        return taken
    if session.get_bind().dialect.name == "postgresql":
        sql = " UNION ALL ".join(
            f"SELECT {i}, nextval(pg_get_serial_sequence('{t.name}', 'id')) "
            "FROM generate_series(1, ?)"
            for i, t in enumerate(tables)
        )
        for row in statements.execute(session, sql, [wanted[t] for t in tables]):
            taken[tables[int(row[0])]].append(int(row[1]))
        return taken
    sql = "SELECT " + ", ".join(f"(SELECT max(id) FROM {t.name})" for t in tables)
    highest = statements.execute(session, sql, ()).one()
    for t, top in zip(tables, highest, strict=True):
        start = int(top or 0) + 1
        taken[t] = list(range(start, start + int(wanted[t])))
    return taken


def write_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> str:
    """Insert complete rows (ids included, every row with the same keys); returns how:
    ``copy``, ``insert`` or ``none``."""
    if not rows:
        return "none"
    connection = session.connection()
    plan = statements.insert_plan(table, tuple(rows[0]), connection.dialect)
    if len(rows) >= COPY_FROM_ROWS and connection.dialect.name == "postgresql":
        dbapi = connection.connection.driver_connection
        with dbapi.cursor() as cursor:  # type: ignore[union-attr]
            statement = f"COPY {table.name} ({', '.join(plan.columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(plan.values(row))
        return "copy"
    if len(rows) == 1:
        statements.execute(session, plan.sql, plan.values(rows[0]))
    else:
        statements.execute_many(session, plan.sql, [plan.values(row) for row in rows])
    return "insert"
