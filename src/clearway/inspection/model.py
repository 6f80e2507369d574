"""Inspection sites, slots and bookings, inspection orders, tailored plans and appointments.

A slot's count of booked places is never changed through these objects: places are taken and
given back by conditional UPDATEs in :mod:`.slots`, so the database alone decides who gets the
last place. The other aggregates change through their methods, which consult the status tables.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum

from clearway.inspection.status import (
    APPOINTMENT_TRANSITIONS,
    BOOKING_TRANSITIONS,
    INSPECTION_PLAN_TRANSITIONS,
    ORDER_TRANSITIONS,
    AppointmentCommand,
    AppointmentStatus,
    BookingCommand,
    BookingStatus,
    InspectionPlanCommand,
    InspectionPlanStatus,
    OrderCommand,
    OrderStatus,
)
from clearway.shared.errors import RuleViolation


class SiteKind(StrEnum):
    RAIL_YARD = "rail_yard"
    BONDED_ZONE_WAREHOUSE = "bonded_zone_warehouse"
    ROAD_PORT = "road_port"
    ENTERPRISE_PREMISES = "enterprise_premises"


class GoodsCategory(StrEnum):
    """Goods for which GACC 2018 No.109 allows clearance by appointment outside office hours."""

    DANGEROUS_GOODS = "dangerous_goods"
    PERISHABLE = "perishable"
    RELIEF_SUPPLIES = "relief_supplies"
    URGENT = "urgent"


class InspectionSite:
    """A place where customs inspect goods: a rail yard, a bonded-zone warehouse, …"""

    id: int
    code: str
    office_code: str
    name: str
    kind: SiteKind
    address: str
    active: bool
    created_at: datetime
    created_by: str

    def __init__(self, **fields: object) -> None:
        self.active = True
        self.address = ""
        for name, value in fields.items():
            setattr(self, name, value)


class InspectionSlot:
    """A time at a site with a number of places; a plan's window is reserved for one enterprise."""

    id: int
    site_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    reserved_for_id: int | None
    plan_id: int | None
    created_at: datetime
    created_by: str

    def __init__(self, **fields: object) -> None:
        self.booked = 0
        self.reserved_for_id = None
        self.plan_id = None
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def available(self) -> int:
        return self.capacity - self.booked

    def open_to(self, enterprise_id: int | None) -> bool:
        """Anyone may book a public slot; a plan's window only its enterprise (and customs)."""
        return self.reserved_for_id is None or self.reserved_for_id == enterprise_id


class InspectionBooking:
    """A declaration's place in a slot.

    ``holds_declaration_id`` repeats the declaration id while the booking is live and is
    cleared when it ends; a UNIQUE constraint on it lets the database refuse a second live
    booking for the same declaration, however the requests race.
    """

    id: int
    slot_id: int
    declaration_id: int
    enterprise_id: int
    order_id: int | None
    holds_declaration_id: int | None
    status: BookingStatus
    booked_by: str
    booked_at: datetime
    rescheduled_at: datetime | None
    ended_at: datetime | None
    ended_by: str
    end_reason: str
    version: int

    def __init__(
        self,
        slot_id: int,
        declaration_id: int,
        enterprise_id: int,
        order_id: int | None,
        booked_by: str,
        at: datetime,
    ) -> None:
        self.slot_id = slot_id
        self.declaration_id = declaration_id
        self.enterprise_id = enterprise_id
        self.order_id = order_id
        self.holds_declaration_id = declaration_id
        self.status = BOOKING_TRANSITIONS.initial
        self.booked_by = booked_by
        self.booked_at = at
        self.rescheduled_at = None
        self.ended_at = None
        self.ended_by = ""
        self.end_reason = ""

    def move_to(self, slot_id: int, at: datetime) -> None:
        """Hold a place in another slot; only a live booking moves."""
        self.status = BOOKING_TRANSITIONS.move(
            self.status, BookingCommand.RESCHEDULE, subject=f"booking {self.id}"
        )
        self.slot_id = slot_id
        self.rescheduled_at = at

    def end(self, command: BookingCommand, at: datetime, by: str, reason: str) -> None:
        """Cancel the booking or record that its inspection took place."""
        self.status = BOOKING_TRANSITIONS.move(self.status, command, subject=f"booking {self.id}")
        self.holds_declaration_id = None
        self.ended_at = at
        self.ended_by = by
        self.end_reason = reason


class InspectionOrder:
    """A physical inspection customs require because the declaration was routed red."""

    id: int
    declaration_id: int
    active_declaration_id: int | None  # as on bookings: one open order per declaration
    office_code: str
    status: OrderStatus
    reason: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    version: int

    def apply(self, command: OrderCommand, at: datetime) -> None:
        """Move the order through its status table; a closed order frees its declaration."""
        target = ORDER_TRANSITIONS.move(self.status, command)
        self.status = target
        if not target.is_open:
            self.active_declaration_id = None
        self.updated_at = at


class ClearanceAppointment:
    """Customs work booked outside office hours for a declaration or a shipment (No.109)."""

    id: int
    office_code: str
    enterprise_id: int
    broker_id: int | None
    declaration_id: int | None
    shipment: str
    tariff_codes: str  # comma-separated 10-digit lines the eligibility was decided on
    goods_category: GoodsCategory
    starts_at: datetime
    ends_at: datetime
    credit_level: str  # the enterprise's level on the day it asked
    lead_hours: Decimal  # the lead time that level had to respect
    note: str
    status: AppointmentStatus
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_reason: str
    updated_at: datetime
    version: int

    def __init__(self, **fields: object) -> None:
        self.status = APPOINTMENT_TRANSITIONS.initial
        self.decided_by = ""
        self.decided_at = None
        self.decision_reason = ""
        for name, value in fields.items():
            setattr(self, name, value)

    def apply(self, command: AppointmentCommand, by: str, at: datetime, reason: str) -> None:
        """Confirm, decline or cancel through the appointment status table."""
        target = APPOINTMENT_TRANSITIONS.move(self.status, command)
        if command is AppointmentCommand.DECLINE and not reason.strip():
            raise RuleViolation.single("reason", "required", "say why the appointment is declined")
        self.status = target
        self.decided_by = by
        self.decided_at = at
        self.decision_reason = reason
        self.updated_at = at


class InspectionPlan:
    """A tailored inspection plan: an enterprise's production and export rhythm as standing
    inspection windows at a site, reserved for it, so goods are inspected when they are ready."""

    id: int
    enterprise_id: int
    site_id: int
    weekdays: str  # ISO weekdays, comma-separated ("1,3,5")
    window_start: time
    window_end: time
    expected_lots: int
    valid_from: date
    valid_to: date
    description: str
    status: InspectionPlanStatus
    filed_by: str
    filed_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str
    version: int

    def __init__(self, **fields: object) -> None:
        self.status = INSPECTION_PLAN_TRANSITIONS.initial
        self.withdrawn_at = None
        self.withdrawn_by = ""
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays.split(",") if d]

    def withdraw(self, by: str, at: datetime) -> None:
        self.status = INSPECTION_PLAN_TRANSITIONS.move(
            self.status, InspectionPlanCommand.WITHDRAW, subject=f"inspection plan {self.id}"
        )
        self.withdrawn_at = at
        self.withdrawn_by = by
