"""The comprehensive bonded zone: account books, verification lists, gate passes, stocktakes.

A zone enterprise keeps its bonded goods in an account book, item by item (DOMAIN.md §8).
Goods move only on verification lists; across the zone boundary they also pass the gate on
gate passes. Aggregates change only through their methods, which consult the status tables.
Book balances are never assigned here: only the ledger's conditional UPDATE moves them, so the
database, not Python, guarantees that stock never goes negative.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from clearway.bonded.status import (
    BOOK_TRANSITIONS,
    GATE_TRANSITIONS,
    LIST_TRANSITIONS,
    BookCommand,
    BookStatus,
    GateCommand,
    GatePassStatus,
    ListCommand,
    ListStatus,
)
from clearway.shared.errors import Conflict

ZERO = Decimal(0)


class ListKind(StrEnum):
    """Verification list types (核注清单 清单类型 and the zone's record lists)."""

    ORDINARY = "ordinary"
    CONSOLIDATED = "consolidated"
    IN_ZONE_TRANSFER = "in_zone_transfer"
    ENTRY_RECORD = "entry_record"  # abroad -> zone (进境备案清单)
    EXIT_RECORD = "exit_record"  # zone -> abroad (出境备案清单)
    DOMESTIC_TO_ZONE = "domestic_to_zone"  # counts as export: refund on entry
    ZONE_TO_DOMESTIC = "zone_to_domestic"  # counts as import: duties and VAT due


class Direction(StrEnum):
    """Which way goods move for the account book: into the zone or out of it."""

    IN = "in"
    OUT = "out"


class MovementKind(StrEnum):
    """Why a ledger line exists."""

    ENTRY = "entry"
    EXIT = "exit"
    TRANSFER_IN = "transfer_in"
    TRANSFER_OUT = "transfer_out"
    STOCKTAKE_GAIN = "stocktake_gain"
    STOCKTAKE_LOSS = "stocktake_loss"


class Passage(StrEnum):
    """How much of a verification list has physically passed the gate."""

    NONE = "none"
    PARTIAL = "partial"
    COMPLETE = "complete"


class BookItem:
    """One goods line of an account book; `balance` moves only through the ledger."""

    id: int
    book_id: int
    item_no: int
    tariff_code: str
    goods_name: str
    unit: str
    dg_un_number: str | None
    balance: Decimal
    entries: int
    last_posted_at: datetime | None
    created_at: datetime

    def __init__(
        self,
        item_no: int,
        tariff_code: str,
        goods_name: str,
        unit: str,
        dg_un_number: str | None,
        created_at: datetime,
    ) -> None:
        self.item_no = item_no
        self.tariff_code = tariff_code
        self.goods_name = goods_name
        self.unit = unit
        self.dg_un_number = dg_un_number
        self.balance = ZERO
        self.entries = 0
        self.last_posted_at = None
        self.created_at = created_at

    @property
    def dangerous(self) -> bool:
        """Carries a UN number: hazardous goods, DG mark on lists, DG-approved storage only."""
        return bool(self.dg_un_number)


class AccountBook:
    """A zone enterprise's electronic ledger of bonded goods (账册), item by item."""

    id: int
    number: str
    enterprise_id: int
    office_code: str
    status: BookStatus
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    items: list[BookItem]

    def __init__(
        self, number: str, enterprise_id: int, office_code: str, opened_at: datetime, opened_by: str
    ) -> None:
        self.number = number
        self.enterprise_id = enterprise_id
        self.office_code = office_code
        self.status = BOOK_TRANSITIONS.initial
        self.opened_at = opened_at
        self.opened_by = opened_by
        self.closed_at = None
        self.items = []

    def ensure_open(self) -> None:
        """A closed book takes no movement of any kind."""
        if self.status is not BookStatus.OPEN:
            raise Conflict(
                f"account book {self.number} is {self.status.value}; it takes no movements",
                book=self.number,
                book_status=self.status.value,
            )

    def item(self, item_no: int) -> BookItem | None:
        return next((i for i in self.items if i.item_no == item_no), None)

    def register_item(
        self, tariff_code: str, goods_name: str, unit: str, dg_un_number: str | None, at: datetime
    ) -> BookItem:
        """Add a goods line; the same tariff line and name are recorded once per book."""
        self.ensure_open()
        for existing in self.items:
            if existing.tariff_code == tariff_code and existing.goods_name == goods_name:
                raise Conflict(
                    f"account book {self.number} already has {tariff_code} {goods_name} "
                    f"as item {existing.item_no}",
                    item_no=existing.item_no,
                )
        item = BookItem(
            item_no=max((i.item_no for i in self.items), default=0) + 1,
            tariff_code=tariff_code,
            goods_name=goods_name,
            unit=unit,
            dg_un_number=dg_un_number,
            created_at=at,
        )
        self.items.append(item)
        return item

    def close(self, at: datetime) -> None:
        """Close the book once every item is settled to zero."""
        target = BOOK_TRANSITIONS.move(self.status, BookCommand.CLOSE)
        stocked = [i.item_no for i in self.items if i.balance > 0]
        if stocked:
            raise Conflict(
                f"account book {self.number} still holds goods on items "
                f"{', '.join(map(str, stocked))}; settle them before closing",
                items_with_stock=stocked,
            )
        self.status = target
        self.closed_at = at


class StorageLocation:
    """A storage place in a zone; only DG-approved places may hold hazardous goods."""

    id: int
    office_code: str
    code: str
    name: str
    enterprise_id: int | None
    dg_approved: bool
    created_at: datetime

    def __init__(
        self,
        office_code: str,
        code: str,
        name: str,
        enterprise_id: int | None,
        dg_approved: bool,
        created_at: datetime,
    ) -> None:
        self.office_code = office_code
        self.code = code
        self.name = name
        self.enterprise_id = enterprise_id
        self.dg_approved = dg_approved
        self.created_at = created_at


class VerificationListItem:
    """One line of a verification list: a book item, a quantity, and how much passed the gate."""

    id: int
    list_id: int
    line_no: int
    book_item_id: int
    item_no: int
    counterpart_item_id: int | None
    declaration_line_no: int | None
    tariff_code: str
    goods_name: str
    quantity: Decimal
    unit: str
    location_code: str | None
    dg_un_number: str | None
    allotted: Decimal
    passed: Decimal

    def __init__(self, **fields: object) -> None:
        self.counterpart_item_id = None
        self.declaration_line_no = None
        self.location_code = None
        self.dg_un_number = None
        self.allotted = ZERO
        self.passed = ZERO
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def unallotted(self) -> Decimal:
        return self.quantity - self.allotted


class VerificationList:
    """A verification list (核注清单): goods moving in or out of an account book."""

    id: int
    number: str
    kind: ListKind
    direction: Direction
    status: ListStatus
    book_id: int
    counterpart_book_id: int | None
    declaration_id: int | None
    dg_mark: bool
    lodged_at: datetime
    lodged_by: str
    posted_at: datetime | None
    cancelled_at: datetime | None
    updated_at: datetime
    version: int
    items: list[VerificationListItem]

    def __init__(self, **fields: object) -> None:
        self.status = LIST_TRANSITIONS.initial
        self.counterpart_book_id = None
        self.declaration_id = None
        self.posted_at = None
        self.cancelled_at = None
        self.items = []
        for name, value in fields.items():
            setattr(self, name, value)
        self.dg_mark = any(i.dg_un_number for i in self.items)

    @property
    def passage(self) -> Passage:
        passed = sum((i.passed for i in self.items), ZERO)
        if passed == 0:
            return Passage.NONE
        return (
            Passage.COMPLETE if all(i.passed >= i.quantity for i in self.items) else Passage.PARTIAL
        )

    def allot(self, item: VerificationListItem, quantity: Decimal, at: datetime) -> None:
        """Put part of a line on a gate pass; a line is never carried twice."""
        if self.status is not ListStatus.LODGED:
            raise Conflict(
                f"verification list {self.number} is {self.status.value}; "
                "no gate pass can carry it",
                list_status=self.status.value,
            )
        if quantity > item.unallotted:
            raise Conflict(
                f"line {item.line_no} of verification list {self.number} has only "
                f"{item.unallotted.normalize():f} {item.unit} not yet on a gate pass",
                available=f"{item.unallotted.normalize():f}",
                line_no=item.line_no,
            )
        item.allotted += quantity
        self.updated_at = at

    def release(self, item: VerificationListItem, quantity: Decimal, at: datetime) -> None:
        """Give back the quantity of a cancelled gate pass."""
        item.allotted -= quantity
        self.updated_at = at

    def record_passage(self, item: VerificationListItem, quantity: Decimal, at: datetime) -> None:
        item.passed += quantity
        self.updated_at = at

    def mark_posted(self, at: datetime) -> None:
        self.status = LIST_TRANSITIONS.move(self.status, ListCommand.POST)
        self.posted_at = self.updated_at = at

    def cancel(self, at: datetime) -> None:
        """Withdraw a lodged list before any of its goods went onto a gate pass."""
        target = LIST_TRANSITIONS.move(self.status, ListCommand.CANCEL)
        if any(i.allotted > 0 for i in self.items):
            raise Conflict(
                f"verification list {self.number} has goods on gate passes; cancel those first"
            )
        self.status = target
        self.cancelled_at = self.updated_at = at


class GatePassItem:
    """Goods of one verification list line carried by one gate pass."""

    id: int
    gate_pass_id: int
    list_id: int
    list_item_id: int
    quantity: Decimal

    def __init__(self, list_id: int, list_item_id: int, quantity: Decimal) -> None:
        self.list_id = list_id
        self.list_item_id = list_item_id
        self.quantity = quantity


class GatePass:
    """A gate pass (核放单): a vehicle, its goods and the verification lists they belong to."""

    id: int
    number: str
    book_id: int
    direction: Direction
    vehicle_plate: str
    status: GatePassStatus
    lodged_at: datetime
    lodged_by: str
    gate_in_at: datetime | None
    gate_out_at: datetime | None
    updated_at: datetime
    version: int
    items: list[GatePassItem]

    def __init__(self, **fields: object) -> None:
        self.status = GATE_TRANSITIONS.initial
        self.gate_in_at = None
        self.gate_out_at = None
        self.items = []
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def goods_pass_on(self) -> GateCommand:
        """Inbound goods pass the gate on the way in; outbound goods on the way out."""
        return GateCommand.GATE_IN if self.direction is Direction.IN else GateCommand.GATE_OUT

    @property
    def goods_passed(self) -> bool:
        at = self.gate_in_at if self.direction is Direction.IN else self.gate_out_at
        return at is not None

    def apply(self, command: GateCommand, at: datetime) -> None:
        """Record a gate event or a cancellation through the gate pass status table."""
        target = GATE_TRANSITIONS.move(self.status, command)
        if command is GateCommand.CANCEL and self.goods_passed:
            raise Conflict(f"the goods of gate pass {self.number} already passed the gate")
        if command is GateCommand.GATE_IN:
            self.gate_in_at = at
        elif command is GateCommand.GATE_OUT:
            self.gate_out_at = at
        self.status = target
        self.updated_at = at
