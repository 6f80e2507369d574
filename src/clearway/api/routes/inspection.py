"""Inspection: office calendars, sites and slots, bookings, red-lane orders, the day's schedule.

Appointments, tailored plans and inspection records are served by
:mod:`clearway.api.routes.inspection_work` under the same prefix. A booking for a full slot is a
409 naming the rule (``slot.full``); another enterprise's booking or order answers 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep, settled
from clearway.api.routes import inspection_work
from clearway.api.schemas_inspection import (
    BookingPublic,
    CalendarPublic,
    OrderPublic,
    SchedulePublic,
    SitePublic,
    SlotPublic,
    present_calendar,
    present_schedule,
)
from clearway.inspection import bookings, calendars, queries, slots
from clearway.inspection.commands import (
    BookingInput,
    CalendarInput,
    CancelInput,
    HolidayInput,
    RescheduleInput,
    SiteInput,
    SlotInput,
    SlotSeriesInput,
)
from clearway.inspection.status import OrderStatus
from clearway.shared.bounds import Id, Limit, Offset
from clearway.shared.errors import PermissionDenied

router = APIRouter(prefix="/inspection", tags=["inspection"])


@router.get("/calendars/{office_code}", response_model=CalendarPublic)
def read_calendar(office_code: str, _actor: ActorDep, session: SessionDep) -> CalendarPublic:
    """An office's working hours (local, in its time zone) and holidays."""
    return present_calendar(calendars.get_calendar(session, office_code))


