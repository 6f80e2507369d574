"""Booking, rescheduling and cancelling inspection slots, one transaction each.

Places are taken and given back only through :func:`.slots.take_place` and
:func:`.slots.release_place`. A reschedule releases the old place and takes the new one in the
same transaction, touching the two slot rows in id order so that two people swapping slots can
never deadlock; if the new slot is full nothing changes at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Status
from clearway.identity.model import Actor
from clearway.inspection import policy
from clearway.inspection.commands import BookingInput, CancelInput, RescheduleInput
from clearway.inspection.model import (
    InspectionBooking,
    InspectionOrder,
    InspectionSite,
    InspectionSlot,
)
from clearway.inspection.notices import tell_enterprise
from clearway.inspection.queries import (
    get_booking,
    get_slot,
    live_booking_of,
    open_order_of,
)
from clearway.inspection.slots import release_place, slot_full, take_place
from clearway.inspection.status import (
    BOOKING_TRANSITIONS,
    BookingCommand,
    BookingStatus,
    OrderCommand,
)
from clearway.inspection.tables import inspection_bookings
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, RuleViolation

# A declaration is inspected while customs still handle it, before inspection has begun.
BOOKABLE = frozenset(
    {Status.SUBMITTED, Status.ACCEPTED, Status.RISK_ASSESSED, Status.DOCUMENT_CHECK}
)


def _bookable_slot(
    session: Session, actor: Actor, slot_id: int, declaration: Declaration, now: datetime
) -> tuple[InspectionSlot, InspectionSite]:
    """The slot, refused when it is at another office, already begun, or someone's window."""
    slot, site = get_slot(session, actor, slot_id, now.date())
    if site.office_code != declaration.office_code:
        raise RuleViolation.single(
            "slot_id",
            "booking.office",
            f"slot {slot_id} is at {site.code} ({site.office_code}); declaration "
            f"{declaration.number} is handled by office {declaration.office_code}",
        )
    if slot.starts_at <= now:
        raise RuleViolation.single("slot_id", "slot.started", f"slot {slot_id} has begun")
    if not slot.open_to(declaration.trader_id):
        raise RuleViolation.single(
            "slot_id",
            "slot.reserved",
            f"slot {slot_id} is a window of another enterprise's tailored inspection plan",
        )
    return slot, site


def book(uow: UnitOfWork, data: BookingInput, actor: Actor, clock: Clock) -> InspectionBooking:
    """Book a declaration into a slot; its red-lane order, if waiting, is scheduled with it."""
    session = uow.session
    declaration = get_visible(session, actor, data.declaration)
    policy.ensure_books_for(actor, declaration)
    now = clock.now()
    if declaration.status not in BOOKABLE:
        raise RuleViolation.single(
            "declaration",
            "booking.declaration_status",
            f"declaration {declaration.number} is {declaration.status.value}; inspections are "
            "booked for lodged declarations before inspection begins",
        )
    slot, site = _bookable_slot(session, actor, data.slot_id, declaration, now)
    held = live_booking_of(session, declaration.id)
    if held is not None:
        raise Conflict(
            f"declaration {declaration.number} already holds booking {held.id}; "
            "reschedule it instead",
            rule="booking.exists",
            booking_id=held.id,
        )
    if not take_place(session, slot.id):
        raise slot_full(slot.id)
    order = open_order_of(session, declaration.id)
    booking = InspectionBooking(
        slot.id,
        declaration.id,
        declaration.trader_id,
        order.id if order else None,
        actor.username,
        now,
    )
    session.add(booking)
    if order is not None:
        order.apply(OrderCommand.SCHEDULE, now)
    uow.flush()
    _audit(uow, actor, now, "inspection.booked", booking, {"slot_id": slot.id})
    if actor.is_customs:
        _tell(uow, booking, declaration, "booked", site, slot, now)
    uow.commit()
    return booking


def _locked(session: Session, actor: Actor, booking_id: int) -> InspectionBooking:
    """The booking, row-locked (PostgreSQL) so concurrent moves of it queue up."""
    booking = get_booking(session, actor, booking_id)
    session.execute(
        select(inspection_bookings.c.id)
        .where(inspection_bookings.c.id == booking.id)
        .with_for_update()
    )
    session.refresh(booking)
    return booking


