"""Guarantee balances under concurrency: consumed and restored by the database, never overdrawn.

Real commits from many threads against one guarantee, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from clearway.bonded.tables import tax_guarantees
from clearway.bonded.tax_records import TaxGuarantee
from clearway.bootstrap import Platform
from clearway.shared.errors import Conflict, RuleViolation
from clearway.supervision.guarantees import consume, restore
from tests.builders import TODAY
from tests.supervision_support import balance, lodge, seed_importers, summary_input

WORKERS = 20


def _race(attempts: int, attempt: Callable[[int], None]) -> list[bool]:
    start = threading.Barrier(min(WORKERS, attempts))

    def run(n: int) -> bool:
        if n < WORKERS:
            start.wait()
        try:
            attempt(n)
        except RuleViolation as refused:
            assert refused.errors[0].rule == "guarantee.insufficient"
            return False
        return True

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, range(attempts)))


def _guarantee(platform: Platform, number: str) -> TaxGuarantee:
    with platform.sessions() as s:
        return s.scalars(select(TaxGuarantee).where(tax_guarantees.c.number == number)).one()


def test_fifty_consumptions_cannot_overdraw(committed_platform: Platform) -> None:
    platform = committed_platform
    number = seed_importers(platform).guarantee  # 500,000.00 CNY

    def take(_n: int) -> None:
        with platform.uow() as uow:
            consume(uow.session, _guarantee(platform, number), Decimal("30000.00"), TODAY)
            uow.commit()

    results = _race(50, take)
    assert results.count(True) == 16  # 16 x 30,000 = 480,000
    assert balance(platform, number) == Decimal("20000.00")


def test_concurrent_summaries_reserve_only_what_the_guarantee_holds(
    committed_platform: Platform,
) -> None:
    platform = committed_platform
    importers = seed_importers(platform)

    def summary(_n: int) -> None:
        lodge(platform, importers.district.importer, summary_input(importers.guarantee))

    results = _race(10, summary)
    assert results.count(True) == 4  # 4 x 111,800 = 447,200 of 500,000
    assert balance(platform, importers.guarantee) == Decimal("52800.00")


def test_restore_never_exceeds_the_amount_and_expired_is_refused(platform: Platform) -> None:
    number = seed_importers(platform).guarantee
    guarantee = _guarantee(platform, number)
    with platform.uow() as uow:
        consume(uow.session, guarantee, Decimal("100.00"), TODAY)
        restore(uow.session, guarantee.id, Decimal("100.00"))
        with pytest.raises(Conflict):
            restore(uow.session, guarantee.id, Decimal("0.01"))
        with pytest.raises(RuleViolation) as refused:
            consume(uow.session, guarantee, Decimal("1.00"), date(2028, 1, 1))
        assert refused.value.errors[0].rule == "guarantee.expired"
        uow.commit()
    assert balance(platform, number) == Decimal("500000.00")
