"""Response shapes of the bonded zone (the `XPublic` family) and the presenters that fill them.

Presenters resolve the few numbers people read instead of ids (book, declaration, list), so the
API and the CLI show the same thing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.bonded.model import AccountBook, GatePass, VerificationList
from clearway.bonded.queries import BalanceRow, MovementRow, RefundMonth, TaxMonth
from clearway.bonded.tables import export_refunds, verification_lists
from clearway.bonded.tax import ImportTax
from clearway.bonded.tax_records import ExportRefund, TaxPayment
from clearway.declarations.model import Declaration


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class BookItemPublic(_Out):
    item_no: int
    tariff_code: str
    goods_name: str
    unit: str
    dg_un_number: str | None
    dangerous: bool
    balance: Decimal


class AccountBookPublic(_Out):
    id: int
    number: str
    enterprise_id: int
    office_code: str
    status: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    items: list[BookItemPublic]


class LocationPublic(_Out):
    id: int
    office_code: str
    code: str
    name: str
    enterprise_id: int | None
    dg_approved: bool


class ListItemPublic(_Out):
    line_no: int
    item_no: int
    tariff_code: str
    goods_name: str
    quantity: Decimal
    unit: str
    location_code: str | None
    dg_un_number: str | None
    declaration_line_no: int | None
    allotted: Decimal
    passed: Decimal


class RefundLinePublic(_Out):
    line_no: int
    tariff_code: str
    customs_value_cny: Decimal
    rebate_rate: Decimal
    amount: Decimal


class RefundPublic(_Out):
    id: int
    verification_list_id: int
    declaration_id: int
    enterprise_id: int
    rate_day: date
    customs_value: Decimal
    amount: Decimal
    recorded_at: datetime
    lines: list[RefundLinePublic]


class VerificationListPublic(BaseModel):
    number: str
    kind: str
    direction: str
    status: str
    book: str
    counterpart_book: str | None
    declaration: str | None
    declaration_status: str | None
    dg_mark: bool
    passage: str
    lodged_at: datetime
    lodged_by: str
    posted_at: datetime | None
    cancelled_at: datetime | None
    version: int
    items: list[ListItemPublic]
    refund: RefundPublic | None = None


class GatePassItemPublic(BaseModel):
    list_number: str
    line_no: int
    quantity: Decimal


class GatePassPublic(BaseModel):
    number: str
    book: str
    direction: str
    vehicle_plate: str
    status: str
    goods_passed: bool
    lodged_at: datetime
    lodged_by: str
    gate_in_at: datetime | None
    gate_out_at: datetime | None
    items: list[GatePassItemPublic]


class StocktakeLinePublic(_Out):
    item_no: int
    book_quantity: Decimal
    counted_quantity: Decimal
    difference: Decimal


class StocktakePublic(_Out):
    id: int
    book_id: int
    status: str
    counted_on: date
    reason: str
    recorded_at: datetime
    recorded_by: str
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str
    lines: list[StocktakeLinePublic]


class BalanceRowPublic(_Out):
    item_no: int
    tariff_code: str
    goods_name: str
    unit: str
    dg_un_number: str | None
    balance: Decimal


class BalancesPublic(BaseModel):
    book: str
    at: datetime
    items: list[BalanceRowPublic]


class MovementPublic(_Out):
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


class RefundMonthPublic(_Out):
    enterprise_id: int
    enterprise: str
    month: str
    refunds: int
    customs_value: Decimal
    amount: Decimal


class TaxMonthPublic(_Out):
    month: str
    declarations: int
    duty: Decimal
    vat: Decimal
    amount: Decimal
    guaranteed_open: Decimal


class GuaranteePublic(_Out):
    id: int
    number: str
    enterprise_id: int
    amount: Decimal
    balance: Decimal
    valid_from: date
    valid_to: date


class PaymentPublic(_Out):
    method: str
    duty: Decimal
    vat: Decimal
    amount: Decimal
    paid_at: datetime
    paid_by: str
    settled_at: datetime | None
    guarantee_id: int | None


class ItemTaxPublic(_Out):
    line_no: int
    customs_value_cny: Decimal
    duty: Decimal
    vat: Decimal


class TaxNoticePublic(BaseModel):
    declaration: str
    flow: str
    status: str
    day: date
    currency: str
    cny_per_unit: Decimal
    items: list[ItemTaxPublic]
    customs_value: Decimal
    duty: Decimal
    vat: Decimal
    total: Decimal
    assessed: Decimal | None
    payment: PaymentPublic | None


def present_book(book: AccountBook) -> AccountBookPublic:
    return AccountBookPublic.model_validate(book)


def _number(session: Session, cls: type, ident: int | None) -> str | None:
    if ident is None:
        return None
    found = session.get(cls, ident)
    return str(found.number) if found is not None else None


def present_list(session: Session, vl: VerificationList) -> VerificationListPublic:
    declaration = session.get(Declaration, vl.declaration_id) if vl.declaration_id else None
    refund = session.scalars(
        select(ExportRefund).where(export_refunds.c.verification_list_id == vl.id)
    ).first()
    return VerificationListPublic(
        number=vl.number,
        kind=vl.kind.value,
        direction=vl.direction.value,
        status=vl.status.value,
        book=_number(session, AccountBook, vl.book_id) or "",
        counterpart_book=_number(session, AccountBook, vl.counterpart_book_id),
        declaration=declaration.number if declaration else None,
        declaration_status=declaration.status.value if declaration else None,
        dg_mark=vl.dg_mark,
        passage=vl.passage.value,
        lodged_at=vl.lodged_at,
        lodged_by=vl.lodged_by,
        posted_at=vl.posted_at,
        cancelled_at=vl.cancelled_at,
        version=vl.version,
        items=[ListItemPublic.model_validate(i) for i in vl.items],
        refund=RefundPublic.model_validate(refund) if refund else None,
    )


def present_gate_pass(session: Session, gate_pass: GatePass) -> GatePassPublic:
    ids = {i.list_id for i in gate_pass.items}
    lists = {
        vl.id: vl
        for vl in session.scalars(select(VerificationList).where(verification_lists.c.id.in_(ids)))
    }
    items = []
    for carried in gate_pass.items:
        vl = lists[carried.list_id]
        line = next(i for i in vl.items if i.id == carried.list_item_id)
        items.append(
            GatePassItemPublic(
                list_number=vl.number, line_no=line.line_no, quantity=carried.quantity
            )
        )
    return GatePassPublic(
        number=gate_pass.number,
        book=_number(session, AccountBook, gate_pass.book_id) or "",
        direction=gate_pass.direction.value,
        vehicle_plate=gate_pass.vehicle_plate,
        status=gate_pass.status.value,
        goods_passed=gate_pass.goods_passed,
        lodged_at=gate_pass.lodged_at,
        lodged_by=gate_pass.lodged_by,
        gate_in_at=gate_pass.gate_in_at,
        gate_out_at=gate_pass.gate_out_at,
        items=items,
    )


def present_balances(book: AccountBook, at: datetime, rows: list[BalanceRow]) -> BalancesPublic:
    return BalancesPublic(
        book=book.number, at=at, items=[BalanceRowPublic.model_validate(r) for r in rows]
    )


def present_movements(rows: list[MovementRow]) -> list[MovementPublic]:
    return [MovementPublic.model_validate(r) for r in rows]


def present_refund_months(rows: list[RefundMonth]) -> list[RefundMonthPublic]:
    return [RefundMonthPublic.model_validate(r) for r in rows]


def present_tax_months(rows: list[TaxMonth]) -> list[TaxMonthPublic]:
    return [TaxMonthPublic.model_validate(r) for r in rows]


def present_notice(
    declaration: Declaration, notice: ImportTax, payment: TaxPayment | None
) -> TaxNoticePublic:
    return TaxNoticePublic(
        declaration=declaration.number,
        flow=declaration.flow.value,
        status=declaration.status.value,
        day=notice.day,
        currency=notice.currency,
        cny_per_unit=notice.cny_per_unit,
        items=[ItemTaxPublic.model_validate(i) for i in notice.items],
        customs_value=notice.customs_value,
        duty=notice.duty,
        vat=notice.vat,
        total=notice.total,
        assessed=declaration.duty_amount,
        payment=PaymentPublic.model_validate(payment) if payment else None,
    )
