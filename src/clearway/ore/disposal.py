"""Disposal of ore found nonconforming after release: measures, deadlines, overdue. Pure.

Goods released on an on-site result may fail in the lab afterwards; customs then orders their
return, destruction or rectification within a deadline and follows it up. Harmful elements
and radioactivity call for return (destruction if return is impossible); quality failures can
be rectified (blending, re-processing). A case is overdue only once its deadline has passed:
at the deadline itself it is still on time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from clearway.ore.lab import LabFailure

# The status lives with its table; this name is where the mapping, API and CLI find it.
from clearway.ore.status import DisposalStatus as DisposalStatus


class DisposalMeasure(StrEnum):
    RETURN = "return"
    DESTRUCTION = "destruction"
    RECTIFICATION = "rectification"


def suggested_measure(failures: Iterable[LabFailure]) -> DisposalMeasure:
    """Return for anything harmful, rectification when only quality limits failed."""
    if any(f.harmful for f in failures):
        return DisposalMeasure.RETURN
    return DisposalMeasure.RECTIFICATION


def due_at(opened_at: datetime, days: int) -> datetime:
    return opened_at + timedelta(days=days)


def is_overdue(status: DisposalStatus, due: datetime, now: datetime) -> bool:
    return status is DisposalStatus.OPEN and now > due
