"""Scheduled jobs of the API (registered on import by :mod:`clearway.jobs.catalogue`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete

from clearway.api.tables import idempotency_keys
from clearway.jobs import Job, register

if TYPE_CHECKING:
    from clearway.bootstrap import Platform


def sweep_idempotency_keys(platform: Platform) -> str:
    """Delete Idempotency-Key answers older than ``idempotency_hours``: past that a retry is
    a new request anyway, and the table would otherwise grow with every creating POST."""
    hours = platform.settings.idempotency_hours
    cutoff = platform.clock.now() - timedelta(hours=hours)
    with platform.uow() as uow:
        swept = uow.session.execute(
            delete(idempotency_keys).where(idempotency_keys.c.created_at < cutoff)
        )
        uow.commit()
    count = int(getattr(swept, "rowcount", 0))
    return f"{count} idempotency key(s) older than {hours} h deleted"


register(
    Job(
        name="idempotency.sweep",
        description="Delete Idempotency-Key answers older than CLEARWAY_IDEMPOTENCY_HOURS.",
        every=timedelta(hours=1),
        run=sweep_idempotency_keys,
    )
)
