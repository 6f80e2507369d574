"""Account book use cases: open and close books, register items and storage, stocktakes.

One function per use case, one transaction each, an audit line with every change. Movements of
goods live in :mod:`.movements` (verification lists) and :mod:`.gate` (gate passes); tax
payments and guarantees in :mod:`.payments`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded import ledger
from clearway.bonded.commands import (
    AccountBookInput,
    BookItemInput,
    DecisionInput,
    LocationInput,
    StocktakeInput,
)
from clearway.bonded.model import (
    AccountBook,
    BookItem,
    MovementKind,
    StorageLocation,
)
from clearway.bonded.policy import ensure_keeper_or_officer, ensure_officer
from clearway.bonded.queries import get_book, get_stocktake
from clearway.bonded.rules import stocktake_problems
from clearway.bonded.status import BookStatus, StocktakeCommand
from clearway.bonded.stocktake import Stocktake, StocktakeLine
from clearway.bonded.tables import account_books, storage_locations
from clearway.declarations import numbering
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.enterprises.services import registered_as
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.model import CustomsOffice
from clearway.reference.services import tariff_line_on
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, RuleViolation

# Letters of the bonded documents in the shared number sequences (declarations use I and E).
BOOK, LIST, GATE_PASS, GUARANTEE = "B", "Q", "H", "G"


def next_number(session: Session, office_code: str, year: int, letter: str) -> str:
    """``0291-2026-Q-000001``: office, year, document letter, gapless sequence."""
    sequence = numbering.allocate(session, office_code, year, letter)
    return numbering.format_number(office_code, year, letter, sequence)


def zone_enterprise(
    session: Session, enterprise_id: int, path: str = "enterprise_id"
) -> Enterprise:
    return registered_as(session, enterprise_id, EnterpriseRole.BONDED_ZONE, path)


def _office(session: Session, code: str) -> CustomsOffice:
    found = session.get(CustomsOffice, code)
    if found is None:
        raise RuleViolation.single(
            "office_code", "unknown_office", f"customs office {code} unknown"
        )
    return found


def open_book(uow: UnitOfWork, data: AccountBookInput, actor: Actor, clock: Clock) -> AccountBook:
    """Open a zone enterprise's account book at a zone office; one open book per office."""
    ensure_officer(actor, "open account books")
    session = uow.session
    enterprise = zone_enterprise(session, data.enterprise_id)
    _office(session, data.office_code)
    c = account_books.c
    existing = session.execute(
        select(c.number).where(
            c.enterprise_id == enterprise.id,
            c.office_code == data.office_code,
            c.status == BookStatus.OPEN.value,
        )
    ).first()
    if existing is not None:
        raise Conflict(f"{enterprise.name} already keeps open book {existing[0]}", book=existing[0])
    now = clock.now()
    book = AccountBook(
        number=next_number(session, data.office_code, now.year, BOOK),
        enterprise_id=enterprise.id,
        office_code=data.office_code,
        opened_at=now,
        opened_by=actor.username,
    )
    session.add(book)
    uow.flush()
    record(
        session,
        actor,
        now,
        "account_book.opened",
        "account_book",
        book.number,
        {"enterprise_id": enterprise.id, "office_code": data.office_code},
    )
    uow.commit()
    return book


def close_book(
    uow: UnitOfWork, ref: str | int, data: DecisionInput, actor: Actor, clock: Clock
) -> AccountBook:
    """Close a settled book; afterwards it takes no movement of any kind."""
    ensure_officer(actor, "close account books")
    book = get_book(uow.session, actor, ref)
    now = clock.now()
    book.close(now)
    record(
        uow.session,
        actor,
        now,
        "account_book.closed",
        "account_book",
        book.number,
        {"reason": data.reason},
    )
    uow.commit()
    return book


