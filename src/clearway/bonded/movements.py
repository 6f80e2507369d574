"""Verification list use cases: lodge, post to the book, cancel.

A list links goods of an account book to the declaration that covers them. In-zone transfers
post at once (both books in one transaction); every other list posts only when its declaration
is released **and** all of its goods have passed the gate, whichever happens last. Goods
entering from the domestic market leave an export tax refund record in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded import ledger
from clearway.bonded.commands import DecisionInput, ListLineInput, VerificationListInput
from clearway.bonded.model import (
    AccountBook,
    Direction,
    ListKind,
    MovementKind,
    VerificationList,
    VerificationListItem,
)
from clearway.bonded.policy import ensure_keeper, ensure_keeper_or_officer
from clearway.bonded.queries import get_book, get_list
from clearway.bonded.rules import (
    KIND_RULES,
    LineContext,
    check_lines,
    direction_for,
    link_problems,
    posting_blockers,
)
from clearway.bonded.services import LIST, locations_of, next_number
from clearway.bonded.status import LIST_TRANSITIONS, ListCommand, ListStatus
from clearway.bonded.tables import account_books, verification_lists
from clearway.bonded.tax import TaxableLine, assess_rebate
from clearway.bonded.tax_records import ExportRefund
from clearway.declarations.model import Declaration
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, FieldError, RuleViolation


def lodge_list(
    uow: UnitOfWork, data: VerificationListInput, actor: Actor, clock: Clock
) -> VerificationList:
    """Lodge a verification list; refused with every reason and nothing written when wrong."""
    session = uow.session
    book = get_book(session, actor, data.book)
    ensure_keeper(actor, book, "lodge verification lists")
    book.ensure_open()
    direction = direction_for(data.kind, data.direction)
    declaration = _linked_declaration(session, data, book, direction)
    target = _counterpart(session, data, book)
    check_lines(
        data.items,
        LineContext(
            kind=data.kind,
            direction=direction,
            enterprise_id=book.enterprise_id,
            items={i.item_no: i for i in book.items},
            locations={loc.code: loc for loc in locations_of(session, book.office_code)},
            declared={i.line_no: i for i in declaration.items} if declaration else None,
            counterpart={i.item_no: i for i in target.items} if target else None,
            counterpart_enterprise_id=target.enterprise_id if target else None,
        ),
    )
    if direction is Direction.OUT:
        _ensure_stock(book, data.items)
    now = clock.now()
    vl = VerificationList(
        number=next_number(session, book.office_code, now.year, LIST),
        kind=data.kind,
        direction=direction,
        book_id=book.id,
        counterpart_book_id=target.id if target else None,
        declaration_id=declaration.id if declaration else None,
        lodged_at=now,
        lodged_by=actor.username,
        updated_at=now,
        items=[_line(n, line, book, target) for n, line in enumerate(data.items, start=1)],
    )
    session.add(vl)
    uow.flush()
    record(
        session,
        actor,
        now,
        "verification_list.lodged",
        "verification_list",
        vl.number,
        {
            "kind": vl.kind.value,
            "direction": vl.direction.value,
            "book": book.number,
            "declaration": declaration.number if declaration else None,
            "dg_mark": vl.dg_mark,
        },
    )
    if data.kind is ListKind.IN_ZONE_TRANSFER:
        _post(session, vl, None, actor, now)
    uow.commit()
    return vl


def _line(
    line_no: int, line: ListLineInput, book: AccountBook, target: AccountBook | None
) -> VerificationListItem:
    item = book.item(line.item_no)
    assert item is not None  # check_lines refused unknown items
    counterpart = target.item(line.counterpart_item_no or 0) if target else None
    return VerificationListItem(
        line_no=line_no,
        book_item_id=item.id,
        item_no=item.item_no,
        counterpart_item_id=counterpart.id if counterpart else None,
        declaration_line_no=line.declaration_line_no,
        tariff_code=item.tariff_code,
        goods_name=item.goods_name,
        quantity=line.quantity,
        unit=line.unit,
        location_code=line.location_code,
        dg_un_number=item.dg_un_number,
    )


def _linked_declaration(
    session: Session, data: VerificationListInput, book: AccountBook, direction: Direction
) -> Declaration | None:
    if not KIND_RULES[data.kind].declared:
        if data.declaration is not None:
            raise RuleViolation.single(
                "declaration", "not_declared", f"an {data.kind.value} list links no declaration"
            )
        return None
    if data.declaration is None:
        raise RuleViolation.single(
            "declaration", "required", f"an {data.kind.value} list needs its declaration"
        )
    d = declarations.c
    found = session.scalars(select(Declaration).where(d.number == data.declaration)).first()
    if found is None:
        raise RuleViolation.single(
            "declaration", "unknown_declaration", f"no declaration {data.declaration}"
        )
    problems = link_problems(
        data.kind, direction, found.flow, found.status, found.trader_id, book.enterprise_id
    )
    if problems:
        raise RuleViolation([FieldError("declaration", rule, msg) for rule, msg in problems])
    v = verification_lists.c
    taken = session.execute(
        select(v.number).where(v.declaration_id == found.id, v.status != ListStatus.CANCELLED.value)
    ).first()
    if taken is not None:
        raise Conflict(
            f"declaration {found.number} already backs verification list {taken[0]}",
            verification_list=taken[0],
        )
    return found


def _counterpart(
    session: Session, data: VerificationListInput, book: AccountBook
) -> AccountBook | None:
    if data.kind is not ListKind.IN_ZONE_TRANSFER:
        if data.counterpart_book is not None:
            raise RuleViolation.single(
                "counterpart_book", "not_transfer", "only in-zone transfers name a receiving book"
            )
        return None
    if data.counterpart_book is None:
        raise RuleViolation.single("counterpart_book", "required", "name the receiving book")
    a = account_books.c
    target = session.scalars(select(AccountBook).where(a.number == data.counterpart_book)).first()
    if target is None or target.office_code != book.office_code:
        raise RuleViolation.single(
            "counterpart_book",
            "unknown_book",
            f"no account book {data.counterpart_book} in this zone",
        )
    if target.id == book.id:
        raise RuleViolation.single(
            "counterpart_book", "same_book", "a transfer moves goods to another book"
        )
    target.ensure_open()
    return target


def _ensure_stock(book: AccountBook, lines: list[ListLineInput]) -> None:
    """Refuse at once what the book cannot cover; the ledger's UPDATE decides at posting."""
    wanted: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        wanted[line.item_no] += line.quantity
    for item_no, quantity in wanted.items():
        item = book.item(item_no)
        if item is not None and item.balance < quantity:
            raise ledger.shortfall(book.number, item_no, item.unit, item.balance, quantity)


