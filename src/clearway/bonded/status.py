"""Lifecycles of the bonded zone: account books, verification lists, gate passes, stocktakes.

Each lifecycle is one StrEnum of statuses plus one table of legal moves, so nothing in the zone
assigns a status by hand and every refusal names the status and the command (DOMAIN.md §8).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from clearway.shared.errors import IllegalTransition

S = TypeVar("S", bound=StrEnum)
C = TypeVar("C", bound=StrEnum)


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


BOOK_TRANSITIONS: dict[tuple[BookStatus, BookCommand], BookStatus] = {
    (BookStatus.OPEN, BookCommand.CLOSE): BookStatus.CLOSED,
}

LIST_TRANSITIONS: dict[tuple[ListStatus, ListCommand], ListStatus] = {
    (ListStatus.LODGED, ListCommand.POST): ListStatus.POSTED,
    (ListStatus.LODGED, ListCommand.CANCEL): ListStatus.CANCELLED,
}

GATE_TRANSITIONS: dict[tuple[GatePassStatus, GateCommand], GatePassStatus] = {
    (GatePassStatus.ISSUED, GateCommand.GATE_IN): GatePassStatus.IN_ZONE,
    (GatePassStatus.IN_ZONE, GateCommand.GATE_OUT): GatePassStatus.LEFT,
    (GatePassStatus.ISSUED, GateCommand.CANCEL): GatePassStatus.CANCELLED,
    (GatePassStatus.IN_ZONE, GateCommand.CANCEL): GatePassStatus.CANCELLED,
}

STOCKTAKE_TRANSITIONS: dict[tuple[StocktakeStatus, StocktakeCommand], StocktakeStatus] = {
    (StocktakeStatus.RECORDED, StocktakeCommand.APPROVE): StocktakeStatus.APPROVED,
    (StocktakeStatus.RECORDED, StocktakeCommand.REJECT): StocktakeStatus.REJECTED,
}


def book_move(current: BookStatus, command: BookCommand) -> BookStatus:
    """Target status of an account book command, or IllegalTransition."""
    return _move(BOOK_TRANSITIONS, current, command, "account book")


def list_move(current: ListStatus, command: ListCommand) -> ListStatus:
    """Target status of a verification list command, or IllegalTransition."""
    return _move(LIST_TRANSITIONS, current, command, "verification list")


def gate_move(current: GatePassStatus, command: GateCommand) -> GatePassStatus:
    """Target status of a gate pass command, or IllegalTransition."""
    return _move(GATE_TRANSITIONS, current, command, "gate pass")


def stocktake_move(current: StocktakeStatus, command: StocktakeCommand) -> StocktakeStatus:
    """Target status of a stocktake decision, or IllegalTransition."""
    return _move(STOCKTAKE_TRANSITIONS, current, command, "stocktake")


def _move(table: dict[tuple[S, C], S], current: S, command: C, what: str) -> S:
    target = table.get((current, command))
    if target is None:
        error = IllegalTransition(current.value, command.value)
        error.detail = f"cannot {command.value} a {what} whose status is {current.value}"
        raise error
    return target