def reschedule(
    uow: UnitOfWork, booking_id: int, data: RescheduleInput, actor: Actor, clock: Clock
) -> InspectionBooking:
    """Move a booking to another slot: the old place is released and the new one taken in one
    transaction, or nothing changes."""
    session = uow.session
    booking = _locked(session, actor, booking_id)
    declaration = get_visible(session, actor, booking.declaration_id)
    policy.ensure_books_for(actor, declaration)
    if data.expected_version is not None and data.expected_version != booking.version:
        raise Conflict(
            f"booking {booking.id} is at version {booking.version}, not "
            f"{data.expected_version}: it changed meanwhile",
            current_version=booking.version,
        )
    # Refuse a booking that is no longer live before any place is taken or given back.
    BOOKING_TRANSITIONS.move(booking.status, BookingCommand.RESCHEDULE, f"booking {booking.id}")
    now = clock.now()
    old = session.get(InspectionSlot, booking.slot_id)
    assert old is not None
    if old.starts_at <= now and not actor.is_customs:
        raise RuleViolation.single(
            "booking_id", "booking.started", f"slot {old.id} has begun; ask the officer on site"
        )
    if data.slot_id == old.id:
        raise RuleViolation.single("slot_id", "booking.same_slot", "the booking is already there")
    new, site = _bookable_slot(session, actor, data.slot_id, declaration, now)
    for slot_id in sorted((old.id, new.id)):  # one lock order for everyone: no deadlock
        if slot_id == new.id:
            if not take_place(session, new.id):
                raise slot_full(new.id)
        else:
            release_place(session, old.id)
    booking.move_to(new.id, now)
    if booking.order_id is not None:
        order = session.get(InspectionOrder, booking.order_id)
        if order is not None and order.status.is_open:
            order.apply(OrderCommand.SCHEDULE, now)
    _audit(uow, actor, now, "inspection.rescheduled", booking, {"from": old.id, "to": new.id})
    if actor.is_customs:
        _tell(uow, booking, declaration, "moved", site, new, now)
    uow.commit()
    return booking


def cancel(
    uow: UnitOfWork, booking_id: int, data: CancelInput, actor: Actor, clock: Clock
) -> InspectionBooking:
    """Give the place back. A red-lane order's booking can only be moved by the enterprise:
    the inspection itself is not optional."""
    session = uow.session
    booking = _locked(session, actor, booking_id)
    declaration = get_visible(session, actor, booking.declaration_id)
    policy.ensure_books_for(actor, declaration)
    now = clock.now()
    if not actor.is_customs:
        if booking.order_id is not None and booking.status is BookingStatus.BOOKED:
            raise RuleViolation.single(
                "booking_id",
                "order.booking_required",
                f"declaration {declaration.number} was selected for physical inspection; "
                "move the booking to another slot instead of cancelling it",
            )
        slot = session.get(InspectionSlot, booking.slot_id)
        if slot is not None and slot.starts_at <= now:
            raise RuleViolation.single("booking_id", "booking.started", f"slot {slot.id} has begun")
    booking.end(BookingCommand.CANCEL, now, actor.username, data.reason)
    release_place(session, booking.slot_id)
    if booking.order_id is not None:
        order = session.get(InspectionOrder, booking.order_id)
        if order is not None and order.status.is_open:
            order.apply(OrderCommand.UNSCHEDULE, now)
    _audit(uow, actor, now, "inspection.booking_cancelled", booking, {"reason": data.reason})
    if actor.is_customs:
        _tell(uow, booking, declaration, "cancelled", None, None, now)
    uow.commit()
    return booking


def _audit(
    uow: UnitOfWork,
    actor: Actor,
    at: datetime,
    action: str,
    booking: InspectionBooking,
    detail: dict[str, object],
) -> None:
    record(
        uow.session,
        actor,
        at,
        action,
        "inspection_booking",
        booking.id,
        {"declaration_id": booking.declaration_id, **detail},
    )


def _tell(
    uow: UnitOfWork,
    booking: InspectionBooking,
    declaration: Declaration,
    verb: str,
    site: InspectionSite | None,
    slot: InspectionSlot | None,
    at: datetime,
) -> None:
    """Customs booked, moved or cancelled an enterprise's inspection: the enterprise hears."""
    where = f" at {site.code}, {slot.starts_at.isoformat()}" if site and slot else ""
    tell_enterprise(
        uow.session.connection(),
        (declaration.trader_id, declaration.broker_id),
        f"inspection.booking_{verb}",
        f"inspection_booking:{booking.id}",
        booking.version + 1,
        at,
        f"{declaration.number}: inspection {verb}{where}",
        booking.end_reason,
        f"/api/v1/inspection/bookings/{booking.id}",
        {"booking_id": booking.id, "declaration": declaration.number, "slot_id": booking.slot_id},
    )
