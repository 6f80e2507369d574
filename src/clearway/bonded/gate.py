"""Gate pass use cases: issue a pass for a vehicle and its goods, record gate events.

Goods pass the zone gate in portions, one vehicle at a time: each gate pass carries stated
quantities of verification list lines, and a line is never put on passes beyond its quantity.
Inbound goods pass on the way in, outbound goods on the way out; when the last portion of a
list has passed and its declaration is released, the list is posted to the book in the same
transaction as the gate event.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded.commands import GatePassInput
from clearway.bonded.model import GatePass, GatePassItem, VerificationList
from clearway.bonded.movements import post_if_ready
from clearway.bonded.policy import ensure_keeper, ensure_keeper_or_officer, ensure_officer
from clearway.bonded.queries import get_book, get_gate_pass
from clearway.bonded.rules import gate_pass_blocker, quantity_problem
from clearway.bonded.services import GATE_PASS, next_number
from clearway.bonded.status import GateCommand
from clearway.bonded.tables import verification_lists
from clearway.declarations.model import Declaration
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict


def issue_gate_pass(uow: UnitOfWork, data: GatePassInput, actor: Actor, clock: Clock) -> GatePass:
    """Issue a gate pass; refused whole when a list is not ready or a quantity is too large."""
    session = uow.session
    book = get_book(session, actor, data.book)
    ensure_keeper(actor, book, "issue gate passes")
    book.ensure_open()
    errors = Collector()
    if not data.items:
        errors.add("items", "min_items", "a gate pass carries goods of at least one list")
    lists: dict[str, VerificationList] = {}
    for index, line in enumerate(data.items):
        path = f"items.{index}"
        if (problem := quantity_problem(line.quantity)) is not None:
            errors.add(f"{path}.quantity", *problem)
        vl = lists.get(line.list_number) or _list_of_book(session, line.list_number, book.id)
        if vl is None:
            errors.add(
                f"{path}.list_number",
                "unknown_list",
                f"book {book.number} has no verification list {line.list_number}",
            )
            continue
        lists[vl.number] = vl
        if vl.direction is not data.direction:
            errors.add(
                f"{path}.list_number",
                "direction_mismatch",
                f"list {vl.number} goes {vl.direction.value}, the pass {data.direction.value}",
            )
        if not any(i.line_no == line.line_no for i in vl.items):
            errors.add(
                f"{path}.line_no", "unknown_line", f"list {vl.number} has no line {line.line_no}"
            )
    errors.raise_if_any()
    for vl in lists.values():
        declaration = session.get(Declaration, vl.declaration_id) if vl.declaration_id else None
        blocker = gate_pass_blocker(vl.kind, declaration.status if declaration else None)
        if blocker is not None:
            raise Conflict(
                f"verification list {vl.number} cannot pass the gate: {blocker}",
                verification_list=vl.number,
                declaration=declaration.number if declaration else None,
                declaration_status=declaration.status.value if declaration else None,
            )
    now = clock.now()
    gate_pass = GatePass(
        number=next_number(session, book.office_code, now.year, GATE_PASS),
        book_id=book.id,
        direction=data.direction,
        vehicle_plate=data.vehicle_plate,
        lodged_at=now,
        lodged_by=actor.username,
        updated_at=now,
    )
    for line in data.items:
        vl = lists[line.list_number]
        item = next(i for i in vl.items if i.line_no == line.line_no)
        vl.allot(item, line.quantity, now)
        gate_pass.items.append(GatePassItem(vl.id, item.id, line.quantity))
    session.add(gate_pass)
    uow.flush()
    record(
        session,
        actor,
        now,
        "gate_pass.issued",
        "gate_pass",
        gate_pass.number,
        {
            "vehicle": data.vehicle_plate,
            "direction": data.direction.value,
            "lists": sorted(lists),
            "lines": len(data.items),
        },
    )
    uow.commit()
    return gate_pass


def _list_of_book(session: Session, number: str, book_id: int) -> VerificationList | None:
    v = verification_lists.c
    return session.scalars(
        select(VerificationList).where(v.number == number, v.book_id == book_id)
    ).first()


def gate_event(
    uow: UnitOfWork, number: str, command: GateCommand, actor: Actor, clock: Clock
) -> GatePass:
    """Record gate-in, gate-out or cancellation; posts the lists whose last goods just passed."""
    session = uow.session
    gate_pass = get_gate_pass(session, actor, number)
    book = get_book(session, actor, gate_pass.book_id)
    if command is GateCommand.CANCEL:
        ensure_keeper_or_officer(actor, book, "cancel gate passes")
    else:
        ensure_officer(actor, "record gate events")
    now = clock.now()
    goods_move = command is gate_pass.goods_pass_on
    gate_pass.apply(command, now)
    lists = {
        vl.id: vl
        for vl in session.scalars(
            select(VerificationList).where(
                verification_lists.c.id.in_({i.list_id for i in gate_pass.items})
            )
        )
    }
    posted = []
    if command is GateCommand.CANCEL or goods_move:
        for carried in gate_pass.items:
            vl = lists[carried.list_id]
            item = next(i for i in vl.items if i.id == carried.list_item_id)
            if command is GateCommand.CANCEL:
                vl.release(item, carried.quantity, now)
            else:
                vl.record_passage(item, carried.quantity, now)
        if goods_move:
            uow.flush()  # a concurrent event on the same lists answers Conflict, not a crash
            posted = [vl.number for vl in lists.values() if post_if_ready(session, vl, actor, now)]
    record(
        session,
        actor,
        now,
        f"gate_pass.{command.value}",
        "gate_pass",
        gate_pass.number,
        {"goods_passed": goods_move, "lists_posted": posted},
    )
    uow.commit()
    return gate_pass
