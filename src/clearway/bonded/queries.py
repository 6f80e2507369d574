"""Read side of the bonded zone: tenancy, balances at any past date, history and tax reports.

Zone enterprises see only their own books and records; customs see the whole zone; anything
else answers NotFound, exactly like a record that does not exist. Months and days in reports
are the district's calendar (a configurable time zone), while storage stays in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from clearway.bonded.model import AccountBook, GatePass, VerificationList
from clearway.bonded.rules import RELEASED, posting_blockers
from clearway.bonded.status import ListStatus
from clearway.bonded.stocktake import Stocktake
from clearway.bonded.tables import (
    account_books,
    book_items,
    export_refunds,
    gate_passes,
    ledger_entries,
    stocktakes,
    tax_guarantees,
    tax_payments,
    verification_lists,
)
from clearway.bonded.tax_records import ExportRefund, TaxGuarantee, TaxPayment
from clearway.declarations.status import Status
from clearway.declarations.tables import declarations
from clearway.enterprises.tables import enterprises
from clearway.identity.model import Actor, Role
from clearway.persistence.rows import attributes_of
from clearway.shared.errors import NotFound

a, b, le = account_books.c, book_items.c, ledger_entries.c
ZERO = Decimal(0)
QUANTUM = Decimal("0.0001")
FEN = Decimal("0.00")


def _qty(value: object) -> Decimal:
    """A stored quantity as four-decimal Decimal (no ledger line yet: zero)."""
    return ZERO.quantize(QUANTUM) if value is None else Decimal(str(value)).quantize(QUANTUM)


def _enterprise_clause(actor: Actor, column: ColumnElement[int]) -> ColumnElement[bool] | None:
    """None for customs (the whole zone); the actor's own enterprise for zone enterprises."""
    if actor.is_customs:
        return None
    if actor.role is Role.ENTERPRISE_USER and actor.enterprise_id is not None:
        return column == actor.enterprise_id
    return false()


def visible_book_ids(actor: Actor) -> ColumnElement[bool] | None:
    """Tenancy over anything keyed by book_id, as a WHERE clause on account_books."""
    return _enterprise_clause(actor, a.enterprise_id)


def _book_key(ref: str | int) -> ColumnElement[bool]:
    return a.id == int(ref) if isinstance(ref, int) or str(ref).isdigit() else a.number == ref


