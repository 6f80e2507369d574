"""Read side of inspection slots, bookings and orders, and the officers' day schedule.

Tenancy follows the declaration: an enterprise sees the bookings and orders of the
declarations it may see (``declarations.queries.visibility``); someone else's answers 404.
A plan's reserved windows are shown only to their enterprise (and its brokers) and customs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from clearway.declarations.queries import numbers_of
from clearway.declarations.queries import visibility as declaration_visibility
from clearway.declarations.tables import declarations
from clearway.enterprises.tables import broker_authorisations, enterprises
from clearway.identity.model import Actor, Role
from clearway.inspection.calendar import OfficeCalendar
from clearway.inspection.model import (
    ClearanceAppointment,
    InspectionBooking,
    InspectionOrder,
    InspectionPlan,
    InspectionSite,
    InspectionSlot,
)
from clearway.inspection.status import AppointmentStatus, BookingStatus
from clearway.inspection.tables import (
    clearance_appointments,
    inspection_bookings,
    inspection_orders,
    inspection_sites,
    inspection_slots,
)
from clearway.persistence.rows import attributes_of
from clearway.shared.errors import NotFound

b = inspection_bookings.c
o = inspection_orders.c
s = inspection_slots.c
d = declarations.c


def declaration_scope(actor: Actor, declaration_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Rows whose declaration the actor may see (customs: all)."""
    clause = declaration_visibility(actor)
    if clause is None:
        return declaration_id.is_not(None)
    return declaration_id.in_(select(d.id).where(clause))


def get_booking(session: Session, actor: Actor, booking_id: int) -> InspectionBooking:
    found = session.scalars(
        select(InspectionBooking).where(
            b.id == booking_id, declaration_scope(actor, b.declaration_id)
        )
    ).first()
    if found is None:
        raise NotFound("inspection booking", booking_id)
    return found


