"""No overbooking when 50 bookings race for the last place: the database decides, not luck.

Real commits from 50 threads released together, on SQLite and on PostgreSQL; each books its own
declaration into a slot with one place left.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations.model import Lane
from clearway.inspection import bookings
from clearway.inspection.commands import BookingInput, RescheduleInput
from clearway.inspection.model import InspectionSlot
from clearway.inspection.tables import inspection_bookings
from clearway.shared.errors import Conflict
from tests.inspection_support import ORDOS_SITE, lodge, open_slot, seed_inspection

RACERS = 50


@pytest.fixture()
def racing(committed_platform: Platform) -> Iterator[Platform]:
    """A committing platform whose idle connections are closed afterwards: the race opens one
    per racer, and the PostgreSQL server is shared with every other test run."""
    yield committed_platform
    committed_platform.engine.dispose()


def _race(attempt: object) -> list[str]:
    start = threading.Barrier(RACERS)

    def run(n: int) -> str:
        start.wait()
        try:
            attempt(n)  # type: ignore[operator]
        except Conflict as refused:
            return str(refused.extra.get("rule") or refused.extra.get("reason"))
        return "booked"

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        return list(pool.map(run, range(RACERS)))


def test_fifty_bookings_for_the_last_place(racing: Platform) -> None:
    platform = racing
    setup = seed_inspection(platform)
    exporter = setup.district.exporter
    slot = open_slot(platform, ORDOS_SITE, 20, capacity=3)
    numbers = [lodge(platform, exporter, Lane.GREEN).number for _ in range(RACERS + 2)]
    for number in numbers[:2]:  # two of three places already gone
        with platform.uow() as uow:
            bookings.book(
                uow, BookingInput(declaration=number, slot_id=slot.id), exporter, platform.clock
            )

    def book(n: int) -> None:
        with platform.uow() as uow:
            bookings.book(
                uow,
                BookingInput(declaration=numbers[2 + n], slot_id=slot.id),
                exporter,
                platform.clock,
            )

    outcomes = _race(book)
    assert outcomes.count("booked") == 1
    assert outcomes.count("slot.full") == RACERS - 1
    with platform.sessions() as s:
        booked = s.get(InspectionSlot, slot.id)
        assert booked is not None and booked.booked == booked.capacity == 3
        live = s.execute(
            select(func.count()).where(inspection_bookings.c.slot_id == slot.id)
        ).scalar_one()
    assert live == 3


def test_fifty_reschedules_into_the_last_place(racing: Platform) -> None:
    platform = racing
    setup = seed_inspection(platform)
    exporter = setup.district.exporter
    origin = open_slot(platform, ORDOS_SITE, 10, capacity=RACERS)
    target = open_slot(platform, ORDOS_SITE, 20, capacity=1)
    ids = []
    for _ in range(RACERS):
        number = lodge(platform, exporter, Lane.GREEN).number
        with platform.uow() as uow:
            ids.append(
                bookings.book(
                    uow,
                    BookingInput(declaration=number, slot_id=origin.id),
                    exporter,
                    platform.clock,
                ).id
            )

    def move(n: int) -> None:
        with platform.uow() as uow:
            bookings.reschedule(
                uow, ids[n], RescheduleInput(slot_id=target.id), exporter, platform.clock
            )

    outcomes = _race(move)
    assert outcomes.count("booked") == 1
    assert outcomes.count("slot.full") == RACERS - 1
    with platform.sessions() as s:
        counts = [s.get(InspectionSlot, x.id).booked for x in (origin, target)]  # type: ignore[union-attr]
    assert counts == [RACERS - 1, 1]  # the winner's old place was given back, nobody else's
