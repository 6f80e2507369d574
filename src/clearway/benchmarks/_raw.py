"""The driver-level baselines: psycopg or sqlite3 with hand-written SQL, no SQLAlchemy.

Both write the same rows as the service layer (header, three items, the submit event, the
number counter bump) into the same migrated tables, so the difference is the layer's cost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from clearway.benchmarks._rows import (
    EVENT_COLUMNS,
    HEADER_COLUMNS,
    ITEM_COLUMNS,
    RowPlan,
    as_tuple,
)
from clearway.benchmarks.scratch import Scratch
from clearway.benchmarks.seed import ITEMS_PER_DECLARATION as ITEMS
from clearway.declarations.status import Status

Advance = Callable[[int], None]
Cursor = Any  # psycopg.Cursor or sqlite3.Cursor: the paths use only what both offer


def _insert(table: str, columns: tuple[str, ...], ph: str, returning: bool = False) -> str:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([ph] * len(columns))})"
    return sql + (" RETURNING id" if returning else "")


def _upsert(ph: str) -> str:
    """The counter bump ``numbering.allocate`` issues, generalised to a block of numbers."""
    return (
        "INSERT INTO number_sequences (office_code, year, flow, last_value) "
        f"VALUES ({ph}, {ph}, {ph}, {ph}) "
        "ON CONFLICT (office_code, year, flow) DO UPDATE "
        f"SET last_value = number_sequences.last_value + {ph} RETURNING last_value"
    )


def _submit_update(ph: str) -> str:
    """What the ORM flushes for ``apply(SUBMIT)``: status, stamps and the optimistic version."""
    return (
        f"UPDATE declarations SET status = {ph}, lodged_at = {ph}, updated_at = {ph}, "
        f"version = {ph} WHERE id = {ph} AND version = {ph}"
    )


@contextmanager
def _connect(scratch: Scratch) -> Iterator[tuple[Cursor, Callable[[], None], Callable[[], None]]]:
    """A cursor plus begin and commit functions with the engine's own transaction habits."""
    if scratch.dialect == "postgresql":
        pg = psycopg.connect(scratch.driver_target)
        try:
            with pg.cursor() as cur:
                yield cur, lambda: None, pg.commit  # psycopg opens a transaction itself
        finally:
            pg.close()
        return
    lite = sqlite3.connect(scratch.driver_target, isolation_level=None, timeout=60)
    try:
        lite_cur = lite.cursor()
        # The same pragmas and write-lock-up-front BEGIN as clearway.persistence.db.
        for pragma in ("journal_mode=WAL", "busy_timeout=60000", "foreign_keys=ON"):
            lite_cur.execute(f"PRAGMA {pragma}")
        lite_cur.execute("PRAGMA synchronous=NORMAL")

        def begin() -> None:
            lite_cur.execute("BEGIN IMMEDIATE")

        def commit() -> None:
            lite_cur.execute("COMMIT")

        yield lite_cur, begin, commit
    finally:
        lite.close()


