"""An office's calendar: its working hours per weekday and its holidays, in its own time zone.

Working hours and holidays are local wall-clock facts ("08:30 on weekdays", "1 October"), so
they are kept as local times and dates with the office's time zone; every instant Clearway
stores (appointments, slots) stays UTC and is compared through :meth:`OfficeCalendar.periods_on`.
Pure: no I/O, so the office-hours rules are tested without a database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # ISO weekday 1..7


class WorkingPeriod:
    """One opening period of an office on an ISO weekday (1 Monday … 7 Sunday), local time."""

    id: int
    office_code: str
    weekday: int
    opens: time
    closes: time

    def __init__(self, weekday: int, opens: time, closes: time) -> None:
        self.weekday = weekday
        self.opens = opens
        self.closes = closes


class Holiday:
    """A local calendar day the office is closed (public holiday, bridge day)."""

    id: int
    office_code: str
    day: date
    name: str

    def __init__(self, day: date, name: str) -> None:
        self.day = day
        self.name = name


class OfficeCalendar:
    """When a customs office works; outside these hours customs work needs an appointment."""

    office_code: str
    timezone: str
    updated_at: datetime
    updated_by: str
    version: int
    hours: list[WorkingPeriod]
    holidays: list[Holiday]

    def __init__(self, office_code: str, timezone: str, at: datetime, by: str) -> None:
        self.office_code = office_code
        self.timezone = timezone
        self.updated_at = at
        self.updated_by = by
        self.hours = []
        self.holidays = []

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_date(self, at: datetime) -> date:
        """The office's calendar day at an instant."""
        return at.astimezone(self.zone).date()

    def at_local(self, day: date, clock_time: time) -> datetime:
        """A local wall-clock time on a local day, as a UTC instant."""
        return datetime.combine(day, clock_time, tzinfo=self.zone).astimezone(UTC)

    def holiday_on(self, day: date) -> Holiday | None:
        return next((h for h in self.holidays if h.day == day), None)

    def periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The office's working periods on a local day as UTC intervals (none on a holiday)."""
        if self.holiday_on(day) is not None:
            return []
        weekday = day.isoweekday()
        return sorted(
            (self.at_local(day, p.opens), self.at_local(day, p.closes))
            for p in self.hours
            if p.weekday == weekday
        )

    def working_overlap(self, start: datetime, end: datetime) -> tuple[datetime, datetime] | None:
        """The first working period that [start, end) touches, or None when it lies wholly
        outside office hours (nights, weekends, holidays)."""
        day = self.local_date(start) - timedelta(days=1)
        last = self.local_date(end)
        while day <= last:
            for opens, closes in self.periods_on(day):
                if opens < end and start < closes:
                    return opens, closes
            day += timedelta(days=1)
        return None

    def is_working_time(self, at: datetime) -> bool:
        return self.working_overlap(at, at + timedelta(microseconds=1)) is not None
