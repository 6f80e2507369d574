"""Scheduled jobs of ore supervision (registered on import by :mod:`clearway.jobs.catalogue`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from clearway.jobs import Job, register

if TYPE_CHECKING:
    from clearway.bootstrap import Platform


def _disposal_overdue(platform: Platform) -> str:
    from clearway.ore.cases import flag_overdue

    with platform.uow() as uow:
        ids = flag_overdue(uow, platform.clock)
    return f"{len(ids)} ore disposal case(s) newly overdue" + (f": {ids}" if ids else "")


register(
    Job(
        name="ore.disposal_overdue",
        description="Flag ore disposal cases past their deadline and tell the importer.",
        every=timedelta(hours=1),
        run=_disposal_overdue,
    )
)
