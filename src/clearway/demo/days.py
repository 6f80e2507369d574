"""The demo's "this month" placed around the day it is loaded.

The current work of the demo (this month's declarations, slots, appointments, trains, liaison
requests, certificates and guarantees) was written for one reference day, Friday 20 November
2026. The loader moves all of it by whole days so that the reference day becomes the load day
(the platform clock's date): whoever opens the demo finds today's schedule filled. The dated
history (January–March 2024, the 2019 "before") is never moved, so the seed figures stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

_DATED = ("issue_date", "valid_until")
# The day the demo's current work was written for, at noon in Beijing.
REFERENCE_NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoDays:
    """Moves a moment written for the reference day to the same moment around the load day."""

    today: date

    @classmethod
    def of(cls, now: datetime) -> DemoDays:
        """The demo's days around the date ``now`` falls on (UTC)."""
        return cls(now.astimezone(UTC).date())

    @property
    def shift(self) -> timedelta:
        return self.today - REFERENCE_NOW.date()

    @property
    def now(self) -> datetime:
        """The demo's "now": noon in Beijing on the load day."""
        return self.at(REFERENCE_NOW)

    def at(self, written: datetime) -> datetime:
        return written + self.shift

    def on(self, written: date) -> date:
        return written + self.shift

    def iso(self, written: str) -> str:
        """A date written as ISO text (certificates' issue and expiry dates), moved."""
        return self.on(date.fromisoformat(written)).isoformat()

    def documents(self, written: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Certificates with their issue and expiry dates moved, so each stays as current (or
        as expired) on the demo's today as it was written to be."""
        return [
            {k: self.iso(v) if k in _DATED and v else v for k, v in doc.items()} for doc in written
        ]

    def ahead(self, written: date) -> date:
        """A date the demo wrote as still ahead of its today moves with it (a mandate's end);
        one already past is history and stays."""
        return self.on(written) if written > REFERENCE_NOW.date() else written

    def month_day(self, months_back: int, day: int, at: time) -> datetime:
        """Day ``day`` of the month ``months_back`` months before the load day's, at ``at``
        UTC: for work tied to calendar months (centralized lists and their consolidation),
        which a shift by days would carry across a month's end."""
        year, month = divmod(self.today.year * 12 + self.today.month - 1 - months_back, 12)
        return datetime.combine(date(year, month + 1, day), at, tzinfo=UTC)
