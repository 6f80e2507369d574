"""Writing licences off at submission, and restoring them when the declaration goes back.

Submission calls :func:`write_off` in its transaction, once the declaration is flushed: every
goods line whose tariff conditions call for a numbered licence must name one that clears it
(``rules.licence_errors``), and its quantity is written off the licence there and then. The
licences are read ``FOR UPDATE`` in one statement, in id order, so two submissions drawing on
the same licence take turns (and never deadlock): the second sees the first's write-off and is
refused if the balance no longer covers it. A rejected, cancelled or amendment-requested
declaration gives its write-offs back (:func:`on_declaration_moved`); a resubmission draws again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.declarations.events import DeclarationMoved
from clearway.declarations.model import Declaration, DeclarationItem
from clearway.declarations.status import Command
from clearway.licensing.model import Licence, LicenceDrawdown
from clearway.licensing.rules import GoodsLine, Needs, licence_errors, needs_of
from clearway.licensing.tables import licence_drawdowns, licences
from clearway.reference.services import SessionReference
from clearway.shared.errors import Collector

# The moves that send a declaration back: its write-offs return to the licences.
RESTORING = frozenset({Command.REJECT.value, Command.CANCEL.value, Command.REQUEST_AMENDMENT.value})

L, D = licences.c, licence_drawdowns.c


def write_off(session: Session, declaration: Declaration, at: datetime) -> None:
    """Refuse the submission when a goods line lacks a licence that clears it (field
    ``items[i].licence_number``), else write each line's quantity off its licence."""
    reference, day = SessionReference(session), declaration.declaration_date
    errors = Collector()
    wanted: list[tuple[int, DeclarationItem, Needs]] = []
    for index, item in enumerate(declaration.items):
        line = reference.tariff_line_on(item.tariff_code, day)
        needs = needs_of(line.supervision_conditions if line is not None else "", day)
        for code in needs.unknown:
            errors.add(
                f"items[{index}].tariff_code",
                "unknown_condition",
                f"tariff line {item.tariff_code} carries supervision condition {code}, which "
                f"the district's condition table does not list on {day}",
            )
        if not needs.numbered:
            continue
        if not item.licence_number:
            names = "; ".join(d.name for d in needs.numbered)
            errors.add(
                f"items[{index}].licence_number",
                "licence_required",
                f"tariff line {item.tariff_code} calls for {names}: name the licence",
            )
            continue
        wanted.append((index, item, needs))
    licences = _locked(session, [item.licence_number or "" for _, item, _ in wanted])
    drawn: dict[int, Decimal] = {}
    writeoffs: list[tuple[Licence, DeclarationItem]] = []
    for index, item, needs in wanted:
        path, licence = f"items[{index}].licence_number", licences.get(item.licence_number or "")
        if licence is None:
            errors.add(path, "licence_unknown", f"no licence {item.licence_number} is recorded")
            continue
        goods = GoodsLine(item.tariff_code, item.quantity, item.unit)
        already = drawn.get(licence.id, Decimal(0))
        found = licence_errors(licence, needs, goods, declaration.trader_id, day, already)
        for rule, message in found:
            errors.add(path, rule, message)
        if not found:
            drawn[licence.id] = already + item.quantity
            writeoffs.append((licence, item))
    errors.raise_if_any()
    for licence, item in writeoffs:
        licence.draw(item.quantity)
        session.add(
            LicenceDrawdown(
                licence_id=licence.id,
                declaration_id=declaration.id,
                line_no=item.line_no,
                quantity=item.quantity,
                drawn_at=at,
            )
        )


def _locked(session: Session, numbers: list[str]) -> dict[str, Licence]:
    """The named licences, locked for this transaction in id order (PostgreSQL; SQLite has
    one writer at a time already)."""
    if not numbers:
        return {}
    found = session.scalars(
        select(Licence)
        .where(L.number.in_(sorted(set(numbers))))
        .order_by(L.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {licence.number: licence for licence in found}


def restore(session: Session, declaration_id: int, at: datetime, reason: str) -> None:
    """Give a declaration's open write-offs back to their licences."""
    still_open = D.restored_at.is_(None)
    open_ = list(
        session.scalars(
            select(LicenceDrawdown).where(D.declaration_id == declaration_id, still_open)
        )
    )
    if not open_:
        return
    licences = {
        licence.id: licence
        for licence in session.scalars(
            select(Licence)
            .where(L.id.in_(sorted({w.licence_id for w in open_})))
            .order_by(L.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    for writeoff in open_:
        licences[writeoff.licence_id].restore(writeoff.quantity)
        writeoff.restored_at, writeoff.restored_reason = at, reason


def on_declaration_moved(session: Session, events: Sequence[DeclarationMoved]) -> None:
    """Handler: a declaration rejected, cancelled or sent back for amendment returns what it
    wrote off its licences."""
    for event in events:
        line = event.line
        if line.command in RESTORING:
            restore(session, event.declaration_id, line.at, line.command)
