"""Pure rules of the simulated port: office hours, and which measure applies to whom.

Eligibility is the platform's own (``supervision.eligibility_rules``): a measure switched on in a
scenario applies to a declaration only when the real rule lets its trader and goods use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from clearway.enterprises.model import CreditLevel
from clearway.simulation.scenario import Measure, OfficeHours
from clearway.supervision.eligibility_rules import (
    Facility,
    FacilityRuleOverride,
    refusals,
    rule_for,
)

# The measures that are facilities with an eligibility rule of their own.
FACILITY_OF: dict[Measure, Facility] = {
    Measure.TWO_STEP: Facility.TWO_STEP,
    Measure.DIRECT_PICKUP: Facility.DIRECT_PICKUP,
    Measure.FIRST_RELEASE: Facility.FIRST_RELEASE,
    Measure.APPOINTMENTS: Facility.APPOINTMENT_CLEARANCE,
}
WEEK_HOURS = 168.0


def eligible(
    measure: Measure,
    level: CreditLevel,
    tariff_code: str,
    office_code: str,
    overrides: dict[Facility, FacilityRuleOverride] | None = None,
) -> bool:
    """Whether the platform's eligibility rule lets this trader and goods use the measure."""
    facility = FACILITY_OF.get(measure)
    if facility is None:
        return True
    rule = rule_for(facility, overrides or {})
    return not refusals(rule, facility, level, tariff_codes=(tariff_code,), office_code=office_code)


class Hours:
    """Office hours turned into a weekly table, so "how long until open" is a lookup."""

    def __init__(self, hours: OfficeHours | None, start: datetime, utc_offset_hours: float) -> None:
        self.always = hours is None
        # Hours into the local week (Monday 00:00) at which the simulation's hour 0 falls.
        local = start.timestamp() / 3600.0 + utc_offset_hours
        self.origin = (local + 72.0) % WEEK_HOURS  # 1970-01-01 was a Thursday
        self.windows: Sequence[tuple[float, float]] = (
            ()
            if hours is None
            else sorted((d * 24 + hours.open, d * 24 + hours.close) for d in hours.weekdays)
        )

    def until_open(self, at: float) -> float:
        """Hours from *at* (hours since start) until the team is at work (0 when it is)."""
        if self.always:
            return 0.0
        week = (self.origin + at) % WEEK_HOURS
        for low, high in self.windows:
            if week < high:
                return max(0.0, low - week)
        return WEEK_HOURS - week + self.windows[0][0]


def wait_for_officer(hours: Hours, now: float, appointment_from: float | None) -> float:
    """Hours to wait before work starts: office hours, or an appointment booked in time.

    Appointment clearance (GACC 2018 No.109) lets work start outside office hours once the
    booking's notice has run (``appointment_from``); the wait is the shorter of the two.
    """
    wait = hours.until_open(now)
    if wait > 0 and appointment_from is not None:
        wait = min(wait, max(0.0, appointment_from - now))
    return wait
