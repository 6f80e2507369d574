"""Fixed SQL for the hottest statements, sent on the session's connection without compiling.

Every SQLAlchemy statement is built, keyed for the compiled cache, looked up and bound each
time it runs. For ordinary work that cost is lost in the noise; for lodging a declaration,
where a handful of fixed statements run for every declaration of the district, it was most of
the Python time. These statements are written once, with ``?`` placeholders, translated to the
driver's own placeholders once, and sent through ``Connection.exec_driver_sql``: the same
connection and transaction as the session, the same error translation and engine events, and
values passed through each column type's own bind processor where a table says which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.orm import Session


def execute(session: Session, sql: str, params: Sequence[Any]) -> CursorResult[*tuple[Any, ...]]:
    """Run one statement written with ``?`` placeholders, in the session's transaction."""
    connection = session.connection()
    return connection.exec_driver_sql(_native(connection.dialect.paramstyle, sql), tuple(params))


def execute_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement for each parameter row (the driver batches them)."""
    connection = session.connection()
    connection.exec_driver_sql(_native(connection.dialect.paramstyle, sql), list(rows))


@lru_cache(maxsize=256)
def _native(paramstyle: str, sql: str) -> str:
    """``?`` placeholders as the driver wants them (``%s`` for psycopg)."""
    if paramstyle == "qmark":
        return sql
    if paramstyle in ("format", "pyformat"):
        return sql.replace("%", "%%").replace("?", "%s")
    raise ValueError(f"no fixed statements for paramstyle {paramstyle}")  # pragma: no cover


class InsertPlan:
    """An INSERT of given columns of a table: its SQL and how each column's values are stored.

    Only the columns whose type converts values (a date on SQLite, say) run a bind processor;
    the rest are picked from the row as they are.
    """

    def __init__(self, table: Table, columns: tuple[str, ...], dialect: Dialect) -> None:
        self.columns = columns
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        self._pick = itemgetter(*columns) if len(columns) > 1 else lambda r: (r[columns[0]],)
        processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
        self._convert = [(i, p) for i, p in enumerate(processors) if p is not None]

    def values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The row's values in column order, as the column types store them."""
        picked: tuple[Any, ...] = self._pick(row)
        if not self._convert:
            return picked
        values = list(picked)
        for i, process in self._convert:
            if values[i] is not None:
                values[i] = process(values[i])
        return tuple(values)


@lru_cache(maxsize=128)
def insert_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> InsertPlan:
    return InsertPlan(table, columns, dialect)
