"""Benchmark of the bonded-zone ledger on PostgreSQL: postings per second, balance at a date.

Run from the repository root: ``python bench/ledger.py [--database-url URL]``. The URL names a
PostgreSQL server (default: ``CLEARWAY_BENCH_DATABASE_URL`` or the local server); the run creates
a scratch database ``clearway_bench_<random>`` there, migrates it through the real Alembic
migrations, and drops it at the end, so no data anyone cares about is touched. Prints one JSON
object comparing the figures with the targets:

- ledger postings per second with the non-negative rule enforced, target 2,000/s: every posting
  is the conditional UPDATE plus its append-only ledger line through ``ledger.post`` and the
  unit of work, committed durably; measured with list-sized transactions (``--lines``, 10 lines
  like a verification list) and with one posting per transaction (the worst case), beside the
  same SQL through the bare driver (what this machine allows at all);
- the same postings all on one hot item until its stock runs out: exactly the stock succeeds;
- balance-at-a-date over 1,000,000 ledger lines (every item of a book at a random instant),
  target p95 under 50 ms.

Every phase is bounded in time; the figures describe this machine only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url

from clearway.benchmarks.scratch import scratch_database
from clearway.bonded import ledger, queries
from clearway.bonded.model import AccountBook, MovementKind
from clearway.bonded.tables import book_items, ledger_entries
from clearway.persistence.db import UnitOfWork, session_factory
from clearway.shared.errors import Conflict

POSTINGS_TARGET, P95_TARGET_MS = 2000.0, 50.0
SETUP_AT = datetime(2024, 1, 1, tzinfo=UTC)
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def postgres_scratch(url: str, pool_size: int) -> Iterator[Engine]:
    """A migrated scratch database on the URL's PostgreSQL server, dropped afterwards."""
    if make_url(url).get_backend_name() != "postgresql":
        raise SystemExit("this benchmark measures PostgreSQL; give a postgresql+psycopg:// URL")
    with scratch_database(url, pool_size) as scratch:
        yield scratch.engine


def seed_books(engine: Engine, books: int, items_per_book: int) -> list[int]:
    """Zone enterprises, one open book each, with numbered items; returns the book ids."""
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO customs_offices VALUES ('0291', '鄂尔多斯海关', 'Ordos Customs', 'CBZ')",
            """INSERT INTO enterprises (id, uscc, customs_code, name, name_en, roles, address,
                                        created_at)
               SELECT n, '91150600BENCH' || lpad(n::text, 5, '0'), '15069' || lpad(n::text, 5, '0'),
                      'Bench zone enterprise ' || n, '', 'bonded_zone,trader', '', :at
               FROM generate_series(1, :books) AS n""",
            """INSERT INTO account_books (id, number, enterprise_id, office_code, status, opened_at,
                                          opened_by)
               SELECT n, '0291-2024-B-' || lpad(n::text, 6, '0'), n, '0291', 'open', :at, 'bench'
               FROM generate_series(1, :books) AS n""",
            """INSERT INTO book_items (book_id, item_no, tariff_code, goods_name, unit,
                                       dg_un_number, balance, entries, created_at)
               SELECT b, i, '8507600030', 'goods ' || i, 'pcs', 'UN3480', 0, 0, :at
               FROM generate_series(1, :books) AS b CROSS JOIN generate_series(1, :items) AS i""",
        ):
            conn.execute(text(statement), {"at": SETUP_AT, "books": books, "items": items_per_book})
    return list(range(1, books + 1))