def per_transaction(
    scratch: Scratch, plan: RowPlan, count: int, advance: Advance, two_requests: bool = False
) -> int:
    """Lodge-and-submit per declaration in one transaction, as ``services.create(submit=True)``.

    With ``two_requests`` it is create, commit, then submit, commit: what a draft lodged by one
    request and submitted by another costs. Returns the SQL statements sent per declaration.
    """
    sqlite = scratch.dialect == "sqlite"
    ph = "?" if sqlite else "%s"
    upsert, update = _upsert(ph), _submit_update(ph)
    header_sql = _insert("declarations", HEADER_COLUMNS, ph, returning=True)
    item_sql = _insert("declaration_items", ITEM_COLUMNS, ph)
    event_sql = _insert("declaration_events", EVENT_COLUMNS, ph)
    key = (plan.office, plan.day.year, plan.letter, 1, 1)
    with _connect(scratch) as (cur, begin, commit):
        for i in range(count):
            now = datetime.now(UTC)
            begin()
            cur.execute(upsert, key)
            sequence = int(cur.fetchone()[0])
            header = plan.header(i, sequence, now, submitted=not two_requests)
            cur.execute(header_sql, as_tuple(header, HEADER_COLUMNS, sqlite))
            declaration_id = int(cur.fetchone()[0])
            cur.executemany(
                item_sql, [as_tuple(r, ITEM_COLUMNS, sqlite) for r in plan.items(i, declaration_id)]
            )
            if two_requests:
                commit()
                now = datetime.now(UTC)
                begin()
                stamp = as_tuple({"at": now}, ("at",), sqlite)[0]
                cur.execute(update, (Status.SUBMITTED.value, stamp, stamp, 2, declaration_id, 1))
                if cur.rowcount != 1:
                    raise RuntimeError(f"declaration {declaration_id} changed meanwhile")
            event = plan.submit_event(i, declaration_id, now)
            cur.execute(event_sql, as_tuple(event, EVENT_COLUMNS, sqlite))
            commit()
            advance(1)
    # counter bump, header, items, event; and the submit update when it is a second request
    return 3 + ITEMS + (1 if two_requests else 0)


def bulk(scratch: Scratch, plan: RowPlan, count: int, batch: int, advance: Advance) -> str:
    """Submitted declarations written a batch per transaction: COPY on PostgreSQL.

    Numbers come from one counter bump per batch (the same row ``numbering.allocate`` bumps,
    so numbers stay unique and gap-free); ids are reserved up front so items can refer to them.
    """
    sqlite = scratch.dialect == "sqlite"
    ph = "?" if sqlite else "%s"
    upsert = _upsert(ph)
    with _connect(scratch) as (cur, begin, commit):
        for start in range(0, count, batch):
            size = min(batch, count - start)
            now = datetime.now(UTC)
            begin()
            cur.execute(upsert, (plan.office, plan.day.year, plan.letter, size, size))
            last = int(cur.fetchone()[0])
            ids = _reserve_ids(cur, size, sqlite)
            headers, items, events = [], [], []
            for j, declaration_id in enumerate(ids):
                i = start + j
                header = plan.header(i, last - size + 1 + j, now, submitted=True)
                headers.append((declaration_id, *as_tuple(header, HEADER_COLUMNS, sqlite)))
                items += [as_tuple(r, ITEM_COLUMNS, sqlite) for r in plan.items(i, declaration_id)]
                event = plan.submit_event(i, declaration_id, now)
                events.append(as_tuple(event, EVENT_COLUMNS, sqlite))
            if sqlite:
                cur.executemany(_insert("declarations", ("id", *HEADER_COLUMNS), ph), headers)
                cur.executemany(_insert("declaration_items", ITEM_COLUMNS, ph), items)
                cur.executemany(_insert("declaration_events", EVENT_COLUMNS, ph), events)
            else:
                _copy(cur, "declarations", ("id", *HEADER_COLUMNS), headers)
                _copy(cur, "declaration_items", ITEM_COLUMNS, items)
                _copy(cur, "declaration_events", EVENT_COLUMNS, events)
            commit()
            advance(size)
    return "executemany" if sqlite else "COPY"


def _reserve_ids(cur: Cursor, size: int, sqlite: bool) -> list[int]:
    if sqlite:
        # The write lock is held (BEGIN IMMEDIATE), so max(id) cannot move under us.
        cur.execute("SELECT coalesce(max(id), 0) FROM declarations")
        base = int(cur.fetchone()[0])
        return list(range(base + 1, base + size + 1))
    cur.execute(
        "SELECT nextval(pg_get_serial_sequence('declarations', 'id')) FROM generate_series(1, %s)",
        (size,),
    )
    return [int(row[0]) for row in cur.fetchall()]


def _copy(cur: Cursor, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