def get_book(session: Session, actor: Actor, ref: str | int) -> AccountBook:
    """A book by id or number; another enterprise's book answers NotFound."""
    stmt = select(AccountBook).where(_book_key(ref))
    if (clause := visible_book_ids(actor)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("account book", ref)
    return found


def list_books(
    session: Session, actor: Actor, enterprise_id: int | None = None
) -> list[AccountBook]:
    stmt = select(AccountBook).order_by(a.id)
    if (clause := visible_book_ids(actor)) is not None:
        stmt = stmt.where(clause)
    if enterprise_id is not None:
        stmt = stmt.where(a.enterprise_id == enterprise_id)
    return list(session.scalars(stmt))


def _book_ids(actor: Actor) -> Select[tuple[int]] | None:
    """Ids of the books an actor may see, as a subquery; None for customs."""
    clause = visible_book_ids(actor)
    return None if clause is None else select(a.id).where(clause)


def get_list(session: Session, actor: Actor, number: str) -> VerificationList:
    """A verification list seen by its book's enterprise, the receiving one, or customs."""
    v = verification_lists.c
    stmt = select(VerificationList).where(v.number == number)
    if (ids := _book_ids(actor)) is not None:
        stmt = stmt.where(or_(v.book_id.in_(ids), v.counterpart_book_id.in_(ids)))
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("verification list", number)
    return found


def list_lists(
    session: Session, actor: Actor, book_id: int | None, status: str | None, limit: int, offset: int
) -> tuple[int, list[VerificationList]]:
    v = verification_lists.c
    conditions: list[ColumnElement[bool]] = []
    if (ids := _book_ids(actor)) is not None:
        conditions.append(or_(v.book_id.in_(ids), v.counterpart_book_id.in_(ids)))
    if book_id is not None:
        conditions.append(or_(v.book_id == book_id, v.counterpart_book_id == book_id))
    if status is not None:
        conditions.append(v.status == status)
    total = session.execute(
        select(func.count()).select_from(verification_lists).where(*conditions)
    ).scalar_one()
    rows = session.scalars(
        select(VerificationList)
        .where(*conditions)
        .order_by(v.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return int(total), list(rows)


def get_gate_pass(session: Session, actor: Actor, number: str) -> GatePass:
    g = gate_passes.c
    stmt = select(GatePass).where(g.number == number)
    if (ids := _book_ids(actor)) is not None:
        stmt = stmt.where(g.book_id.in_(ids))
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("gate pass", number)
    return found


def get_stocktake(session: Session, actor: Actor, stocktake_id: int) -> Stocktake:
    s = stocktakes.c
    stmt = select(Stocktake).where(s.id == stocktake_id)
    if (ids := _book_ids(actor)) is not None:
        stmt = stmt.where(s.book_id.in_(ids))
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("stocktake", stocktake_id)
    return found


def end_of_day(day: date, tz: str) -> datetime:
    """The last instant of a calendar day in the district's time zone (exclusive bound - 1µs)."""
    start_next = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz))
    return start_next - timedelta(microseconds=1)


@dataclass(frozen=True)
class BalanceRow:
    item_no: int
    tariff_code: str
    goods_name: str
    unit: str
    dg_un_number: str | None
    balance: Decimal


def balances_at(session: Session, book: AccountBook, at: datetime) -> list[BalanceRow]:
    """Each item's balance as it stood at an instant: the running balance of its last ledger
    line at or before it (one index probe per item)."""
    latest = (
        select(le.balance_after)
        .where(le.book_item_id == b.id, le.at <= at)
        .order_by(le.at.desc(), le.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(b.item_no, b.tariff_code, b.goods_name, b.unit, b.dg_un_number, latest)
        .where(b.book_id == book.id)
        .order_by(b.item_no)
    )
    return [BalanceRow(r[0], r[1], r[2], r[3], r[4], _qty(r[5])) for r in rows]


@dataclass(frozen=True)
class MovementRow:
    at: datetime
    item_no: int
    seq: int
    kind: str
    quantity: Decimal
    balance_after: Decimal
    unit: str
    list_number: str | None
    stocktake_id: int | None
    location_code: str | None
    actor: str


def movements(
    session: Session,
    book: AccountBook,
    item_no: int | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> tuple[int, list[MovementRow]]:
    """The book's ledger lines, oldest first, with the list that caused each."""
    v = verification_lists.c
    conditions: list[ColumnElement[bool]] = [le.book_id == book.id]
    if item_no is not None:
        conditions.append(b.item_no == item_no)
    if since is not None:
        conditions.append(le.at >= since)
    if until is not None:
        conditions.append(le.at <= until)
    joined = ledger_entries.join(book_items, b.id == le.book_item_id)
    total = session.execute(
        select(func.count()).select_from(joined).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        select(
            le.at,
            b.item_no,
            le.seq,
            le.kind,
            le.quantity,
            le.balance_after,
            b.unit,
            v.number,
            le.stocktake_id,
            le.location_code,
            le.actor,
        )
        .select_from(joined.outerjoin(verification_lists, v.id == le.verification_list_id))
        .where(*conditions)
        .order_by(le.at, le.book_item_id, le.seq)
        .limit(limit)
        .offset(offset)
    )
    return int(total), [
        MovementRow(r[0], r[1], r[2], r[3], _qty(r[4]), _qty(r[5]), *r[6:]) for r in rows
    ]


def month_of(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%Y-%m")


def _year_bounds(year: int, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


@dataclass(frozen=True)
class RefundMonth:
    enterprise_id: int
    enterprise: str
    month: str
    refunds: int
    customs_value: Decimal
    amount: Decimal


def refunds_by_month(session: Session, actor: Actor, year: int, tz: str) -> list[RefundMonth]:
    """Zone-entry export refunds per enterprise and calendar month of entry."""
    r, e = export_refunds.c, enterprises.c
    start, end = _year_bounds(year, tz)
    stmt = (
        select(r.enterprise_id, e.name, r.recorded_at, r.customs_value, r.amount)
        .join(enterprises, e.id == r.enterprise_id)
        .where(r.recorded_at >= start, r.recorded_at < end)
    )
    if (clause := _enterprise_clause(actor, r.enterprise_id)) is not None:
        stmt = stmt.where(clause)
    sums: dict[tuple[int, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, FEN, FEN])
    for enterprise_id, name, at, value, amount in session.execute(stmt):
        row = sums[(enterprise_id, name, month_of(at, tz))]
        row[0] += 1
        row[1] += Decimal(value)
        row[2] += Decimal(amount)
    return [
        RefundMonth(k[0], k[1], k[2], int(v[0]), v[1], v[2])
        for k, v in sorted(sums.items(), key=lambda kv: (kv[0][2], kv[0][0]))
    ]


@dataclass(frozen=True)
class TaxMonth:
    month: str
    declarations: int
    duty: Decimal
    vat: Decimal
    amount: Decimal
    guaranteed_open: Decimal


def tax_by_month(session: Session, actor: Actor, year: int, tz: str) -> list[TaxMonth]:
    """Duty and import VAT per calendar month in which they were paid or secured."""
    p = tax_payments.c
    start, end = _year_bounds(year, tz)
    stmt = select(p.paid_at, p.duty, p.vat, p.amount, p.settled_at).where(
        p.paid_at >= start, p.paid_at < end
    )
    if (clause := _enterprise_clause(actor, p.enterprise_id)) is not None:
        stmt = stmt.where(clause)
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] + [FEN] * 4)
    for paid_at, duty, vat, amount, settled_at in session.execute(stmt):
        row = sums[month_of(paid_at, tz)]
        row[0] += 1
        row[1] += Decimal(duty)
        row[2] += Decimal(vat)
        row[3] += Decimal(amount)
        if settled_at is None:
            row[4] += Decimal(amount)
    return [TaxMonth(m, int(v[0]), v[1], v[2], v[3], v[4]) for m, v in sorted(sums.items())]


def refunds(session: Session, actor: Actor, limit: int, offset: int) -> list[ExportRefund]:
    r = export_refunds.c
    stmt = select(ExportRefund).order_by(r.id.desc()).limit(limit).offset(offset)
    if (clause := _enterprise_clause(actor, r.enterprise_id)) is not None:
        stmt = stmt.where(clause)
    return list(session.scalars(stmt))


def guarantees(session: Session, actor: Actor) -> list[TaxGuarantee]:
    g = tax_guarantees.c
    stmt = select(TaxGuarantee).order_by(g.id)
    if (clause := _enterprise_clause(actor, g.enterprise_id)) is not None:
        stmt = stmt.where(clause)
    return list(session.scalars(stmt))


def payment_of(session: Session, declaration_id: int) -> TaxPayment | None:
    return session.scalars(
        select(TaxPayment).where(tax_payments.c.declaration_id == declaration_id)
    ).first()


def ready_lists(session: Session, actor: Actor) -> list[str]:
    """Lodged lists whose declaration is released and whose goods have all passed the gate:
    the ones a consolidated declaration's release left waiting to be posted."""
    v, d = verification_lists.c, declarations.c
    stmt = (
        select(VerificationList)
        .join(declarations, d.id == v.declaration_id)
        .where(v.status == ListStatus.LODGED.value, d.status.in_([s.value for s in RELEASED]))
        .order_by(v.id)
    )
    if (ids := _book_ids(actor)) is not None:
        stmt = stmt.where(v.book_id.in_(ids))
    return [
        vl.number
        for vl in session.scalars(stmt)
        if not posting_blockers(vl.kind, Status.RELEASED, vl.passage)
    ]


def list_views(session: Session, found: Sequence[VerificationList]) -> list[dict[str, Any]]:
    """Verification lists as people read them: beside the ids, the numbers of the books and
    of the declaration (with its status), the lines, and the export refund the list earned;
    three statements for any number of lists, in the order given."""
    if not found:
        return []
    ids: set[int | None] = {x.book_id for x in found}
    books = _book_numbers(session, ids | {x.counterpart_book_id for x in found})
    d = declarations.c
    wanted = {x.declaration_id for x in found if x.declaration_id is not None}
    declared = {
        row.id: row
        for row in session.execute(select(d.id, d.number, d.status).where(d.id.in_(wanted)))
    }
    refunds: dict[int, ExportRefund] = {}
    for refund in session.scalars(
        select(ExportRefund)
        .where(export_refunds.c.verification_list_id.in_({x.id for x in found}))
        .order_by(export_refunds.c.id)
    ):
        refunds.setdefault(refund.verification_list_id, refund)
    views = []
    for vl in found:
        declaration = declared.get(vl.declaration_id) if vl.declaration_id else None
        views.append(
            attributes_of(vl)
            | {
                "book": books.get(vl.book_id, ""),
                "counterpart_book": books.get(vl.counterpart_book_id),
                "declaration": declaration.number if declaration else None,
                "declaration_status": declaration.status if declaration else None,
                "items": vl.items,
                "passage": vl.passage,
                "refund": refunds.get(vl.id),
            }
        )
    return views


def list_view(session: Session, vl: VerificationList) -> dict[str, Any]:
    """One verification list as people read it (:func:`list_views`)."""
    return list_views(session, [vl])[0]


def gate_pass_view(session: Session, gate_pass: GatePass) -> dict[str, Any]:
    """A gate pass as people read it: its book's number and, for each line it carries, the
    verification list's number and line."""
    lists = {
        vl.id: vl
        for vl in session.scalars(
            select(VerificationList).where(
                verification_lists.c.id.in_({i.list_id for i in gate_pass.items})
            )
        )
    }
    lines = {line.id: line for vl in lists.values() for line in vl.items}
    items = [
        {
            "list_number": lists[carried.list_id].number,
            "line_no": lines[carried.list_item_id].line_no,
            "quantity": carried.quantity,
        }
        for carried in gate_pass.items
    ]
    book = _book_numbers(session, {gate_pass.book_id}).get(gate_pass.book_id, "")
    return attributes_of(gate_pass) | {
        "book": book,
        "items": items,
        "goods_passed": gate_pass.goods_passed,
    }


def _book_numbers(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    c = account_books.c
    known = {i for i in ids if i is not None}
    return dict(session.execute(select(c.id, c.number).where(c.id.in_(known))).tuples().all())
