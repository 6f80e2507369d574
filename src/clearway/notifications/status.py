"""Webhook delivery statuses and the one table of moves between them.

A delivery waits (``pending``) until it is sent; it ends ``delivered`` or, after the configured
number of failed attempts, ``dead`` (the dead-letter state). Only an administrator brings a dead
or delivered one back to ``pending``.
"""

from __future__ import annotations

from enum import StrEnum


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class DeliveryCommand(StrEnum):
    SUCCEED = "succeed"
    RETRY = "retry"
    DEAD_LETTER = "dead_letter"
    REDELIVER = "redeliver"


TRANSITIONS: dict[tuple[DeliveryStatus, DeliveryCommand], DeliveryStatus] = {
    (DeliveryStatus.PENDING, DeliveryCommand.SUCCEED): DeliveryStatus.DELIVERED,
    (DeliveryStatus.PENDING, DeliveryCommand.RETRY): DeliveryStatus.PENDING,
    (DeliveryStatus.PENDING, DeliveryCommand.DEAD_LETTER): DeliveryStatus.DEAD,
    (DeliveryStatus.DEAD, DeliveryCommand.REDELIVER): DeliveryStatus.PENDING,
    (DeliveryStatus.DELIVERED, DeliveryCommand.REDELIVER): DeliveryStatus.PENDING,
}


def move_for(current: DeliveryStatus, command: DeliveryCommand) -> DeliveryStatus | None:
    """The status a command leads to, or None when the table forbids it."""
    return TRANSITIONS.get((current, command))
