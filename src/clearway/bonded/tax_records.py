"""What the zone's tax events leave behind: refund records, guarantees and tax payments.

Goods entering the zone from the domestic market count as exported, so the exporter's refund
record is written the moment they enter; goods leaving for the domestic market pay duty and VAT
(or secure them with a guarantee) before release. Guarantee balances, like book balances, move
only through a conditional UPDATE that the database refuses to take below zero.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from clearway.bonded.tax import ExportRebate, ImportTax


class PaymentMethod(StrEnum):
    PAID = "paid"
    GUARANTEED = "guaranteed"


class ExportRefundLine:
    id: int
    refund_id: int
    line_no: int
    tariff_code: str
    customs_value_cny: Decimal
    rebate_rate: Decimal
    amount: Decimal
    reason: str | None

    def __init__(
        self,
        line_no: int,
        tariff_code: str,
        customs_value_cny: Decimal,
        rebate_rate: Decimal,
        amount: Decimal,
        reason: str | None = None,
    ) -> None:
        self.line_no = line_no
        self.tariff_code = tariff_code
        self.customs_value_cny = customs_value_cny
        self.rebate_rate = rebate_rate
        self.amount = amount
        self.reason = reason


class ExportRefund:
    """Export tax refund record of goods entering the zone, at the declaration date's rates."""

    id: int
    verification_list_id: int
    declaration_id: int
    enterprise_id: int
    rate_day: date
    customs_value: Decimal
    amount: Decimal
    recorded_at: datetime
    lines: list[ExportRefundLine]

    def __init__(
        self,
        verification_list_id: int,
        declaration_id: int,
        enterprise_id: int,
        rebate: ExportRebate,
        recorded_at: datetime,
    ) -> None:
        self.verification_list_id = verification_list_id
        self.declaration_id = declaration_id
        self.enterprise_id = enterprise_id
        self.rate_day = rebate.day
        self.customs_value = rebate.customs_value
        self.amount = rebate.amount
        self.recorded_at = recorded_at
        self.lines = [
            ExportRefundLine(
                line_no=line.line_no,
                tariff_code=line.tariff_code,
                customs_value_cny=line.customs_value_cny,
                rebate_rate=line.rebate_rate,
                amount=line.amount,
                reason=line.reason,
            )
            for line in rebate.lines
        ]

    @property
    def reason(self) -> str | None:
        """Why some or all goods earn no refund (the lines' reasons), None when all earn one."""
        reasons = [line.reason for line in self.lines if line.reason]
        return "; ".join(reasons) or None


class TaxGuarantee:
    """A filed tax guarantee: an amount, a validity period and what is left of it."""

    id: int
    number: str
    enterprise_id: int
    amount: Decimal
    balance: Decimal
    valid_from: date
    valid_to: date
    created_at: datetime
    created_by: str

    def __init__(
        self,
        number: str,
        enterprise_id: int,
        amount: Decimal,
        valid_from: date,
        valid_to: date,
        created_at: datetime,
        created_by: str,
    ) -> None:
        self.number = number
        self.enterprise_id = enterprise_id
        self.amount = amount
        self.balance = amount
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.created_at = created_at
        self.created_by = created_by

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


class TaxPayment:
    """Duty and VAT of one declaration, paid or secured by a guarantee (milestone E7)."""

    id: int
    declaration_id: int
    enterprise_id: int
    method: PaymentMethod
    guarantee_id: int | None
    duty: Decimal
    vat: Decimal
    amount: Decimal
    paid_at: datetime
    paid_by: str
    settled_at: datetime | None

    def __init__(
        self,
        declaration_id: int,
        enterprise_id: int,
        method: PaymentMethod,
        notice: ImportTax,
        amount: Decimal,
        paid_at: datetime,
        paid_by: str,
        guarantee_id: int | None = None,
    ) -> None:
        self.declaration_id = declaration_id
        self.enterprise_id = enterprise_id
        self.method = method
        self.guarantee_id = guarantee_id
        self.duty = notice.duty
        self.vat = notice.vat
        self.amount = amount
        self.paid_at = paid_at
        self.paid_by = paid_by
        # A payment is settled at once; a guarantee when the tax it secures is finally paid.
        self.settled_at = paid_at if method is PaymentMethod.PAID else None