def bookings(
    session: Session,
    actor: Actor,
    declaration_id: int | None = None,
    live_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[InspectionBooking]:
    stmt = select(InspectionBooking).where(declaration_scope(actor, b.declaration_id))
    if declaration_id is not None:
        stmt = stmt.where(b.declaration_id == declaration_id)
    if live_only:
        stmt = stmt.where(b.status == BookingStatus.BOOKED.value)
    return list(session.scalars(stmt.order_by(b.id.desc()).limit(limit).offset(offset)))


def get_order(session: Session, actor: Actor, order_id: int) -> InspectionOrder:
    found = session.scalars(
        select(InspectionOrder).where(o.id == order_id, declaration_scope(actor, o.declaration_id))
    ).first()
    if found is None:
        raise NotFound("inspection order", order_id)
    return found


def orders(
    session: Session,
    actor: Actor,
    status: str | None = None,
    office_code: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[InspectionOrder]:
    stmt = select(InspectionOrder).where(declaration_scope(actor, o.declaration_id))
    if status is not None:
        stmt = stmt.where(o.status == status)
    if office_code is not None:
        stmt = stmt.where(o.office_code == office_code)
    return list(session.scalars(stmt.order_by(o.id.desc()).limit(limit).offset(offset)))


def booking_views(session: Session, found: Sequence[InspectionBooking]) -> list[dict[str, Any]]:
    """Bookings as people read them: beside the ids, the declaration's number, the site's code
    and the slot itself; two statements for any number of bookings, in the order given."""
    if not found:
        return []
    sl, st = inspection_slots.c, inspection_sites.c
    slots = {
        slot.id: (slot, code)
        for slot, code in session.execute(
            select(InspectionSlot, st.code)
            .join(inspection_sites, st.id == sl.site_id)
            .where(sl.id.in_({x.slot_id for x in found}))
        ).tuples()
    }
    numbers = numbers_of(session, {x.declaration_id for x in found})
    return [
        attributes_of(x)
        | {
            "declaration_number": numbers.get(x.declaration_id, ""),
            "slot": slots[x.slot_id][0],
            "site_code": slots[x.slot_id][1],
        }
        for x in found
    ]


def booking_view(session: Session, booking: InspectionBooking) -> dict[str, Any]:
    """One booking as people read it (:func:`booking_views`)."""
    return booking_views(session, [booking])[0]


def order_views(session: Session, found: Sequence[InspectionOrder]) -> list[dict[str, Any]]:
    """Red-lane orders as people read them: the declaration's number and the order's booking
    (the live or completed one before any cancelled), three statements for any number."""
    if not found:
        return []
    candidates = session.scalars(
        select(InspectionBooking)
        .where(b.order_id.in_({x.id for x in found}))
        .order_by(
            b.order_id,
            (b.status == BookingStatus.CANCELLED.value).asc(),  # the live or completed one first
            b.id.desc(),
        )
    )
    first: dict[int, InspectionBooking] = {}
    for booking in candidates:
        if booking.order_id is not None:
            first.setdefault(booking.order_id, booking)
    shown = dict(zip(first, booking_views(session, list(first.values())), strict=True))
    numbers = numbers_of(session, {x.declaration_id for x in found})
    return [
        attributes_of(x)
        | {"declaration_number": numbers.get(x.declaration_id, ""), "booking": shown.get(x.id)}
        for x in found
    ]


def live_booking_of(session: Session, declaration_id: int) -> InspectionBooking | None:
    return session.scalars(
        select(InspectionBooking).where(b.holds_declaration_id == declaration_id)
    ).first()


def open_order_of(session: Session, declaration_id: int) -> InspectionOrder | None:
    return session.scalars(
        select(InspectionOrder).where(o.active_declaration_id == declaration_id)
    ).first()


def slot_scope(actor: Actor, today: date) -> ColumnElement[bool] | None:
    """Which slots an actor sees: customs all; enterprises public ones and their own windows."""
    if actor.is_customs:
        return None
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.BROKER_USER:
        a = broker_authorisations.c
        principals = select(a.principal_id).where(
            a.broker_id == actor.enterprise_id,
            a.revoked_at.is_(None),
            a.valid_from <= today,
            a.valid_to >= today,
        )
        return or_(s.reserved_for_id.is_(None), s.reserved_for_id.in_(principals))
    return or_(s.reserved_for_id.is_(None), s.reserved_for_id == actor.enterprise_id)


def get_slot(
    session: Session, actor: Actor, slot_id: int, today: date
) -> tuple[InspectionSlot, InspectionSite]:
    stmt = (
        select(InspectionSlot, InspectionSite)
        .join(inspection_sites, inspection_sites.c.id == s.site_id)
        .where(s.id == slot_id)
    )
    if (scope := slot_scope(actor, today)) is not None:
        stmt = stmt.where(scope)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound("inspection slot", slot_id)
    return row[0], row[1]


def slots(
    session: Session,
    actor: Actor,
    site_id: int,
    start: datetime,
    end: datetime,
    available_only: bool,
    today: date,
) -> list[InspectionSlot]:
    """A site's slots starting in [start, end), earliest first."""
    stmt = select(InspectionSlot).where(
        s.site_id == site_id, s.starts_at >= start, s.starts_at < end
    )
    if (scope := slot_scope(actor, today)) is not None:
        stmt = stmt.where(scope)
    if available_only:
        stmt = stmt.where(s.booked < s.capacity)
    return list(session.scalars(stmt.order_by(s.starts_at, s.id).limit(2000)))


def local_date(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()


def local_day(day: date, zone: str) -> tuple[datetime, datetime]:
    """A local calendar day as a UTC interval."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class ScheduledBooking:
    booking: InspectionBooking
    declaration_number: str
    trader_name: str
    lane: str | None
    declaration_status: str


@dataclass
class ScheduledSlot:
    slot: InspectionSlot
    reserved_for: str | None
    bookings: list[ScheduledBooking] = field(default_factory=list)


@dataclass
class SiteDay:
    site: InspectionSite
    timezone: str
    slots: list[ScheduledSlot] = field(default_factory=list)


@dataclass
class DaySchedule:
    """What an officer has on a day: every slot of the chosen sites with who is booked in it,
    and the appointments for customs work outside office hours at those offices."""

    day: date
    sites: list[SiteDay]
    appointments: list[ClearanceAppointment]


def day_schedule(
    session: Session,
    day: date,
    site_code: str | None,
    office_code: str | None,
    default_timezone: str,
) -> DaySchedule:
    stmt = select(InspectionSite).order_by(inspection_sites.c.office_code, inspection_sites.c.code)
    if site_code is not None:
        stmt = stmt.where(inspection_sites.c.code == site_code)
    if office_code is not None:
        stmt = stmt.where(inspection_sites.c.office_code == office_code)
    chosen = list(session.scalars(stmt))
    if site_code is not None and not chosen:
        raise NotFound("inspection site", site_code)
    e = enterprises.c
    names: dict[int, str] = {i: n for i, n in session.execute(select(e.id, e.name))}
    out, appointments = [], []
    offices = sorted(
        {site.office_code for site in chosen} | ({office_code} if office_code else set())
    )
    zones = {code: office_zone(session, code, default_timezone) for code in offices}
    for site in chosen:
        start, end = local_day(day, zones[site.office_code])
        site_day = SiteDay(site, zones[site.office_code])
        for slot in session.scalars(
            select(InspectionSlot)
            .where(s.site_id == site.id, s.starts_at >= start, s.starts_at < end)
            .order_by(s.starts_at, s.id)
        ):
            reserved = names.get(slot.reserved_for_id) if slot.reserved_for_id else None
            site_day.slots.append(ScheduledSlot(slot, reserved, _booked_in(session, slot, names)))
        out.append(site_day)
    for code in offices:
        start, end = local_day(day, zones[code])
        a = clearance_appointments.c
        appointments += list(
            session.scalars(
                select(ClearanceAppointment)
                .where(
                    a.office_code == code,
                    a.starts_at < end,
                    a.ends_at > start,
                    a.status.in_(
                        [AppointmentStatus.REQUESTED.value, AppointmentStatus.CONFIRMED.value]
                    ),
                )
                .order_by(a.starts_at, a.id)
            )
        )
    return DaySchedule(day, out, appointments)


def office_zone(session: Session, office_code: str, default: str) -> str:
    """The office's time zone (its calendar's, else the district default)."""
    calendar = session.get(OfficeCalendar, office_code)
    return calendar.timezone if calendar is not None else default


def _booked_in(
    session: Session, slot: InspectionSlot, names: dict[int, str]
) -> list[ScheduledBooking]:
    rows = session.execute(
        select(InspectionBooking, d.number, d.lane, d.status)
        .join(declarations, d.id == b.declaration_id)
        .where(b.slot_id == slot.id, b.status != BookingStatus.CANCELLED.value)
        .order_by(b.booked_at, b.id)
    ).all()
    return [
        ScheduledBooking(booking, number, names.get(booking.enterprise_id, ""), lane, status)
        for booking, number, lane, status in rows
    ]


def plan_window_count(session: Session, plan: InspectionPlan) -> int:
    """How many standing windows (slots) a tailored inspection plan has opened."""
    counted = session.scalar(select(func.count()).where(inspection_slots.c.plan_id == plan.id))
    return int(counted or 0)
