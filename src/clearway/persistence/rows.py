"""Writing many new rows at once: ids reserved up front, then one statement per table.

The ORM's unit of work inserts a parent, waits for its id, then inserts the children, and on
PostgreSQL sends multi-row VALUES statements too long for the driver to keep prepared. For
the hottest write path (lodging declarations) it spent more time than the database did. Here
the ids are taken first in one statement per table, so every row is complete before anything
is sent, and the rows go as one executemany (pipelined by psycopg), or by COPY when a batch
is large enough for COPY to pay for itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

COPY_FROM_ROWS = 64  # below this, executemany's round trip is as cheap as COPY's


def reserve_ids(session: Session, wanted: Mapping[Table, int]) -> dict[Table, list[int]]:
    """Fresh primary keys for rows this transaction is about to insert, in one round trip.

    PostgreSQL hands them out from each column's sequence. SQLite continues from the highest
    id: Clearway takes SQLite's write lock when a transaction begins, so no other writer can
    insert between this read and the inserts that follow it.
    """
    tables = [t for t, count in wanted.items() if count > 0]
    if not tables:
        return {t: [] for t in wanted}
    if session.get_bind().dialect.name == "postgresql":
        parts = [
            f"SELECT {i} AS t, nextval(pg_get_serial_sequence('{t.name}', 'id')) AS id "
            f"FROM generate_series(1, {int(wanted[t])})"
            for i, t in enumerate(tables)
        ]
        taken: dict[Table, list[int]] = {t: [] for t in wanted}
        for index, new_id in session.execute(text(" UNION ALL ".join(parts))):
            taken[tables[index]].append(int(new_id))
        return taken
    highest = session.execute(
        select(*(select(func.max(t.c.id)).scalar_subquery() for t in tables))
    ).one()
    taken = {t: [] for t in wanted}
    for t, top in zip(tables, highest, strict=True):
        start = int(top or 0) + 1
        taken[t] = list(range(start, start + int(wanted[t])))
    return taken


def write_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> str:
    """Insert complete rows (ids included); returns how: ``copy`` or ``executemany``."""
    if not rows:
        return "none"
    if len(rows) >= COPY_FROM_ROWS and session.get_bind().dialect.name == "postgresql":
        columns = list(rows[0])
        dbapi = session.connection().connection.driver_connection
        with dbapi.cursor() as cursor:  # type: ignore[union-attr]
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        return "copy"
    session.execute(insert(table), list(rows))
    return "executemany"
