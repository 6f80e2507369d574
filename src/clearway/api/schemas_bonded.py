"""Response shapes of the bonded zone (the `XPublic` family), filled from the read models of
:mod:`clearway.bonded.queries` (which resolve the numbers people read instead of ids: book,
declaration, list), so the API and the CLI show the same thing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from clearway.bonded.model import AccountBook
from clearway.bonded.queries import BalanceRow, MovementRow, RefundMonth, TaxMonth
from clearway.bonded.tax import ImportTax
from clearway.bonded.tax_records import TaxPayment
from clearway.declarations.model import Declaration
from clearway.declarations.valuation import declaration_valuation


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
    reason: str | None = None


class RefundPublic(_Out):
    id: int
    verification_list_id: int
    declaration_id: int
    enterprise_id: int
    rate_day: date
    customs_value: Decimal
    amount: Decimal
    recorded_at: datetime
    reason: str | None = None
    lines: list[RefundLinePublic]


class VerificationListPublic(_Out):
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


class GatePassPublic(_Out):
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


class ValuationPublic(_Out):
    """How the customs value was built from the price, in the declaration's currency."""

    basis: str = Field(description="CIF (import), FOB (export), or declared without terms.")
    price: Decimal
    freight: Decimal
    insurance: Decimal
    insurance_defaulted: bool = Field(description="Insurance unknown: the default rate applied.")
    other_charges: Decimal
    deductions: Decimal
    value: Decimal


class TaxNoticePublic(BaseModel):
    declaration: str
    flow: str
    status: str
    day: date
    currency: str
    cny_per_unit: Decimal
    price_terms: str | None
    valuation: ValuationPublic
    items: list[ItemTaxPublic]
    customs_value: Decimal
    duty: Decimal
    vat: Decimal
    total: Decimal
    assessed: Decimal | None
    payment: PaymentPublic | None


def present_book(book: AccountBook) -> AccountBookPublic:
    return AccountBookPublic.model_validate(book)


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
        price_terms=declaration.price_terms,
        valuation=ValuationPublic.model_validate(declaration_valuation(declaration)),
        items=[ItemTaxPublic.model_validate(i) for i in notice.items],
        customs_value=notice.customs_value,
        duty=notice.duty,
        vat=notice.vat,
        total=notice.total,
        assessed=declaration.duty_amount,
        payment=PaymentPublic.model_validate(payment) if payment else None,
    )
