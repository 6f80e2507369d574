"""Pure liaison rules: deadlines by category, who needs a coordinator, whom to give work to."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from clearway.enterprises.model import CreditLevel

# Working defaults; districts set their own in ``CLEARWAY_LIAISON_DEADLINE_HOURS``.
DEFAULT_DEADLINE_HOURS: dict[str, float] = {
    "urgent_clearance": 2.0,
    "question": 48.0,
    "complaint": 120.0,
}


def due_at(category: str, start: datetime, hours_by_category: Mapping[str, float]) -> datetime:
    """When customs must have answered a request of this category opened at ``start``."""
    hours = hours_by_category.get(category, DEFAULT_DEADLINE_HOURS.get(category, 48.0))
    return start + timedelta(hours=hours)


def needs_coordinator(level: CreditLevel) -> bool:
    """Advanced certified enterprises are entitled to an assigned coordinator (DOMAIN.md §3)."""
    return level is CreditLevel.ADVANCED_CERTIFIED


def least_loaded(loads: Mapping[int, int]) -> int | None:
    """The officer with the fewest active assignments; ties go to the lowest user id."""
    if not loads:
        return None
    return min(loads, key=lambda officer: (loads[officer], officer))
