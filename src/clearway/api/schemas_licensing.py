"""Response shapes of the licence register."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LicencePublic(_Out):
    number: str
    condition_code: str
    issuer: str
    holder_id: int
    hs_scope: str
    valid_from: date
    valid_to: date
    quantity_granted: Decimal
    unit: str
    drawn_down: Decimal
    balance: Decimal
    recorded_by: str
    recorded_at: datetime
    note: str


class DrawdownPublic(_Out):
    declaration_id: int
    line_no: int
    quantity: Decimal
    drawn_at: datetime
    restored_at: datetime | None
    restored_reason: str


class LicenceDetail(LicencePublic):
    drawdowns: list[DrawdownPublic]


class ConditionPublic(BaseModel):
    code: str
    name_zh: str
    name_en: str
    issuer: str
    number_required: bool
    valid_from: date
    valid_to: date | None