@router.put("/calendars/{office_code}", response_model=CalendarPublic)
def set_calendar(
    office_code: str, body: CalendarInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> CalendarPublic:
    """Replace an office's working hours (administrators)."""
    calendar = calendars.set_hours(
        uow, office_code, body, actor, platform.clock, platform.settings.office_timezone
    )
    return settled(uow, present_calendar(calendar))


@router.post(
    "/calendars/{office_code}/holidays",
    status_code=status.HTTP_201_CREATED,
    response_model=CalendarPublic,
)
def add_holiday(
    office_code: str, body: HolidayInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> CalendarPublic:
    calendar = calendars.add_holiday(uow, office_code, body, actor, platform.clock)
    return settled(uow, present_calendar(calendar))


@router.delete("/calendars/{office_code}/holidays/{day}", response_model=CalendarPublic)
def remove_holiday(
    office_code: str, day: date, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> CalendarPublic:
    calendar = calendars.remove_holiday(uow, office_code, day, actor, platform.clock)
    return settled(uow, present_calendar(calendar))


@router.get("/sites", response_model=list[SitePublic])
def list_sites(
    _actor: ActorDep, session: SessionDep, office: str | None = None
) -> list[SitePublic]:
    return [SitePublic.model_validate(s) for s in slots.sites(session, office)]


@router.post("/sites", status_code=status.HTTP_201_CREATED, response_model=SitePublic)
def add_site(body: SiteInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> SitePublic:
    """Register an inspection site (rail yard, bonded-zone warehouse, …) of an office."""
    return settled(uow, SitePublic.model_validate(slots.add_site(uow, body, actor, platform.clock)))


@router.post("/sites/{code}/slots", status_code=status.HTTP_201_CREATED, response_model=SlotPublic)
def open_slot(
    code: str, body: SlotInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> SlotPublic:
    slot = slots.open_slot(uow, code, body, actor, platform.clock)
    return settled(uow, SlotPublic.model_validate(slot))


@router.post(
    "/sites/{code}/slots/series",
    status_code=status.HTTP_201_CREATED,
    response_model=list[SlotPublic],
)
def open_series(
    code: str, body: SlotSeriesInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> list[SlotPublic]:
    """Back-to-back slots on chosen weekdays between two local times over a range of days."""
    made = slots.open_series(
        uow, code, body, actor, platform.clock, max_days=platform.settings.slot_series_max_days
    )
    return settled(uow, [SlotPublic.model_validate(s) for s in made])


@router.get("/sites/{code}/slots", response_model=list[SlotPublic])
def list_slots(
    code: str,
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_from: date | None = None,
    date_to: date | None = None,
    available: bool = False,
) -> list[SlotPublic]:
    """A site's slots over local days (default: the coming week), earliest first."""
    site = slots.get_site(session, code)
    zone = queries.office_zone(session, site.office_code, platform.settings.office_timezone)
    now = platform.clock.now()
    first = date_from or queries.local_date(now, zone)
    start, _ = queries.local_day(first, zone)
    _, end = queries.local_day(date_to or first + timedelta(days=6), zone)
    found = queries.slots(session, actor, site.id, start, end, available, now.date())
    return [SlotPublic.model_validate(s) for s in found]


@router.post("/bookings", status_code=status.HTTP_201_CREATED, response_model=BookingPublic)
def book(body: BookingInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> BookingPublic:
    """Book a declaration into a slot; 409 ``slot.full`` when no place is left."""
    booking = bookings.book(uow, body, actor, platform.clock)
    return settled(uow, BookingPublic.model_validate(queries.booking_view(uow.session, booking)))


@router.get("/bookings", response_model=list[BookingPublic])
def list_bookings(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    declaration: Id | None = None,
    live: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[BookingPublic]:
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.bookings(session, actor, declaration, live, limit, offset)
    return [BookingPublic.model_validate(v) for v in queries.booking_views(session, rows)]


@router.get("/bookings/{booking_id}", response_model=BookingPublic)
def read_booking(booking_id: Id, actor: ActorDep, session: SessionDep) -> BookingPublic:
    return BookingPublic.model_validate(
        queries.booking_view(session, queries.get_booking(session, actor, booking_id))
    )


@router.post("/bookings/{booking_id}/reschedule", response_model=BookingPublic)
def reschedule(
    booking_id: Id, body: RescheduleInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> BookingPublic:
    """Move a booking to another slot atomically (old place freed, new one taken)."""
    moved = bookings.reschedule(uow, booking_id, body, actor, platform.clock)
    return settled(uow, BookingPublic.model_validate(queries.booking_view(uow.session, moved)))


@router.post("/bookings/{booking_id}/cancel", response_model=BookingPublic)
def cancel(
    booking_id: Id,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: CancelInput | None = None,
) -> BookingPublic:
    done = bookings.cancel(uow, booking_id, body or CancelInput(), actor, platform.clock)
    return settled(uow, BookingPublic.model_validate(queries.booking_view(uow.session, done)))


@router.get("/orders", response_model=list[OrderPublic])
def list_orders(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[OrderStatus | None, Query(alias="status")] = None,
    office: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[OrderPublic]:
    """Red-lane inspection orders of the declarations the caller may see."""
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.orders(session, actor, status_.value if status_ else None, office, limit, offset)
    return [OrderPublic.model_validate(v) for v in queries.order_views(session, rows)]


@router.get("/orders/{order_id}", response_model=OrderPublic)
def read_order(order_id: Id, actor: ActorDep, session: SessionDep) -> OrderPublic:
    return OrderPublic.model_validate(
        queries.order_views(session, [queries.get_order(session, actor, order_id)])[0]
    )


@router.get("/schedule", response_model=SchedulePublic)
def schedule(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_: Annotated[date | None, Query(alias="date")] = None,
    site: str | None = None,
    office: str | None = None,
) -> SchedulePublic:
    """An officer's day: every slot of the site(s) with the declarations booked in it, and the
    appointments outside office hours that day (default: today in the office's zone)."""
    if not actor.is_customs:
        raise PermissionDenied("the day's inspection schedule is for customs officers")
    day = date_ or queries.local_date(platform.clock.now(), platform.settings.office_timezone)
    found = queries.day_schedule(session, day, site, office, platform.settings.office_timezone)
    return present_schedule(found)


router.include_router(inspection_work.router)
