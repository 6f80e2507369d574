"""Scheduled jobs of inspection (registered on import by :mod:`clearway.jobs.catalogue`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from clearway.jobs import Job, register

if TYPE_CHECKING:
    from clearway.bootstrap import Platform


def _orders(platform: Platform) -> str:
    from clearway.inspection.orders import sweep

    with platform.uow() as uow:
        done = sweep(uow, platform.clock)
    return (
        f"{len(done.opened)} inspection order(s) opened, {len(done.scheduled)} booked into a "
        f"slot, {done.waiting} still awaiting one"
    )


register(
    Job(
        name="inspection.orders",
        description="Open inspection orders for red-lane declarations that lack one and book "
        "every order awaiting a slot into the earliest slot with space.",
        every=timedelta(minutes=5),
        run=_orders,
    )
)
