"""The ledger: the one place a book balance moves, and the append-only line each move leaves.

A withdrawal is one conditional statement,
``UPDATE book_items SET balance = balance - :q WHERE id = :id AND balance >= :q`` (and the book
is still open). Concurrent withdrawals queue on the row lock and each re-checks the condition
against the committed balance, so exactly as many succeed as the stock allows, and the
``CHECK (balance >= 0)`` constraint stands behind it. The same statement hands out the item's
next ledger sequence and a posting time that never runs backwards, so the running balance
written on the ledger line always agrees with the book, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NoReturn

from sqlalchemy import Integer, String, bindparam, case, exists, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert, Update

from clearway.bonded.model import BookItem, MovementKind
from clearway.bonded.rules import quantity_text
from clearway.bonded.status import BookStatus
from clearway.bonded.tables import account_books, book_items, ledger_entries
from clearway.persistence.types import QTY, UTCDateTime
from clearway.shared.errors import Conflict, NotFound

b = book_items.c
a = account_books.c
le = ledger_entries.c
QUANTITY_PLACES = 4


@dataclass(frozen=True)
class Movement:
    """Why a posting happens and what it belongs to."""

    kind: MovementKind
    actor: str
    verification_list_id: int | None = None
    stocktake_id: int | None = None
    location_code: str | None = None


@dataclass(frozen=True)
class Posting:
    """One ledger line as written."""

    book_id: int
    book_item_id: int
    seq: int
    quantity: Decimal
    balance_after: Decimal
    at: datetime


_BOOK_OPEN = exists().where(a.id == b.book_id, a.status == BookStatus.OPEN.value)
_AT = bindparam("at", type_=UTCDateTime)
_DELTA = bindparam("delta", type_=QTY)
_MOVE = (
    update(book_items)
    .where(b.id == bindparam("item_id"), _BOOK_OPEN)
    .values(
        # Rounded in SQL so SQLite's binary floats cannot drift below zero on decimals.
        balance=func.round(b.balance + _DELTA, QUANTITY_PLACES),
        entries=b.entries + 1,
        # Never earlier than the item's last line, so "balance at a date" is unambiguous.
        last_posted_at=case(
            (b.last_posted_at.is_not(None) & (b.last_posted_at > _AT), b.last_posted_at),
            else_=_AT,
        ),
    )
)
_CREDIT = _MOVE.returning(b.book_id, b.balance, b.entries, b.last_posted_at)
_DEBIT = _MOVE.where(b.balance >= bindparam("needed", type_=QTY)).returning(
    b.book_id, b.balance, b.entries, b.last_posted_at
)
_LINE = insert(ledger_entries)


def _in_one_statement(move: Update) -> ReturningInsert[Any]:
    """PostgreSQL: the conditional UPDATE and the ledger line in one round trip
    (``WITH moved AS (UPDATE ... RETURNING ...) INSERT ... SELECT ... FROM moved``)."""
    moved = move.cte("moved")
    line = select(
        moved.c.book_id,
        bindparam("item_id", type_=Integer),
        moved.c.entries,
        moved.c.last_posted_at,
        bindparam("kind", type_=String),
        _DELTA,
        moved.c.balance,
        bindparam("verification_list_id", type_=Integer),
        bindparam("stocktake_id", type_=Integer),
        bindparam("location_code", type_=String),
        bindparam("actor", type_=String),
    )
    columns = [
        "book_id",
        "book_item_id",
        "seq",
        "at",
        "kind",
        "quantity",
        "balance_after",
        "verification_list_id",
        "stocktake_id",
        "location_code",
        "actor",
    ]
    return (
        insert(ledger_entries)
        .from_select(columns, line)
        .returning(le.book_id, le.balance_after, le.seq, le.at)
        .add_cte(moved)
    )


_PG_CREDIT, _PG_DEBIT = _in_one_statement(_CREDIT), _in_one_statement(_DEBIT)


def post(
    session: Session, book_item_id: int, quantity: Decimal, at: datetime, movement: Movement
) -> Posting:
    """Add (quantity > 0) or withdraw (quantity < 0) stock; refuse what would overdraw it."""
    if quantity == 0:
        raise ValueError("a posting moves a non-zero quantity")
    # Core statements built once, on the session's connection: the hot path of every movement.
    connection = session.connection()
    params: dict[str, Any] = {
        "item_id": book_item_id,
        "delta": quantity,
        "at": at,
        "needed": -quantity,
        "kind": movement.kind.value,
        "verification_list_id": movement.verification_list_id,
        "stocktake_id": movement.stocktake_id,
        "location_code": movement.location_code,
        "actor": movement.actor,
    }
    if connection.dialect.name == "postgresql":
        row = connection.execute(_PG_DEBIT if quantity < 0 else _PG_CREDIT, params).first()
        if row is None:
            _refuse(session, book_item_id, -quantity)
    else:
        row = connection.execute(_DEBIT if quantity < 0 else _CREDIT, params).first()
        if row is None:
            _refuse(session, book_item_id, -quantity)
        connection.execute(
            _LINE,
            {
                "book_id": row[0],
                "book_item_id": book_item_id,
                "seq": row[2],
                "at": row[3],
                "quantity": quantity,
                "balance_after": row[1],
                **{k: params[k] for k in _LINE_EXTRAS},
            },
        )
    book_id, balance, seq, posted_at = int(row[0]), Decimal(row[1]), int(row[2]), row[3]
    # The row changed by statement: the ORM reads it again when the item is next used.
    item = session.get(BookItem, book_item_id)
    if item is not None:
        session.expire(item, ["balance", "entries", "last_posted_at"])
    return Posting(book_id, book_item_id, seq, quantity, balance, posted_at)


_LINE_EXTRAS = ("kind", "verification_list_id", "stocktake_id", "location_code", "actor")


def _refuse(session: Session, book_item_id: int, requested: Decimal) -> NoReturn:
    """Say why nothing moved: the item is unknown, its book closed, or the stock too small."""
    row = session.execute(
        select(b.balance, b.unit, b.item_no, a.number, a.status)
        .join(account_books, a.id == b.book_id)
        .where(b.id == book_item_id)
    ).first()
    if row is None:
        raise NotFound("book item", book_item_id)
    balance, unit, item_no, book, status = Decimal(row[0]), row[1], row[2], row[3], row[4]
    if status != BookStatus.OPEN.value:
        raise Conflict(
            f"account book {book} is {status}; it takes no movements",
            book=book,
            book_status=status,
        )
    raise shortfall(book, item_no, unit, balance, requested)


def shortfall(book: str, item_no: int, unit: str, balance: Decimal, requested: Decimal) -> Conflict:
    """The refusal of a withdrawal larger than the balance, naming what is available."""
    return Conflict(
        f"account book {book} item {item_no} holds {quantity_text(balance)} {unit}; "
        f"{quantity_text(requested)} {unit} cannot be withdrawn",
        available=quantity_text(balance),
        requested=quantity_text(requested),
        unit=unit,
        item_no=item_no,
        book=book,
    )
