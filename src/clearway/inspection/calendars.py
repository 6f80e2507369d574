"""Office calendar use cases: set an office's working hours, add and remove its holidays.

Appointments and tailored plans read the calendar through :func:`calendar_for`, which refuses
(naming the rule) when an office has none: without working hours nobody can tell whether an
appointment falls outside them.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.identity.model import Actor
from clearway.inspection import policy
from clearway.inspection.calendar import Holiday, OfficeCalendar, WorkingPeriod
from clearway.inspection.commands import CalendarInput, HolidayInput
from clearway.inspection.rules import check_working_hours
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import office as get_office
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, NotFound, RuleViolation


def get_calendar(session: Session, office_code: str) -> OfficeCalendar:
    found = session.get(OfficeCalendar, office_code)
    if found is None:
        raise NotFound("office calendar", office_code)
    return found


def calendar_for(session: Session, office_code: str, path: str = "office_code") -> OfficeCalendar:
    """The calendar a rule needs, or a refusal naming the office without one."""
    found = session.get(OfficeCalendar, office_code)
    if found is None:
        raise RuleViolation.single(
            path,
            "office_calendar.missing",
            f"customs office {office_code} has no working hours set, so appointments and "
            "tailored plans cannot be placed there yet",
        )
    return found


def set_hours(
    uow: UnitOfWork,
    office_code: str,
    data: CalendarInput,
    actor: Actor,
    clock: Clock,
    default_timezone: str,
) -> OfficeCalendar:
    """Replace an office's working hours (and zone); the calendar is created on first use."""
    policy.ensure_keeps_calendars(actor)
    get_office(uow.session, office_code)
    errors = Collector()
    zone = data.timezone
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.add("timezone", "calendar.timezone", f"{zone} is not a known time zone")
    check_working_hours(errors, ((p.weekday, p.opens, p.closes) for p in data.hours))
    errors.raise_if_any()
    now = clock.now()
    calendar = uow.session.get(OfficeCalendar, office_code)
    if calendar is None:
        calendar = OfficeCalendar(office_code, zone or default_timezone, now, actor.username)
        uow.session.add(calendar)
    else:
        calendar.hours.clear()
        uow.flush()  # the new periods may reuse the old (office, weekday, opens) keys
        calendar.timezone = zone or calendar.timezone
        calendar.updated_at, calendar.updated_by = now, actor.username
    calendar.hours = [WorkingPeriod(p.weekday, p.opens, p.closes) for p in data.hours]
    record(
        uow.session,
        actor,
        now,
        "inspection.calendar_set",
        "customs_office",
        office_code,
        {
            "timezone": calendar.timezone,
            "hours": [[p.weekday, p.opens.isoformat(), p.closes.isoformat()] for p in data.hours],
        },
    )
    uow.commit()
    return calendar


def add_holiday(
    uow: UnitOfWork, office_code: str, data: HolidayInput, actor: Actor, clock: Clock
) -> OfficeCalendar:
    policy.ensure_keeps_calendars(actor)
    calendar = calendar_for(uow.session, office_code)
    if calendar.holiday_on(data.day) is not None:
        raise Conflict(
            f"{data.day.isoformat()} is already a holiday of office {office_code}",
            rule="calendar.holiday_exists",
        )
    calendar.holidays.append(Holiday(data.day, data.name))
    now = clock.now()
    calendar.updated_at, calendar.updated_by = now, actor.username
    record(
        uow.session,
        actor,
        now,
        "inspection.holiday_added",
        "customs_office",
        office_code,
        {"day": data.day.isoformat(), "name": data.name},
    )
    uow.commit()
    return calendar


def remove_holiday(
    uow: UnitOfWork, office_code: str, day: date, actor: Actor, clock: Clock
) -> OfficeCalendar:
    policy.ensure_keeps_calendars(actor)
    calendar = get_calendar(uow.session, office_code)
    holiday = calendar.holiday_on(day)
    if holiday is None:
        raise NotFound("holiday", f"{office_code}/{day.isoformat()}")
    calendar.holidays.remove(holiday)
    now = clock.now()
    calendar.updated_at, calendar.updated_by = now, actor.username
    record(
        uow.session,
        actor,
        now,
        "inspection.holiday_removed",
        "customs_office",
        office_code,
        {"day": day.isoformat(), "name": holiday.name},
    )
    uow.commit()
    return calendar
