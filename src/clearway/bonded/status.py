"""Lifecycles of the bonded zone: account books, verification lists, gate passes, stocktakes.

Each lifecycle is one StrEnum of statuses plus one table of legal moves, so nothing in the zone
assigns a status by hand and every refusal is an IllegalTransition naming the status and the
command (DOMAIN.md §8).
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import StatusTable


class BookStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class BookCommand(StrEnum):
    CLOSE = "close"


class ListStatus(StrEnum):
    """A verification list is lodged, then posted to the account book once, or cancelled."""

    LODGED = "lodged"
    POSTED = "posted"
    CANCELLED = "cancelled"


class ListCommand(StrEnum):
    POST = "post"
    CANCEL = "cancel"


class GatePassStatus(StrEnum):
    """The vehicle's way through the zone gate: issued, inside the zone, gone."""

    ISSUED = "issued"
    IN_ZONE = "in_zone"
    LEFT = "left"
    CANCELLED = "cancelled"


class GateCommand(StrEnum):
    GATE_IN = "gate_in"
    GATE_OUT = "gate_out"
    CANCEL = "cancel"


class StocktakeStatus(StrEnum):
    """A physical count waits for customs' approval before its difference touches the book."""

    RECORDED = "recorded"
    APPROVED = "approved"
    REJECTED = "rejected"


class StocktakeCommand(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


BOOK_TRANSITIONS: StatusTable[BookStatus, BookCommand, BookStatus] = StatusTable(
    "account book",
    {(BookStatus.OPEN, BookCommand.CLOSE): BookStatus.CLOSED},
    initial=BookStatus.OPEN,
)

LIST_TRANSITIONS: StatusTable[ListStatus, ListCommand, ListStatus] = StatusTable(
    "verification list",
    {
        (ListStatus.LODGED, ListCommand.POST): ListStatus.POSTED,
        (ListStatus.LODGED, ListCommand.CANCEL): ListStatus.CANCELLED,
    },
    initial=ListStatus.LODGED,
)

GATE_TRANSITIONS: StatusTable[GatePassStatus, GateCommand, GatePassStatus] = StatusTable(
    "gate pass",
    {
        (GatePassStatus.ISSUED, GateCommand.GATE_IN): GatePassStatus.IN_ZONE,
        (GatePassStatus.IN_ZONE, GateCommand.GATE_OUT): GatePassStatus.LEFT,
        (GatePassStatus.ISSUED, GateCommand.CANCEL): GatePassStatus.CANCELLED,
        (GatePassStatus.IN_ZONE, GateCommand.CANCEL): GatePassStatus.CANCELLED,
    },
    initial=GatePassStatus.ISSUED,
)

STOCKTAKE_TRANSITIONS: StatusTable[StocktakeStatus, StocktakeCommand, StocktakeStatus] = (
    StatusTable(
        "stocktake",
        {
            (StocktakeStatus.RECORDED, StocktakeCommand.APPROVE): StocktakeStatus.APPROVED,
            (StocktakeStatus.RECORDED, StocktakeCommand.REJECT): StocktakeStatus.REJECTED,
        },
        initial=StocktakeStatus.RECORDED,
    )
)
