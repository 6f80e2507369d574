"""Statuses of the inspection records that have a lifecycle, each with one table of legal moves.

Appointments (clearance outside office hours) are asked for and then decided by customs;
bookings hold a place in a slot until they are cancelled or the inspection took place;
inspection orders follow the declaration they were opened for (see :mod:`.orders`); tailored
inspection plans stand until withdrawn; inspection records are open until their result.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.errors import ClearwayError, Conflict
from clearway.shared.status_table import StatusTable, already, conflict


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


APPOINTMENT_TRANSITIONS: StatusTable[AppointmentStatus, AppointmentCommand, AppointmentStatus] = (
    StatusTable(
        "appointment",
        {
            (AppointmentStatus.REQUESTED, AppointmentCommand.CONFIRM): AppointmentStatus.CONFIRMED,
            (AppointmentStatus.REQUESTED, AppointmentCommand.DECLINE): AppointmentStatus.DECLINED,
            (AppointmentStatus.REQUESTED, AppointmentCommand.CANCEL): AppointmentStatus.CANCELLED,
            (AppointmentStatus.CONFIRMED, AppointmentCommand.CANCEL): AppointmentStatus.CANCELLED,
        },
        initial=AppointmentStatus.REQUESTED,
        refuse=conflict,
    )
)


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"  # the inspection took place: the place stays used


class BookingCommand(StrEnum):
    RESCHEDULE = "reschedule"  # moved to another slot: still booked
    CANCEL = "cancel"  # the place is given back
    COMPLETE = "complete"  # the inspection ended: the place stays used


_BOOKING_VERBS = {
    BookingCommand.RESCHEDULE: "moved",
    BookingCommand.CANCEL: "cancelled",
    BookingCommand.COMPLETE: "completed",
}


def _refuse_booking(current: BookingStatus, command: BookingCommand, subject: str) -> ClearwayError:
    return Conflict(
        f"{subject} is {current.value} and cannot be {_BOOKING_VERBS[command]}",
        current_status=current.value,
        command=command.value,
    )


BOOKING_TRANSITIONS: StatusTable[BookingStatus, BookingCommand, BookingStatus] = StatusTable(
    "booking",
    {
        (BookingStatus.BOOKED, BookingCommand.RESCHEDULE): BookingStatus.BOOKED,
        (BookingStatus.BOOKED, BookingCommand.CANCEL): BookingStatus.CANCELLED,
        (BookingStatus.BOOKED, BookingCommand.COMPLETE): BookingStatus.COMPLETED,
    },
    initial=BookingStatus.BOOKED,
    refuse=_refuse_booking,
)


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


ORDER_TRANSITIONS: StatusTable[OrderStatus, OrderCommand, OrderStatus] = StatusTable(
    "inspection order",
    {
        (OrderStatus.AWAITING_SLOT, OrderCommand.SCHEDULE): OrderStatus.SCHEDULED,
        (OrderStatus.SCHEDULED, OrderCommand.SCHEDULE): OrderStatus.SCHEDULED,
        (OrderStatus.SCHEDULED, OrderCommand.UNSCHEDULE): OrderStatus.AWAITING_SLOT,
        (OrderStatus.AWAITING_SLOT, OrderCommand.BEGIN): OrderStatus.IN_PROGRESS,
        (OrderStatus.SCHEDULED, OrderCommand.BEGIN): OrderStatus.IN_PROGRESS,
        (OrderStatus.IN_PROGRESS, OrderCommand.COMPLETE): OrderStatus.COMPLETED,
        (OrderStatus.AWAITING_SLOT, OrderCommand.CANCEL): OrderStatus.CANCELLED,
        (OrderStatus.SCHEDULED, OrderCommand.CANCEL): OrderStatus.CANCELLED,
        (OrderStatus.IN_PROGRESS, OrderCommand.CANCEL): OrderStatus.CANCELLED,
    },
    initial=OrderStatus.AWAITING_SLOT,
    refuse=conflict,
)


class InspectionPlanStatus(StrEnum):
    """A tailored inspection plan's windows stand while it is active."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


# The name the persistence mapping still imports; the plan's status is InspectionPlanStatus.
PlanStatus = InspectionPlanStatus


class InspectionPlanCommand(StrEnum):
    WITHDRAW = "withdraw"


INSPECTION_PLAN_TRANSITIONS: StatusTable[
    InspectionPlanStatus, InspectionPlanCommand, InspectionPlanStatus
] = StatusTable(
    "inspection plan",
    {(InspectionPlanStatus.ACTIVE, InspectionPlanCommand.WITHDRAW): InspectionPlanStatus.WITHDRAWN},
    initial=InspectionPlanStatus.ACTIVE,
    refuse=already,
)


class RecordStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class RecordCommand(StrEnum):
    CLOSE = "close"  # the check ended with its result


RECORD_TRANSITIONS: StatusTable[RecordStatus, RecordCommand, RecordStatus] = StatusTable(
    "inspection record",
    {(RecordStatus.OPEN, RecordCommand.CLOSE): RecordStatus.CLOSED},
    initial=RecordStatus.OPEN,
    refuse=already,
)
