"""The provisional price a declaration states, and the final price that settles it.

One record per declaration. It is written while the declaration may still be edited (the
provisional price is part of what is declared) and moves to final only through the pricing
status table, with the settlement (the supplementary tax or refund notice) in the same row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from clearway.ore.pricing import PriceSettlement, Settlement
from clearway.ore.status import PRICING_TRANSITIONS, PricingCommand, PricingStatus


class ProvisionalPrice:
    """Iron ore declared at a provisional (formula) price, and its final price once declared."""

    id: int
    declaration_id: int
    status: PricingStatus
    pricing_basis: str
    quotational_period_start: date
    quotational_period_end: date
    provisional_unit_price: Decimal
    fe_basis_pct: Decimal
    moisture_basis_pct: Decimal
    final_due_on: date | None
    stated_at: datetime
    stated_by: str
    final_unit_price: Decimal | None
    final_value: Decimal | None
    final_prices: list[dict[str, str]] | None
    final_declared_at: datetime | None
    final_declared_by: str | None
    late: bool | None
    lab_fe_pct: Decimal | None
    lab_moisture_pct: Decimal | None
    notice_number: str | None
    settlement: Settlement | None
    duty_difference: Decimal | None
    vat_difference: Decimal | None
    difference: Decimal | None
    notice_lines: list[dict[str, Any]] | None

    def __init__(self, declaration_id: int, **terms: Any) -> None:
        self.declaration_id = declaration_id
        self.status = PRICING_TRANSITIONS.initial
        self.final_unit_price = self.final_value = None
        self.final_prices = self.notice_lines = None
        self.final_declared_at = self.final_declared_by = None
        self.late = None
        self.lab_fe_pct = self.lab_moisture_pct = None
        self.notice_number = self.settlement = None
        self.duty_difference = self.vat_difference = self.difference = None
        self.restate(**terms)

    def restate(self, **terms: Any) -> None:
        """New provisional terms, while the declaration is still being written."""
        for name, value in terms.items():
            setattr(self, name, value)

    def finalise(
        self,
        prices: dict[int, Decimal],
        unit_price: Decimal | None,
        lab: tuple[Decimal | None, Decimal | None],
        settlement: PriceSettlement,
        notice_number: str,
        at: datetime,
        today: date,
        by: str,
    ) -> None:
        """Record the final price and the supplementary tax or refund it leaves; late when
        ``today`` (the district's calendar day) is after the day it was due."""
        self.status = PRICING_TRANSITIONS.move(
            self.status, PricingCommand.DECLARE_FINAL, subject=f"provisional price {self.id}"
        )
        self.final_prices = [{"line_no": str(n), "price": str(p)} for n, p in prices.items()]
        self.final_value = sum(prices.values(), Decimal(0))
        self.final_unit_price = unit_price
        self.lab_fe_pct, self.lab_moisture_pct = lab
        self.final_declared_at, self.final_declared_by = at, by
        self.late = self.final_due_on is not None and today > self.final_due_on
        self.notice_number = notice_number
        self.settlement = settlement.kind
        self.duty_difference, self.vat_difference = settlement.duty, settlement.vat
        self.difference = settlement.total
        self.notice_lines = [line.as_dict() for line in settlement.lines]

    def overdue(self, today: date) -> bool:
        """Still provisional after the day the final price was due."""
        return (
            self.status is PricingStatus.PROVISIONAL
            and self.final_due_on is not None
            and today > self.final_due_on
        )
