"""Stocktaking: a physical count compared with the account book, approved before it counts.

The count records the book quantity at the time of counting beside the counted quantity; the
difference touches the ledger only once customs approves it, as a gain or a loss line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from clearway.bonded.status import STOCKTAKE_TRANSITIONS, StocktakeCommand, StocktakeStatus


class StocktakeLine:
    """Book quantity and physical count of one item at the time of the count."""

    id: int
    stocktake_id: int
    book_item_id: int
    item_no: int
    book_quantity: Decimal
    counted_quantity: Decimal
    difference: Decimal

    def __init__(
        self, book_item_id: int, item_no: int, book_quantity: Decimal, counted_quantity: Decimal
    ) -> None:
        self.book_item_id = book_item_id
        self.item_no = item_no
        self.book_quantity = book_quantity
        self.counted_quantity = counted_quantity
        self.difference = counted_quantity - book_quantity


class Stocktake:
    """A physical count compared with the book; customs approves before the book changes."""

    id: int
    book_id: int
    status: StocktakeStatus
    counted_on: date
    reason: str
    recorded_at: datetime
    recorded_by: str
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str
    lines: list[StocktakeLine]

    def __init__(
        self, book_id: int, counted_on: date, reason: str, recorded_at: datetime, recorded_by: str
    ) -> None:
        self.book_id = book_id
        self.status = STOCKTAKE_TRANSITIONS.initial
        self.counted_on = counted_on
        self.reason = reason
        self.recorded_at = recorded_at
        self.recorded_by = recorded_by
        self.decided_at = None
        self.decided_by = None
        self.decision_reason = ""
        self.lines = []

    def decide(self, command: StocktakeCommand, who: str, reason: str, at: datetime) -> None:
        self.status = STOCKTAKE_TRANSITIONS.move(self.status, command)
        self.decided_at, self.decided_by, self.decision_reason = at, who, reason