def _post(
    session: Session,
    vl: VerificationList,
    declaration: Declaration | None,
    actor: Actor,
    now: datetime,
) -> None:
    """Move the book (or both books of a transfer) and record the refund of a zone entry."""
    postings: list[tuple[int, Decimal, ledger.Movement]] = []
    for line in vl.items:
        if vl.kind is ListKind.IN_ZONE_TRANSFER:
            assert line.counterpart_item_id is not None
            postings.append(
                (
                    line.book_item_id,
                    -line.quantity,
                    ledger.Movement(MovementKind.TRANSFER_OUT, actor.username, vl.id),
                )
            )
            postings.append(
                (
                    line.counterpart_item_id,
                    line.quantity,
                    ledger.Movement(
                        MovementKind.TRANSFER_IN,
                        actor.username,
                        vl.id,
                        location_code=line.location_code,
                    ),
                )
            )
        elif vl.direction is Direction.IN:
            postings.append(
                (
                    line.book_item_id,
                    line.quantity,
                    ledger.Movement(
                        MovementKind.ENTRY, actor.username, vl.id, location_code=line.location_code
                    ),
                )
            )
        else:
            postings.append(
                (
                    line.book_item_id,
                    -line.quantity,
                    ledger.Movement(MovementKind.EXIT, actor.username, vl.id),
                )
            )
    # Rows are locked in id order, so two lists never wait on each other in opposite order.
    for item_id, quantity, movement in sorted(postings, key=lambda p: p[0]):
        ledger.post(session, item_id, quantity, now, movement)
    vl.mark_posted(now)
    refund = None
    if KIND_RULES[vl.kind].refund_on_entry and declaration is not None:
        refund = _refund(session, vl, declaration, now)
    record(
        session,
        actor,
        now,
        "verification_list.posted",
        "verification_list",
        vl.number,
        {
            "lines": len(vl.items),
            "refund": str(refund.amount) if refund else None,
            "refund_reason": refund.reason if refund else None,
        },
    )


def _refund(
    session: Session, vl: VerificationList, declaration: Declaration, now: datetime
) -> ExportRefund:
    """Goods from the domestic market entered: the exporter's refund at the dated rebate rate."""
    listed = {line.declaration_line_no for line in vl.items}
    lines = [
        TaxableLine(i.line_no, i.tariff_code, i.value)
        for i in declaration.items
        if i.line_no in listed
    ]
    rebate = assess_rebate(
        lines, declaration.currency, declaration.declaration_date, SessionReference(session)
    )
    refund = ExportRefund(vl.id, declaration.id, declaration.trader_id, rebate, now)
    session.add(refund)
    return refund


def post_if_ready(session: Session, vl: VerificationList, actor: Actor, now: datetime) -> bool:
    """Post a list once its declaration is released and its goods have all passed the gate."""
    declaration = session.get(Declaration, vl.declaration_id) if vl.declaration_id else None
    status = declaration.status if declaration else None
    postable = LIST_TRANSITIONS.find(vl.status, ListCommand.POST) is not None
    if not postable or posting_blockers(vl.kind, status, vl.passage):
        return False
    _post(session, vl, declaration, actor, now)
    return True


def post_list(uow: UnitOfWork, number: str, actor: Actor, clock: Clock) -> VerificationList:
    """Post a list whose goods passed the gate before its declaration was released."""
    session = uow.session
    vl = get_list(session, actor, number)
    book = get_book(session, actor, vl.book_id)
    ensure_keeper_or_officer(actor, book, "post verification lists")
    book.ensure_open()
    declaration = session.get(Declaration, vl.declaration_id) if vl.declaration_id else None
    blockers = posting_blockers(vl.kind, declaration.status if declaration else None, vl.passage)
    if LIST_TRANSITIONS.find(vl.status, ListCommand.POST) is not None and blockers:
        raise Conflict(
            f"verification list {vl.number} cannot be posted yet: {'; '.join(blockers)}",
            reasons=blockers,
        )
    _post(session, vl, declaration, actor, clock.now())
    uow.commit()
    return vl


def cancel_list(
    uow: UnitOfWork, number: str, data: DecisionInput, actor: Actor, clock: Clock
) -> VerificationList:
    """Withdraw a lodged list before any of its goods went onto a gate pass."""
    session = uow.session
    vl = get_list(session, actor, number)
    ensure_keeper_or_officer(actor, get_book(session, actor, vl.book_id), "cancel lists")
    now = clock.now()
    vl.cancel(now)
    record(
        session,
        actor,
        now,
        "verification_list.cancelled",
        "verification_list",
        vl.number,
        {"reason": data.reason},
    )
    uow.commit()
    return vl