def register_item(
    uow: UnitOfWork, ref: str | int, data: BookItemInput, actor: Actor, clock: Clock
) -> BookItem:
    """Add a goods line to a book, in the statutory unit of a tariff line in force today."""
    session = uow.session
    book = get_book(session, actor, ref)
    ensure_keeper_or_officer(actor, book, "register items")
    now = clock.now()
    tariff = tariff_line_on(session, data.tariff_code, now.date())
    if tariff is None:
        raise RuleViolation.single(
            "tariff_code", "tariff_not_in_force", f"{data.tariff_code} is not in force today"
        )
    if tariff.unit != data.unit:
        raise RuleViolation.single(
            "unit", "unit_mismatch", f"{data.tariff_code} is kept in {tariff.unit}, not {data.unit}"
        )
    item = book.register_item(data.tariff_code, data.goods_name, data.unit, data.dg_un_number, now)
    uow.flush()
    record(
        session,
        actor,
        now,
        "account_book.item_registered",
        "account_book",
        book.number,
        {
            "item_no": item.item_no,
            "tariff_code": item.tariff_code,
            "unit": item.unit,
            "dg_un_number": item.dg_un_number,
        },
    )
    uow.commit()
    return item


def add_location(
    uow: UnitOfWork, data: LocationInput, actor: Actor, clock: Clock
) -> StorageLocation:
    """Record a storage place of a zone; approving it for dangerous goods is customs' call."""
    ensure_officer(actor, "approve storage locations")
    session = uow.session
    _office(session, data.office_code)
    if data.enterprise_id is not None:
        zone_enterprise(session, data.enterprise_id)
    c = storage_locations.c
    if session.execute(
        select(c.id).where(c.office_code == data.office_code, c.code == data.code)
    ).first():
        raise Conflict(f"storage location {data.code} already exists at {data.office_code}")
    now = clock.now()
    location = StorageLocation(
        office_code=data.office_code,
        code=data.code,
        name=data.name,
        enterprise_id=data.enterprise_id,
        dg_approved=data.dg_approved,
        created_at=now,
    )
    session.add(location)
    uow.flush()
    record(
        session,
        actor,
        now,
        "storage_location.added",
        "storage_location",
        location.id,
        {"code": data.code, "dg_approved": data.dg_approved},
    )
    uow.commit()
    return location


def locations_of(session: Session, office_code: str) -> list[StorageLocation]:
    c = storage_locations.c
    return list(
        session.scalars(
            select(StorageLocation).where(c.office_code == office_code).order_by(c.code)
        )
    )


def record_stocktake(
    uow: UnitOfWork, ref: str | int, data: StocktakeInput, actor: Actor, clock: Clock
) -> Stocktake:
    """Record a physical count against the book; the difference waits for customs' approval."""
    session = uow.session
    book = get_book(session, actor, ref)
    ensure_keeper_or_officer(actor, book, "record stocktakes")
    book.ensure_open()
    items = {i.item_no: i for i in book.items}
    counts = [(c.item_no, c.counted_quantity) for c in data.counts]
    stocktake_problems(counts, items).raise_if_any()
    now = clock.now()
    stocktake = Stocktake(book.id, data.counted_on, data.reason, now, actor.username)
    stocktake.lines = [
        StocktakeLine(items[n].id, n, items[n].balance, counted) for n, counted in counts
    ]
    session.add(stocktake)
    uow.flush()
    record(
        session,
        actor,
        now,
        "stocktake.recorded",
        "stocktake",
        stocktake.id,
        {
            "book": book.number,
            "differences": {str(line.item_no): str(line.difference) for line in stocktake.lines},
        },
    )
    uow.commit()
    return stocktake


def decide_stocktake(
    uow: UnitOfWork,
    stocktake_id: int,
    command: StocktakeCommand,
    data: DecisionInput,
    actor: Actor,
    clock: Clock,
) -> Stocktake:
    """Approve a count (its differences post to the ledger) or reject it (nothing moves)."""
    ensure_officer(actor, "decide stocktakes")
    session = uow.session
    stocktake = get_stocktake(session, actor, stocktake_id)
    now = clock.now()
    stocktake.decide(command, actor.username, data.reason, now)
    if command is StocktakeCommand.APPROVE:
        # Sorted by item so two postings never wait on each other's rows in opposite order.
        for line in sorted(stocktake.lines, key=lambda x: x.book_item_id):
            if line.difference == 0:
                continue
            kind = (
                MovementKind.STOCKTAKE_GAIN if line.difference > 0 else MovementKind.STOCKTAKE_LOSS
            )
            ledger.post(
                session,
                line.book_item_id,
                line.difference,
                now,
                ledger.Movement(kind, actor.username, stocktake_id=stocktake.id),
            )
    record(
        session,
        actor,
        now,
        f"stocktake.{stocktake.status.value}",
        "stocktake",
        stocktake.id,
        {"reason": data.reason},
    )
    uow.commit()
    return stocktake
