"""Response shapes of supervision: eligibility, two-step, centralized declaration, breaches."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DecisionPublic(_Out):
    facility: str
    allowed: bool
    reasons: list[str]


class EligibilityPublic(_Out):
    enterprise_id: int
    on: date
    credit_level: str
    decisions: list[DecisionPublic]


class TwoStepPublic(BaseModel):
    """A two-step summary: its declaration's progress, the reservation and the deadline."""

    number: str
    declaration_status: str
    lane: str | None
    enterprise_id: int
    status: str
    licence_required: bool
    licence_number: str | None = None
    inspection_required: bool
    taxable: bool
    guarantee: str | None
    reserved_amount: Decimal
    lodged_at: datetime
    released_at: datetime | None
    complete_due_at: datetime | None
    overdue: bool
    completed_at: datetime | None
    settled_amount: Decimal | None
    restored_amount: Decimal | None


class ListPublic(_Out):
    number: str
    flow: str
    entry_at: datetime | None
    loading_at: datetime | None
    transport_means: str
    accepted_at: datetime
    accepted_on: date
    period: str
    currency: str
    total_value: Decimal
    duty: Decimal
    vat: Decimal
    reserved_amount: Decimal
    consolidated_at: datetime | None
    declaration: str | None = None
    items: list[dict[str, Any]]


class PeriodPublic(BaseModel):
    period: str
    lists: int
    open_lists: int
    due_at: datetime
    overdue: bool


class FilingPublic(_Out):
    number: str
    enterprise_id: int
    broker_id: int | None
    flow: str
    office_code: str
    port_code: str
    transport_mode: str
    trade_country: str
    currency: str
    supervision_mode: str
    goods_category: str
    regime: str
    guarantee: str
    status: str
    filed_at: datetime
    filed_by: str
    periods: list[PeriodPublic] = []
    lists: list[ListPublic] = []


class ConsolidationPublic(BaseModel):
    declaration: str
    status: str
    lane: str | None
    duty_amount: Decimal | None
    lists: list[str]


class BreachPublic(_Out):
    id: int
    enterprise_id: int
    facility: str
    kind: str
    reference: str
    occurred_at: datetime
    detected_at: datetime
    detail: str
    lifted_at: datetime | None
    lifted_by: str | None
    lift_reason: str | None
