"""Who may re-derive which statistics at the same time (PostgreSQL transaction-level locks).

Two transactions re-deriving the same enterprise's rows (two releases in one month, a release
and a credit change) would each delete what the other had not yet committed and insert the
same keys; the second would fail on the primary key and refuse a legitimate change. So a
re-derivation first takes its enterprise's lock, and a new exchange rate, which re-derives
every enterprise, takes the district lock that the others hold shared. Locks end with the
transaction. SQLite needs none: it lets one writer in at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

# Advisory lock key spaces (two-int form): the district, then one per enterprise.
DISTRICT, ENTERPRISE = 0x5354_4154, 0x5354_454E


def _postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def enterprises(conn: Connection, trader_ids: Iterable[int]) -> None:
    """Hold the district's lock shared and these enterprises' locks, in one statement:
    PostgreSQL evaluates a select list left to right, so they are taken in id order and two
    holders never wait on each other."""
    if not _postgresql(conn):
        return
    held = [func.pg_advisory_xact_lock(ENTERPRISE, t) for t in sorted(set(trader_ids))]
    conn.execute(select(func.pg_advisory_xact_lock_shared(DISTRICT, 0), *held))


def district(conn: Connection) -> None:
    """Hold the whole district's statistics (a new exchange rate re-derives everyone)."""
    if _postgresql(conn):
        conn.execute(select(func.pg_advisory_xact_lock(DISTRICT, 0)))
