"""Response shape of iron ore at a provisional price: the terms, the final price and the
supplementary tax or refund notice it left."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from clearway.ore.pricing_records import ProvisionalPrice


class NoticeLinePublic(BaseModel):
    """One item of the notice: tax on the provisional and the final price, and the difference."""

    line_no: int
    provisional_value_cny: Decimal
    final_value_cny: Decimal
    provisional_duty: Decimal
    final_duty: Decimal
    provisional_vat: Decimal
    final_vat: Decimal
    duty: Decimal
    vat: Decimal


class ProvisionalPricePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    declaration: str
    status: str
    pricing_basis: str
    quotational_period_start: date
    quotational_period_end: date
    provisional_unit_price: Decimal
    fe_basis_pct: Decimal
    moisture_basis_pct: Decimal
    final_due_on: date | None
    overdue: bool
    stated_at: datetime
    stated_by: str
    final_unit_price: Decimal | None
    final_value: Decimal | None
    final_prices: list[dict[str, Any]] | None
    final_declared_at: datetime | None
    final_declared_by: str | None
    late: bool | None
    lab_fe_pct: Decimal | None
    lab_moisture_pct: Decimal | None
    notice_number: str | None
    settlement: str | None
    duty_difference: Decimal | None
    vat_difference: Decimal | None
    difference: Decimal | None
    notice_lines: list[NoticeLinePublic] | None


def pricing_out(found: ProvisionalPrice, number: str, today: date) -> ProvisionalPricePublic:
    own = set(ProvisionalPricePublic.model_fields) - {"declaration", "overdue"}
    fields = {name: getattr(found, name) for name in own}
    return ProvisionalPricePublic.model_validate(
        fields | {"declaration": number, "overdue": found.overdue(today)}
    )
