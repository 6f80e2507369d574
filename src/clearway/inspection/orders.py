"""Red-lane inspection orders: opened when a declaration is routed red, booked into the earliest
slot with space at the declaration's office, and carried along the declaration's lifecycle.

How it is wired: a handler of ``DeclarationMoved`` events (``bootstrap.HANDLERS``, beside the
notifications), run by the unit of work before it commits, reads the new timeline lines and, in
the same transaction, opens the order and books it when a line routes the declaration red
(``assign_lane`` by the risk engine or an officer, ``reroute``), cancels it when a reroute takes
the declaration off red or the declaration is cancelled or rejected, marks it begun on
``begin_inspection`` and completed at the inspection's end (milestone E6_END). So whoever
routes red — screening at submission, an officer's reroute — the order exists the moment the
lane does, and a rolled-back routing leaves no order behind. Orders that found no slot with
space wait as ``awaiting_slot``; the ``inspection-orders`` job (:func:`sweep`) books them once
slots open, and also opens orders for red declarations routed where no handler ran (data
from before this feature, or written outside the platform's sessions).

The handler writes with Core statements on the session's connection (the ORM may be mid-flush);
order rows are locked before they change, so it and the job never race on one order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, exists, insert, or_, select, update
from sqlalchemy.orm import Session

from clearway.declarations.events import DeclarationMoved
from clearway.declarations.model import DeclarationEvent, Lane
from clearway.declarations.status import Command, Milestone, Status
from clearway.declarations.tables import declarations
from clearway.inspection.notices import slot_text, tell_enterprise
from clearway.inspection.slots import release_place, take_place
from clearway.inspection.status import (
    BOOKING_TRANSITIONS,
    ORDER_TRANSITIONS,
    BookingCommand,
    BookingStatus,
    OrderCommand,
    OrderStatus,
)
from clearway.inspection.tables import (
    inspection_bookings,
    inspection_orders,
    inspection_sites,
    inspection_slots,
    office_calendars,
)
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock

DESK = "inspection-desk"  # who opens and books orders on customs' behalf
# Orders are booked into slots starting within this window; beyond it they wait for the job,
# so an order is never parked weeks ahead when the site opens nearer slots later.
HORIZON = timedelta(days=14)
_WATCHED = frozenset(
    {
        Command.ASSIGN_LANE.value,
        Command.REROUTE.value,
        Command.BEGIN_INSPECTION.value,
        Command.ASSESS_DUTY.value,
        Command.CANCEL.value,
        Command.REJECT.value,
    }
)
o, b, s, d = inspection_orders.c, inspection_bookings.c, inspection_slots.c, declarations.c


def on_declaration_moved(session: Session, events: Sequence[DeclarationMoved]) -> None:
    """Handler: follow the moves that open, move or end an inspection order."""
    watched = [e.line for e in events if e.line.command in _WATCHED]
    if watched:
        conn = session.connection()
        for line in sorted(watched, key=lambda x: (x.declaration_id, x.seq)):
            follow(conn, line)


def follow(conn: Connection, line: DeclarationEvent) -> None:
    """Keep a declaration's inspection order in step with one new line of its timeline."""
    command, at, declaration_id = line.command, line.at, line.declaration_id
    if command in (Command.ASSIGN_LANE.value, Command.REROUTE.value):
        if line.lane == Lane.RED.value:
            open_order(conn, declaration_id, at, line.reason)
        elif command == Command.REROUTE.value:
            order_id = _advance(conn, declaration_id, OrderCommand.CANCEL, at)
            if order_id is not None:
                _end_live_booking(
                    conn,
                    declaration_id,
                    BookingCommand.CANCEL,
                    at,
                    f"rerouted {line.lane}",
                    order_id=order_id,
                )
    elif command == Command.BEGIN_INSPECTION.value:
        _advance(conn, declaration_id, OrderCommand.BEGIN, at)
    elif line.milestone == Milestone.E6_END.value:
        _advance(conn, declaration_id, OrderCommand.COMPLETE, at)
        _end_live_booking(conn, declaration_id, BookingCommand.COMPLETE, at, "inspection ended")
    elif command in (Command.CANCEL.value, Command.REJECT.value):
        why = f"declaration {line.to_status}"
        _advance(conn, declaration_id, OrderCommand.CANCEL, at)
        _end_live_booking(conn, declaration_id, BookingCommand.CANCEL, at, why)


