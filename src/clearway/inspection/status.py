"""Statuses of the inspection records that have a lifecycle, each with one table of legal moves.

Appointments (clearance outside office hours) are asked for and then decided by customs;
inspection orders follow the declaration they were opened for (see :mod:`.orders`).
"""

from __future__ import annotations

from enum import StrEnum


class AppointmentStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED)


class AppointmentCommand(StrEnum):
    CONFIRM = "confirm"
    DECLINE = "decline"
    CANCEL = "cancel"


APPOINTMENT_MOVES: dict[tuple[AppointmentStatus, AppointmentCommand], AppointmentStatus] = {
    (AppointmentStatus.REQUESTED, AppointmentCommand.CONFIRM): AppointmentStatus.CONFIRMED,
    (AppointmentStatus.REQUESTED, AppointmentCommand.DECLINE): AppointmentStatus.DECLINED,
    (AppointmentStatus.REQUESTED, AppointmentCommand.CANCEL): AppointmentStatus.CANCELLED,
    (AppointmentStatus.CONFIRMED, AppointmentCommand.CANCEL): AppointmentStatus.CANCELLED,
}


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"  # the inspection took place: the place stays used


class OrderStatus(StrEnum):
    AWAITING_SLOT = "awaiting_slot"  # no slot with space yet at the office's sites
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (OrderStatus.AWAITING_SLOT, OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS)


class OrderCommand(StrEnum):
    SCHEDULE = "schedule"  # booked into a slot, or moved to another one
    UNSCHEDULE = "unschedule"  # its booking was cancelled by customs
    BEGIN = "begin"  # the physical inspection began (E6)
    COMPLETE = "complete"  # the inspection ended (E6_END)
    CANCEL = "cancel"  # rerouted away from red, or the declaration was cancelled


ORDER_MOVES: dict[tuple[OrderStatus, OrderCommand], OrderStatus] = {
    (OrderStatus.AWAITING_SLOT, OrderCommand.SCHEDULE): OrderStatus.SCHEDULED,
    (OrderStatus.SCHEDULED, OrderCommand.SCHEDULE): OrderStatus.SCHEDULED,
    (OrderStatus.SCHEDULED, OrderCommand.UNSCHEDULE): OrderStatus.AWAITING_SLOT,
    (OrderStatus.AWAITING_SLOT, OrderCommand.BEGIN): OrderStatus.IN_PROGRESS,
    (OrderStatus.SCHEDULED, OrderCommand.BEGIN): OrderStatus.IN_PROGRESS,
    (OrderStatus.IN_PROGRESS, OrderCommand.COMPLETE): OrderStatus.COMPLETED,
    (OrderStatus.AWAITING_SLOT, OrderCommand.CANCEL): OrderStatus.CANCELLED,
    (OrderStatus.SCHEDULED, OrderCommand.CANCEL): OrderStatus.CANCELLED,
    (OrderStatus.IN_PROGRESS, OrderCommand.CANCEL): OrderStatus.CANCELLED,
}


def order_move(current: OrderStatus, command: OrderCommand) -> OrderStatus | None:
    return ORDER_MOVES.get((current, command))


class PlanStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class RecordStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