def generate_history(engine: Engine, rows: int) -> tuple[datetime, datetime]:
    """Write `rows` ledger lines server-side: entries of 8 and exits of 3 alternating per item,
    an hour apart, with consistent running balances; returns the time span covered."""
    with engine.connect() as conn:
        items = conn.execute(select(func.count()).select_from(book_items)).scalar_one()
    per_item = max(1, rows // items)
    with engine.begin() as conn:
        conn.execute(
            text("""
            INSERT INTO ledger_entries
                (book_id, book_item_id, seq, at, kind, quantity, balance_after, actor)
            SELECT bi.book_id, bi.id, g.s,
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + g.s * INTERVAL '1 hour'
                       + bi.id * INTERVAL '1 second',
                   CASE WHEN g.s % 2 = 1 THEN 'entry' ELSE 'exit' END,
                   CASE WHEN g.s % 2 = 1 THEN 8 ELSE -3 END,
                   8 * ((g.s + 1) / 2) - 3 * (g.s / 2),
                   'bench'
            FROM book_items bi CROSS JOIN generate_series(1, :n) AS g(s)
        """),
            {"n": per_item},
        )
        conn.execute(
            text("""
            UPDATE book_items bi SET balance = l.balance_after, entries = l.seq,
                                     last_posted_at = l.at
            FROM ledger_entries l WHERE l.book_item_id = bi.id AND l.seq = :n
        """),
            {"n": per_item},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE ledger_entries"))
        conn.execute(text("VACUUM ANALYZE book_items"))
        low, high = conn.execute(
            select(func.min(ledger_entries.c.at), func.max(ledger_entries.c.at))
        ).one()
    return low, high


def post_for(
    engine: Engine,
    item_ids: list[int],
    workers: int,
    seconds: float,
    lines: int = 1,
    stop_when_refused: bool = False,
) -> dict[str, Any]:
    """Withdraw one unit from each of `lines` items per transaction (like a verification list
    posting its lines, locked in id order) on `workers` threads, for `seconds`."""
    sessions = session_factory(engine)
    done, commits, refused, errors = ([0] * workers for _ in range(4))
    stop = threading.Event()
    start = threading.Barrier(workers + 1)
    movement = ledger.Movement(MovementKind.EXIT, "bench")

    def work(w: int) -> None:
        rng = random.Random(w)
        start.wait()
        while not stop.is_set():
            picked = sorted(rng.sample(item_ids, lines)) if lines > 1 else [rng.choice(item_ids)]
            try:
                with UnitOfWork(sessions) as uow:
                    now = datetime.now(UTC)
                    for item_id in picked:
                        ledger.post(uow.session, item_id, Decimal(-1), now, movement)
                    uow.commit()
                done[w] += len(picked)
                commits[w] += 1
            except Conflict:
                refused[w] += 1
                if stop_when_refused:
                    return
            except Exception:  # counted and reported; the run goes on
                errors[w] += 1

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    deadline = began + seconds
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "workers": workers,
        "lines_per_transaction": lines,
        "seconds": round(elapsed, 2),
        "postings": sum(done),
        "transactions": sum(commits),
        "per_second": round(sum(done) / elapsed, 1),
        "transactions_per_second": round(sum(commits) / elapsed, 1),
        "refused": sum(refused),
        "errors": sum(errors),
    }


def fresh_item(engine: Engine, book_id: int, item_no: int, stock: int) -> int:
    """A new item whose stock is exactly `stock`, booked through the ledger itself."""
    with engine.begin() as conn:
        item_id = conn.execute(
            text("""INSERT INTO book_items (book_id, item_no, tariff_code, goods_name, unit,
                                            dg_un_number, balance, entries, created_at)
                    VALUES (:b, :n, '8507600030', 'hot goods', 'pcs', 'UN3480', 0, 0, :at)
                    RETURNING id"""),
            {"b": book_id, "n": item_no, "at": SETUP_AT},
        ).scalar_one()
    with UnitOfWork(session_factory(engine)) as uow:
        entry = ledger.Movement(MovementKind.ENTRY, "bench")
        ledger.post(uow.session, item_id, Decimal(stock), datetime.now(UTC), entry)
        uow.commit()
    return int(item_id)


def balance_queries(
    engine: Engine, book_ids: list[int], span: tuple[datetime, datetime], count: int, seed: int
) -> list[float]:
    """Latency in ms of every-item balances of a random book at a random past instant."""
    rng = random.Random(seed)
    sessions = session_factory(engine)
    low, high = span
    latencies = []
    with sessions() as session:
        books = {b: session.get(AccountBook, b) for b in book_ids}
        for n in range(count + 10):
            book = books[rng.choice(book_ids)]
            assert book is not None
            at = low + (high - low) * rng.random()
            tick = time.perf_counter()
            rows = queries.balances_at(session, book, at)
            elapsed = (time.perf_counter() - tick) * 1000.0
            assert rows and all(r.balance >= 0 for r in rows)
            if n >= 10:  # the first calls warm the plan cache and the buffer pool
                latencies.append(elapsed)
    return latencies


RAW_POSTING = """
WITH moved AS (
    UPDATE book_items SET balance = round(balance - 1, 4), entries = entries + 1,
        last_posted_at = CASE WHEN last_posted_at IS NOT NULL AND last_posted_at > %(at)s
                              THEN last_posted_at ELSE %(at)s END
    WHERE id = %(item)s AND balance >= 1 AND EXISTS (
        SELECT 1 FROM account_books WHERE id = book_items.book_id AND status = 'open')
    RETURNING book_id, balance, entries, last_posted_at)
INSERT INTO ledger_entries (book_id, book_item_id, seq, at, kind, quantity, balance_after, actor)
SELECT book_id, %(item)s, entries, last_posted_at, 'exit', -1, balance, 'bench-raw' FROM moved
RETURNING balance_after
"""


def raw_driver(
    engine: Engine, item_ids: list[int], workers: int, seconds: float, lines: int
) -> dict[str, Any]:
    """The same SQL through the bare driver: the ceiling this machine puts on the code above."""
    import psycopg

    target = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = [0] * workers
    stop = threading.Event()
    start = threading.Barrier(workers + 1)

    def work(w: int) -> None:
        rng = random.Random(1000 + w)
        with psycopg.connect(target) as conn:
            start.wait()
            while not stop.is_set():
                picked = (
                    sorted(rng.sample(item_ids, lines)) if lines > 1 else [rng.choice(item_ids)]
                )
                with conn.transaction():
                    for item_id in picked:
                        params = {"item": item_id, "at": datetime.now(UTC)}
                        # Nothing written when the stock is out: count only what moved.
                        done[w] += conn.execute(RAW_POSTING, params).fetchone() is not None

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "workers": workers,
        "lines_per_transaction": lines,
        "seconds": round(elapsed, 2),
        "postings": sum(done),
        "per_second": round(sum(done) / elapsed, 1),
    }