def open_order(conn: Connection, declaration_id: int, at: datetime, reason: str) -> int:
    """Open the declaration's order (unless one is open) and try to book it."""
    found = conn.execute(
        select(o.id, o.status).where(o.active_declaration_id == declaration_id).with_for_update()
    ).first()
    if found is not None:
        order_id, status = found
    else:
        office = conn.execute(select(d.office_code).where(d.id == declaration_id)).scalar_one()
        order_id = conn.execute(
            insert(inspection_orders).values(
                declaration_id=declaration_id,
                active_declaration_id=declaration_id,
                office_code=office,
                status=ORDER_TRANSITIONS.initial.value,
                reason=reason,
                created_at=at,
                created_by=DESK,
                updated_at=at,
                version=1,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        status = ORDER_TRANSITIONS.initial.value
    if status == OrderStatus.AWAITING_SLOT.value:
        schedule(conn, int(order_id), at)
    return int(order_id)


def schedule(conn: Connection, order_id: int, now: datetime) -> int | None:
    """Book an order into the earliest slot with space at its office's sites (public slots and
    the trader's own plan windows) within the horizon; None when there is none yet. Adopts a
    booking the enterprise already holds for the declaration rather than making a second one."""
    order = conn.execute(select(o.declaration_id, o.office_code).where(o.id == order_id)).one()
    number, trader_id, broker_id = conn.execute(
        select(d.number, d.trader_id, d.broker_id).where(d.id == order.declaration_id)
    ).one()
    held = conn.execute(
        select(b.id, b.slot_id).where(b.holds_declaration_id == order.declaration_id)
    ).first()
    if held is not None:
        conn.execute(
            update(inspection_bookings)
            .where(b.id == held.id)
            .values(order_id=order_id, version=b.version + 1)
        )
        _apply(conn, order_id, OrderCommand.SCHEDULE, now)
        return int(held.id)
    site = inspection_sites.c
    candidates = conn.execute(
        select(s.id, s.starts_at, site.code)
        .join(inspection_sites, site.id == s.site_id)
        .where(
            site.office_code == order.office_code,
            site.active.is_(True),
            s.starts_at > now,
            s.starts_at <= now + HORIZON,
            s.booked < s.capacity,
            or_(s.reserved_for_id.is_(None), s.reserved_for_id == trader_id),
        )
        .order_by(s.starts_at, s.id)
        .limit(50)
    ).all()
    for slot_id, starts_at, code in candidates:
        if not take_place(conn, slot_id):
            continue  # taken meanwhile: try the next
        booking_id = conn.execute(
            insert(inspection_bookings).values(
                slot_id=slot_id,
                declaration_id=order.declaration_id,
                enterprise_id=trader_id,
                order_id=order_id,
                holds_declaration_id=order.declaration_id,
                status=BOOKING_TRANSITIONS.initial.value,
                booked_by=DESK,
                booked_at=now,
                ended_by="",
                end_reason="",
                version=1,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        version = _apply(conn, order_id, OrderCommand.SCHEDULE, now)
        zone = conn.execute(
            select(office_calendars.c.timezone).where(
                office_calendars.c.office_code == order.office_code
            )
        ).scalar()
        tell_enterprise(
            conn,
            (trader_id, broker_id),
            "inspection.order_scheduled",
            f"inspection_order:{order_id}",
            version,
            now,
            f"{number}: selected for physical inspection, booked at "
            f"{slot_text(starts_at, code, zone or 'UTC')}",
            "Bring the goods to the site; you may move the booking to another slot.",
            f"/api/v1/inspection/orders/{order_id}",
            {"order_id": order_id, "booking_id": booking_id, "slot_id": slot_id},
        )
        return int(booking_id)
    return None


def _apply(conn: Connection, order_id: int, command: OrderCommand, at: datetime) -> int:
    """Write the order status table's move for a command to the locked order row; its new
    version. A command the table has no move for leaves the row as it is: the follower keeps
    the order in step with its declaration and never refuses the declaration's own move."""
    status, version = conn.execute(
        select(o.status, o.version).where(o.id == order_id).with_for_update()
    ).one()
    target = ORDER_TRANSITIONS.find(OrderStatus(status), command)
    if target is None:
        return int(version)
    values: dict[str, object] = {"status": target.value, "updated_at": at, "version": version + 1}
    if not target.is_open:
        values["active_declaration_id"] = None
    conn.execute(update(inspection_orders).where(o.id == order_id).values(**values))
    return int(version) + 1


def _advance(
    conn: Connection, declaration_id: int, command: OrderCommand, at: datetime
) -> int | None:
    """Move the declaration's open order, if it has one; the order's id."""
    order_id = conn.execute(select(o.id).where(o.active_declaration_id == declaration_id)).scalar()
    if order_id is not None:
        _apply(conn, int(order_id), command, at)
    return None if order_id is None else int(order_id)


def _end_live_booking(
    conn: Connection,
    declaration_id: int,
    command: BookingCommand,
    at: datetime,
    why: str,
    order_id: int | None = None,
) -> None:
    """End the declaration's live booking (only the order's, when one is named); a cancelled
    booking gives its place back, a completed one keeps it used."""
    stmt = select(b.id, b.slot_id, b.status).where(b.holds_declaration_id == declaration_id)
    if order_id is not None:
        stmt = stmt.where(b.order_id == order_id)
    live = conn.execute(stmt).first()
    if live is None:
        return
    status = BOOKING_TRANSITIONS.find(BookingStatus(live.status), command)
    if status is None:
        return
    conn.execute(
        update(inspection_bookings)
        .where(b.id == live.id)
        .values(
            status=status.value,
            holds_declaration_id=None,
            ended_at=at,
            ended_by=DESK,
            end_reason=why,
            version=b.version + 1,
        )
    )
    if status is BookingStatus.CANCELLED:
        release_place(conn, live.slot_id)


@dataclass(frozen=True)
class Sweep:
    opened: list[int]
    scheduled: list[int]
    waiting: int


def sweep(uow: UnitOfWork, clock: Clock, limit: int = 500) -> Sweep:
    """The ``inspection-orders`` job: open orders for red declarations that have none, and book
    every order still awaiting a slot. Safe to run as often as a scheduler likes."""
    conn = uow.session.connection()
    now = clock.now()
    lacking = conn.execute(
        select(d.id, d.lane_reason)
        .where(
            d.lane == Lane.RED.value,
            d.status.in_([Status.RISK_ASSESSED.value, Status.DOCUMENT_CHECK.value]),
            ~exists().where(
                and_(
                    o.declaration_id == d.id,
                    o.status != OrderStatus.CANCELLED.value,
                )
            ),
        )
        .order_by(d.id)
        .limit(limit)
    ).all()
    opened = []
    for declaration_id, reason in lacking:
        # Lock the declaration as a routing would, so the follower and the job never both open.
        conn.execute(select(d.id).where(d.id == declaration_id).with_for_update())
        opened.append(open_order(conn, declaration_id, now, reason or "routed red"))
    scheduled = []
    waiting = (
        conn.execute(
            select(o.id)
            .where(o.status == OrderStatus.AWAITING_SLOT.value)
            .order_by(o.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    for order_id in waiting:
        if schedule(conn, order_id, now) is not None:
            scheduled.append(order_id)
    left = (
        conn.execute(select(o.id).where(o.status == OrderStatus.AWAITING_SLOT.value))
        .scalars()
        .all()
    )
    uow.commit()
    return Sweep(opened, scheduled, len(left))
