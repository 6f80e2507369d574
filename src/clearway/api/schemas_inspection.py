"""Response shapes of inspection (the `XPublic` family), filled from the read models of
:mod:`clearway.inspection.queries` (which resolve the numbers and names people read instead of
ids), so the API and the CLI show the same thing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from clearway.inspection.calendar import WEEKDAY_NAMES, OfficeCalendar
from clearway.inspection.model import InspectionPlan
from clearway.inspection.queries import DaySchedule
from clearway.inspection.status import APPOINTMENT_TRANSITIONS, AppointmentStatus
from clearway.persistence.rows import attributes_of


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class WorkingPeriodPublic(_Out):
    weekday: int
    opens: time
    closes: time


class HolidayPublic(_Out):
    day: date
    name: str


class CalendarPublic(_Out):
    office_code: str
    timezone: str
    hours: list[WorkingPeriodPublic]
    holidays: list[HolidayPublic]
    updated_at: datetime
    updated_by: str
    version: int
    week: dict[str, list[str]]


def present_calendar(calendar: OfficeCalendar) -> CalendarPublic:
    week: dict[str, list[str]] = {name: [] for name in WEEKDAY_NAMES}
    for p in calendar.hours:
        week[WEEKDAY_NAMES[p.weekday - 1]].append(f"{p.opens:%H:%M}-{p.closes:%H:%M}")
    return CalendarPublic.model_validate(
        attributes_of(calendar)
        | {"hours": calendar.hours, "holidays": calendar.holidays, "week": week}
    )


class AppointmentPublic(_Out):
    id: int
    office_code: str
    enterprise_id: int
    broker_id: int | None
    declaration_id: int | None
    shipment: str
    tariff_codes: str
    goods_category: str
    starts_at: datetime
    ends_at: datetime
    credit_level: str
    lead_hours: Decimal
    note: str
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_reason: str
    version: int
    allowed_commands: list[str] = []


def present_appointment(appointment: object) -> AppointmentPublic:
    out = AppointmentPublic.model_validate(appointment)
    status = AppointmentStatus(out.status)
    out.allowed_commands = [c.value for c in APPOINTMENT_TRANSITIONS.allowed(status)]
    return out


class SitePublic(_Out):
    id: int
    code: str
    office_code: str
    name: str
    kind: str
    address: str
    active: bool


class SlotPublic(_Out):
    id: int
    site_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    available: int
    reserved_for_id: int | None
    plan_id: int | None


class BookingPublic(_Out):
    id: int
    declaration_id: int
    declaration_number: str
    enterprise_id: int
    order_id: int | None
    status: str
    site_code: str
    slot: SlotPublic
    booked_by: str
    booked_at: datetime
    rescheduled_at: datetime | None
    ended_at: datetime | None
    ended_by: str
    end_reason: str
    version: int


class OrderPublic(_Out):
    id: int
    declaration_id: int
    declaration_number: str
    office_code: str
    status: str
    reason: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    version: int
    booking: BookingPublic | None


class PlanPublic(_Out):
    id: int
    enterprise_id: int
    site_id: int
    weekdays: list[int] = Field(validation_alias="weekday_list")
    window_start: time
    window_end: time
    expected_lots: int
    valid_from: date
    valid_to: date
    description: str
    status: str
    filed_by: str
    filed_at: datetime
    withdrawn_at: datetime | None
    version: int
    windows: int = 0


def present_plan(plan: InspectionPlan, windows: int) -> PlanPublic:
    return PlanPublic.model_validate(plan).model_copy(update={"windows": windows})


class AttachmentPublic(_Out):
    id: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    added_at: datetime
    added_by: str


class RecordPublic(_Out):
    id: int
    declaration_id: int
    order_id: int | None
    kind: str
    status: str
    officer: str
    started_at: datetime
    ended_at: datetime | None
    result: str | None
    findings: str
    version: int
    attachments: list[AttachmentPublic]


class ScheduledBookingPublic(BaseModel):
    booking_id: int
    declaration_number: str
    trader: str
    lane: str | None
    declaration_status: str
    status: str
    order_id: int | None


class ScheduledSlotPublic(BaseModel):
    slot: SlotPublic
    reserved_for: str | None
    bookings: list[ScheduledBookingPublic]


class SiteDayPublic(BaseModel):
    site: SitePublic
    timezone: str
    slots: list[ScheduledSlotPublic]


class SchedulePublic(BaseModel):
    day: date
    sites: list[SiteDayPublic]
    appointments: list[AppointmentPublic]


def present_schedule(day: DaySchedule) -> SchedulePublic:
    return SchedulePublic(
        day=day.day,
        sites=[
            SiteDayPublic(
                site=SitePublic.model_validate(site_day.site),
                timezone=site_day.timezone,
                slots=[
                    ScheduledSlotPublic(
                        slot=SlotPublic.model_validate(scheduled.slot),
                        reserved_for=scheduled.reserved_for,
                        bookings=[
                            ScheduledBookingPublic(
                                booking_id=b.booking.id,
                                declaration_number=b.declaration_number,
                                trader=b.trader_name,
                                lane=b.lane,
                                declaration_status=b.declaration_status,
                                status=b.booking.status.value,
                                order_id=b.booking.order_id,
                            )
                            for b in scheduled.bookings
                        ],
                    )
                    for scheduled in site_day.slots
                ],
            )
            for site_day in day.sites
        ],
        appointments=[present_appointment(a) for a in day.appointments],
    )
