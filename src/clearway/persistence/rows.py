"""Writing many new rows at once: ids reserved up front, then as few statements as possible.

The ORM's unit of work inserts a parent, waits for its id, then inserts the children, one
statement per table, each built and compiled anew. For the hottest write path (lodging
declarations) it spent more time than the database did. Here the ids are taken first, in one
round trip with any counter the caller bumps, so every row is complete before anything is
sent. Each table's rows then go as one fixed statement the driver batches
(``persistence.statements``), or by COPY when there are enough of them for COPY to pay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from clearway.persistence import statements
from clearway.persistence.statements import InsertPlan

COPY_FROM_ROWS = 64  # below this, an INSERT's round trip is as cheap as COPY's
FIRST_VERSION = 1  # what the ORM's default version counter starts a new row at

Along = tuple[str, Sequence[Any]]  # a statement returning one value, and its parameters
Rows = Sequence[Mapping[str, Any]]


def reserve_ids(
    session: Session, wanted: Mapping[Table, int], along: Sequence[Along] = ()
) -> tuple[dict[Table, list[int]], list[Any]]:
    """Fresh primary keys for rows this transaction is about to insert, and the values of the
    ``along`` statements (an upsert ``… RETURNING`` of a counter), in one round trip.

    PostgreSQL hands ids out from each column's sequence, and runs the ``along`` statements as
    leading CTEs of the same query. SQLite runs those first, then continues from the highest
    id: Clearway takes SQLite's write lock when a transaction begins, so no other writer can
    insert between this read and the inserts that follow it.
    """
    tables = [t for t, count in wanted.items() if count > 0]
    taken: dict[Table, list[int]] = {t: [] for t in wanted}
    if session.get_bind().dialect.name == "postgresql":
        returned: list[Any] = [None] * len(along)
        if not tables and not along:
            return taken, returned
        ctes = ", ".join(f"a{k} AS ({sql})" for k, (sql, _) in enumerate(along))
        parts = [f"SELECT {-k - 1}, * FROM a{k}" for k in range(len(along))] + [
            f"SELECT {i}, nextval(pg_get_serial_sequence('{t.name}', 'id')) "
            "FROM generate_series(1, ?)"
            for i, t in enumerate(tables)
        ]
        sql = (f"WITH {ctes} " if along else "") + " UNION ALL ".join(parts)
        params = [p for _, ps in along for p in ps] + [wanted[t] for t in tables]
        for row in statements.execute(session, sql, params):
            index, value = int(row[0]), row[1]
            if index < 0:
                returned[-index - 1] = value
            else:
                taken[tables[index]].append(int(value))
        return taken, returned
    returned = [statements.execute(session, sql, ps).scalar_one() for sql, ps in along]
    if tables:
        sql = "SELECT " + ", ".join(f"(SELECT max(id) FROM {t.name})" for t in tables)
        highest = statements.execute(session, sql, ()).one()
        for t, top in zip(tables, highest, strict=True):
            start = int(top or 0) + 1
            taken[t] = list(range(start, start + int(wanted[t])))
    return taken, returned


def write_tables(session: Session, tables: Sequence[tuple[Table, Rows]]) -> None:
    """Insert complete rows (ids included; a table's rows all with the same keys), parents
    before children.

    One statement per table, batched by the driver. (One statement for all the tables, as
    data-modifying CTEs, measured no faster on PostgreSQL: psycopg parses a query of more than
    50 parameters anew on every execution.)
    """
    connection = session.connection()
    for table, rows in tables:
        if not rows:
            continue
        plan = statements.insert_plan(table, tuple(rows[0]), connection.dialect)
        if len(rows) >= COPY_FROM_ROWS and connection.dialect.name == "postgresql":
            _copy(connection, table, plan, rows)
        else:
            statements.execute_many(session, plan.sql, [plan.values(row) for row in rows])


def _copy(connection: Connection, table: Table, plan: InsertPlan, rows: Rows) -> None:
    dbapi = connection.connection.driver_connection
    with dbapi.cursor() as cursor:  # type: ignore[union-attr]
        statement = f"COPY {table.name} ({', '.join(plan.columns)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(plan.values(row))


def row_of(obj: object) -> dict[str, Any]:
    """The row a mapped object would be inserted as by the ORM's flush: every column its
    mapper maps, an unset one at its scalar default (or NULL), a version at its first value."""
    mapper = sa_inspect(type(obj))
    state = obj.__dict__
    row: dict[str, Any] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if prop.key in state:
            row[column.key] = state[prop.key]
        elif column.default is not None and column.default.is_scalar:
            row[column.key] = column.default.arg
        else:
            row[column.key] = None
    if mapper.version_id_col is not None:
        row[mapper.version_id_col.key] = FIRST_VERSION
    return row


def attributes_of(obj: object) -> dict[str, Any]:
    """A mapped object's column attributes by name, as loaded: the start of a read model that
    adds what people read instead of ids (a number, a site's code) beside them."""
    return {prop.key: getattr(obj, prop.key) for prop in sa_inspect(type(obj)).column_attrs}
