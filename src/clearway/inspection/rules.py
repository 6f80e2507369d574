"""Pure inspection rules: appointment lead times and office hours, working-hour tables, slot
series and the standing windows of a tailored plan. No I/O: services pass plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.enterprises.model import CreditLevel
from clearway.inspection.calendar import OfficeCalendar
from clearway.inspection.results import RecordKind, Result
from clearway.shared.errors import Collector

# Working defaults; districts set their own in ``CLEARWAY_APPOINTMENT_LEAD_HOURS``.
DEFAULT_LEAD_HOURS = {CreditLevel.ADVANCED_CERTIFIED.value: 8.0, "*": 24.0}
MAX_APPOINTMENT_HOURS = 24  # one appointment covers one stretch of out-of-hours work
MAX_PLAN_DAYS = 366  # a tailored plan is renewed yearly with the enterprise's schedule
MAX_SERIES_SLOTS = 2000  # what one request may create, so a typo cannot flood the calendar
MAX_REASON = 1900  # findings quoted on the timeline (the record keeps them whole)


def lead_hours_for(level: CreditLevel, table: Mapping[str, float]) -> float:
    """Least notice an enterprise at this credit level gives for appointment clearance."""
    merged = {**DEFAULT_LEAD_HOURS, **table}
    return merged.get(level.value, merged["*"])


def check_appointment_time(
    errors: Collector,
    calendar: OfficeCalendar,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    lead_hours: float,
) -> None:
    """Add every broken time rule: the period, the lead time, and "outside office hours"."""
    if ends_at <= starts_at:
        errors.add("ends_at", "appointment.period", "must be after starts_at")
        return
    if ends_at - starts_at > timedelta(hours=MAX_APPOINTMENT_HOURS):
        errors.add(
            "ends_at",
            "appointment.period",
            f"an appointment covers at most {MAX_APPOINTMENT_HOURS} hours",
        )
    notice = starts_at - now
    if notice < timedelta(hours=lead_hours):
        errors.add(
            "starts_at",
            "appointment.lead_time",
            f"appointment clearance must be booked at least {lead_hours:g} hours ahead "
            f"(GACC 2018 No.109); {_hours(notice)} given",
        )
    overlap = calendar.working_overlap(starts_at, ends_at)
    if overlap is not None:
        opens, closes = (t.astimezone(calendar.zone) for t in overlap)
        errors.add(
            "starts_at",
            "appointment.office_hours",
            f"the office works {opens:%a %Y-%m-%d %H:%M}–{closes:%H:%M} "
            f"({calendar.timezone}); inside office hours goods are cleared normally, "
            "appointments are for customs work outside them",
        )


def _hours(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "the time has passed"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m{seconds % 60:02d}s"


def check_working_hours(errors: Collector, periods: Iterable[tuple[int, time, time]]) -> None:
    """Each period opens before it closes and none overlaps another on the same weekday."""
    by_day: dict[int, list[tuple[time, time, int]]] = {}
    for n, (weekday, opens, closes) in enumerate(periods):
        if opens >= closes:
            errors.add(f"hours.{n}.closes", "calendar.period", "must be after opens")
            continue
        by_day.setdefault(weekday, []).append((opens, closes, n))
    for spans in by_day.values():
        spans.sort()
        for (_o1, c1, _n1), (o2, _c2, n2) in pairwise(spans):
            if o2 < c1:
                errors.add(
                    f"hours.{n2}.opens", "calendar.overlap", "overlaps another period that day"
                )


def days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def slot_series(
    calendar: OfficeCalendar,
    date_from: date,
    date_to: date,
    weekdays: Iterable[int],
    first_start: time,
    last_end: time,
    minutes: int,
    skip_holidays: bool,
) -> list[tuple[datetime, datetime]]:
    """Back-to-back slots of ``minutes`` from ``first_start`` to ``last_end`` (local) on the
    chosen weekdays, as UTC intervals; holidays are skipped unless told otherwise."""
    wanted = set(weekdays)
    out = []
    for day in days(date_from, date_to):
        if day.isoweekday() not in wanted or (skip_holidays and calendar.holiday_on(day)):
            continue
        start = calendar.at_local(day, first_start)
        close = calendar.at_local(day, last_end)
        while start + timedelta(minutes=minutes) <= close:
            out.append((start, start + timedelta(minutes=minutes)))
            start += timedelta(minutes=minutes)
    return out


def plan_windows(
    calendar: OfficeCalendar,
    weekdays: Iterable[int],
    window_start: time,
    window_end: time,
    valid_from: date,
    valid_to: date,
    not_before: datetime,
) -> list[tuple[datetime, datetime]]:
    """The standing inspection windows a production schedule gives: one per working weekday of
    the plan's period, never on an office holiday and never in the past."""
    wanted = set(weekdays)
    return [
        (start, end)
        for day in days(valid_from, valid_to)
        if day.isoweekday() in wanted and calendar.holiday_on(day) is None
        for start, end in [
            (calendar.at_local(day, window_start), calendar.at_local(day, window_end))
        ]
        if start > not_before
    ]


def record_outcome(
    kind: RecordKind, result: Result, status: Status, lane: Lane | None, findings: str
) -> tuple[Command, str] | None:
    """The lifecycle command an ended check gives, with its reason; None when the declaration
    has moved on or still awaits another check.

    Conform: a physical inspection ends through ``assess_duty`` (milestone E6_END); a document
    check does too, unless the declaration is red-lane and its physical inspection is still to
    come. Nonconform: goods found not as declared are held, so the declaration is suspended
    with the findings as the reason (China's detention codes 501–599); papers found wrong are
    sent back to the declarant, so the document check requests an amendment.
    """
    if result is Result.NONCONFORM:
        said = findings if len(findings) <= MAX_REASON else findings[: MAX_REASON - 1] + "…"
        if kind is RecordKind.PHYSICAL_INSPECTION:
            return Command.SUSPEND, f"physical inspection nonconform: {said}"
        return Command.REQUEST_AMENDMENT, f"document check nonconform: {said}"
    if status is not kind.stage:
        return None
    if kind is RecordKind.DOCUMENT_CHECK and lane is Lane.RED:
        return None
    return Command.ASSESS_DUTY, f"{kind.value.replace('_', ' ')} conform"
