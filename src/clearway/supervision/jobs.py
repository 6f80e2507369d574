"""Scheduled jobs of supervision (registered on import by :mod:`clearway.jobs.catalogue`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from clearway.jobs import Job, register

if TYPE_CHECKING:
    from clearway.bootstrap import Platform


def _two_step(platform: Platform) -> str:
    from clearway.supervision.deadlines import flag_overdue_completes

    return flag_overdue_completes(platform)


register(
    Job(
        name="supervision.two_step_overdue",
        description="Record overdue two-step complete declarations as breaches; void refused "
        "summaries and give their guarantee reservations back.",
        every=timedelta(minutes=15),
        run=_two_step,
    )
)


def _centralized(platform: Platform) -> str:
    from clearway.supervision.consolidation import consolidate_overdue

    return consolidate_overdue(platform)


register(
    Job(
        name="supervision.centralized_overdue",
        description="Consolidate centralized lists whose consolidation deadline has passed and "
        "record each missed deadline as a breach.",
        every=timedelta(hours=1),
        run=_centralized,
    )
)