def reconciles(engine: Engine) -> bool:
    """Every item's balance equals the sum of its ledger lines and its last running balance."""
    with engine.connect() as conn:
        broken = conn.execute(
            text("""
            SELECT count(*) FROM book_items bi
            LEFT JOIN (SELECT book_item_id, sum(quantity) AS total, max(seq) AS last
                       FROM ledger_entries GROUP BY book_item_id) s ON s.book_item_id = bi.id
            LEFT JOIN ledger_entries l ON l.book_item_id = bi.id AND l.seq = s.last
            WHERE bi.balance <> coalesce(s.total, 0) OR bi.balance <> coalesce(l.balance_after, 0)
               OR bi.balance < 0
        """)
        ).scalar_one()
    return int(broken) == 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("CLEARWAY_BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--books", type=int, default=20)
    parser.add_argument("--items-per-book", type=int, default=25)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="Per posting phase.")
    parser.add_argument(
        "--lines", type=int, default=10, help="Ledger lines per transaction (list lines)."
    )
    parser.add_argument("--hot-stock", type=int, default=500)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with postgres_scratch(args.database_url, pool_size=args.workers + 2) as engine:
        book_ids = seed_books(engine, args.books, args.items_per_book)
        tick = time.perf_counter()
        span = generate_history(engine, args.rows)
        generated_in = time.perf_counter() - tick
        with engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(ledger_entries)).scalar_one()
            version = conn.execute(text("SHOW server_version")).scalar_one()
        latencies = balance_queries(engine, book_ids, span, args.queries, args.seed)
        with engine.connect() as conn:
            item_ids = list(conn.scalars(select(book_items.c.id).order_by(book_items.c.id)))
        single = post_for(engine, item_ids, args.workers, args.seconds)
        listed = post_for(engine, item_ids, args.workers, args.seconds, lines=args.lines)
        ceiling = raw_driver(engine, item_ids, args.workers, args.seconds, args.lines)
        hot = fresh_item(engine, book_ids[0], args.items_per_book + 1, args.hot_stock)
        before = time.perf_counter()
        # One row, one lock: each withdrawal waits for the previous commit; bounded at 2 min.
        drained = post_for(engine, [hot], args.workers, 120.0, stop_when_refused=True)
        drained["stock"] = args.hot_stock
        drained["exactly_the_stock_succeeded"] = drained["postings"] == args.hot_stock
        drained["drain_seconds"] = round(time.perf_counter() - before, 2)
        consistent = reconciles(engine)
    return {
        "benchmark": "bonded ledger",
        "database": f"PostgreSQL {version}",
        "postings": {
            **listed,
            "target_per_second": POSTINGS_TARGET,
            "meets_target": listed["per_second"] >= POSTINGS_TARGET,
        },
        "same_sql_bare_driver": ceiling,
        "postings_one_per_transaction": {
            **single,
            "meets_target": single["per_second"] >= POSTINGS_TARGET,
        },
        "hot_item_until_empty": drained,
        "balance_at_date": {
            "ledger_rows": int(rows),
            "books": args.books,
            "items_per_book": args.items_per_book,
            "generated_in_seconds": round(generated_in, 1),
            "queries": len(latencies),
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(_percentile(latencies, 0.95), 2),
            "p99_ms": round(_percentile(latencies, 0.99), 2),
            "max_ms": round(max(latencies), 2),
            "target_p95_ms": P95_TARGET_MS,
            "meets_target": _percentile(latencies, 0.95) < P95_TARGET_MS,
        },
        "ledger_reconciles": consistent,
        "total_seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
