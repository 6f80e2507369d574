"""Webhook delivery statuses and the one table of moves between them.

A delivery waits (``pending``) until it is sent; it ends ``delivered`` or, after the configured
number of failed attempts, ``dead`` (the dead-letter state). Only an administrator brings a dead
or delivered one back to ``pending``.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.errors import ClearwayError, Conflict
from clearway.shared.status_table import StatusTable, conflict


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class DeliveryCommand(StrEnum):
    SUCCEED = "succeed"
    RETRY = "retry"
    DEAD_LETTER = "dead_letter"
    REDELIVER = "redeliver"


def _refuse_delivery(
    current: DeliveryStatus, command: DeliveryCommand, subject: str
) -> ClearwayError:
    if command is DeliveryCommand.REDELIVER:
        return Conflict(
            f"{subject} is {current.value}; only dead or delivered ones are redelivered",
            current_status=current.value,
            command=command.value,
        )
    return conflict(current, command, subject)


DELIVERY_TRANSITIONS: StatusTable[DeliveryStatus, DeliveryCommand, DeliveryStatus] = StatusTable(
    "webhook delivery",
    {
        (DeliveryStatus.PENDING, DeliveryCommand.SUCCEED): DeliveryStatus.DELIVERED,
        (DeliveryStatus.PENDING, DeliveryCommand.RETRY): DeliveryStatus.PENDING,
        (DeliveryStatus.PENDING, DeliveryCommand.DEAD_LETTER): DeliveryStatus.DEAD,
        (DeliveryStatus.DEAD, DeliveryCommand.REDELIVER): DeliveryStatus.PENDING,
        (DeliveryStatus.DELIVERED, DeliveryCommand.REDELIVER): DeliveryStatus.PENDING,
    },
    initial=DeliveryStatus.PENDING,
    refuse=_refuse_delivery,
)
