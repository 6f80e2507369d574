"""Stock never goes negative under concurrency: the database decides, not Python.

Real commits from many threads against one book item holding 50 units; run on SQLite and on
PostgreSQL (where the row lock and the conditional UPDATE are what keep the count exact).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from sqlalchemy import func, select

from clearway.bonded import ledger, movements, queries
from clearway.bonded.commands import VerificationListInput
from clearway.bonded.model import MovementKind
from clearway.bonded.tables import book_items, ledger_entries
from clearway.bootstrap import Platform
from clearway.shared.errors import Conflict
from tests.bonded_builders import BATTERY, OTHER_DG_LOCATION, Zone, line, seed_zone, stock
from tests.builders import ADMIN

ATTEMPTS, STOCK = 100, 50
# Enough threads to pile up on the row lock, few enough to stay inside the server's connections.
WORKERS = 25


def _race(attempt: Callable[[int], None]) -> list[bool]:
    """Run ATTEMPTS calls on WORKERS threads released together; True where one succeeded."""
    start = threading.Barrier(WORKERS)

    def run(n: int) -> bool:
        if n < WORKERS:
            start.wait()
        try:
            attempt(n)
        except Conflict as refused:
            assert refused.extra["available"] == "0"
            return False
        return True

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, range(ATTEMPTS)))


def _item_id(platform: Platform, book: str) -> int:
    with platform.sessions() as s:
        item = queries.get_book(s, ADMIN, book).item(BATTERY)
        assert item is not None
        return item.id


def _reconcile(platform: Platform, item_id: int) -> tuple[Decimal, Decimal, list[Decimal]]:
    """The item's balance, the sum of its ledger lines, and its running balances in order."""
    le = ledger_entries.c
    with platform.sessions() as s:
        balance = s.execute(
            select(book_items.c.balance).where(book_items.c.id == item_id)
        ).scalar_one()
        total = s.execute(
            select(func.sum(le.quantity)).where(le.book_item_id == item_id)
        ).scalar_one()
        running = list(
            s.scalars(select(le.balance_after).where(le.book_item_id == item_id).order_by(le.seq))
        )
        seqs = list(s.scalars(select(le.seq).where(le.book_item_id == item_id).order_by(le.seq)))
    assert seqs == list(range(1, len(seqs) + 1))  # no gap, no duplicate
    return Decimal(balance), Decimal(total), [Decimal(r) for r in running]


def _stocked_zone(platform: Platform) -> Zone:
    zone = seed_zone(platform)
    stock(platform, zone, str(STOCK))
    return zone


def test_hundred_withdrawals_of_one_against_fifty(committed_platform: Platform) -> None:
    platform = committed_platform
    zone = _stocked_zone(platform)
    item_id = _item_id(platform, zone.book)

    def withdraw(n: int) -> None:
        with platform.uow() as uow:
            ledger.post(
                uow.session,
                item_id,
                Decimal(-1),
                platform.clock.now(),
                ledger.Movement(MovementKind.EXIT, f"worker-{n}"),
            )
            uow.commit()

    results = _race(withdraw)
    assert results.count(True) == STOCK
    balance, total, running = _reconcile(platform, item_id)
    assert balance == 0 and total == 0
    assert running == [Decimal(STOCK - n) for n in range(STOCK + 1)]


def test_hundred_in_zone_transfers_against_fifty(committed_platform: Platform) -> None:
    platform = committed_platform
    zone = _stocked_zone(platform)
    body = VerificationListInput.model_validate(
        {
            "kind": "in_zone_transfer",
            "book": zone.book,
            "counterpart_book": zone.other_book,
            "items": [
                line(quantity="1", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)
            ],
        }
    )

    def transfer(_n: int) -> None:
        with platform.uow() as uow:
            movements.lodge_list(uow, body, zone.maker, platform.clock)

    results = _race(transfer)
    assert results.count(True) == STOCK
    sender = _reconcile(platform, _item_id(platform, zone.book))
    receiver = _reconcile(platform, _item_id(platform, zone.other_book))
    assert sender[0] == 0 and sender[1] == 0
    assert receiver[0] == STOCK and receiver[1] == STOCK
    assert receiver[2] == [Decimal(n) for n in range(1, STOCK + 1)]
