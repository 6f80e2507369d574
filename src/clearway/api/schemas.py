"""Response shapes (the `XPublic` family); inputs live with their domain's commands."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class BatchPublic(BaseModel):
    """The numbers a batch lodgement gave, in the order the declarations were sent."""

    numbers: list[str]


class DangerousGoodsPublic(_Out):
    un_number: str
    name: str | None
    packaging_category: str | None
    packaging_spec: str | None
    chemistry: str | None = None
    battery_kind: str | None = None
    watt_hours: Decimal | None = None
    lithium_grams: Decimal | None = None
    state_of_charge_pct: Decimal | None = None
    damaged: bool | None = None
    battery_model: str | None = None
    equipment: str | None = None
    packing_instruction: str | None = None
    packing_section: str | None = None
    net_quantity_kg: Decimal | None = None
    cargo_aircraft_only: bool | None = None


class OrePublic(_Out):
    grain_size_class: str | None
    fe_pct: Decimal | None
    moisture_pct: Decimal | None
    brand: str | None = None


class ItemPublic(_Out):
    line_no: int
    tariff_code: str
    hs6: str
    goods_name: str
    specification: str
    quantity: Decimal
    unit: str
    net_weight: Decimal
    gross_weight: Decimal
    value: Decimal
    origin_country: str
    destination_country: str
    licence_number: str | None = None
    dangerous_goods: DangerousGoodsPublic | None = None
    ore: OrePublic | None = None


class DocumentPublic(_Out):
    id: int
    doc_type: str
    number: str
    issuer: str
    issue_date: date
    valid_until: date | None


class EventPublic(_Out):
    seq: int
    at: datetime
    actor: str
    actor_role: str
    command: str
    from_status: str
    to_status: str
    lane: str | None
    reason: str
    milestone: str | None


class DeclarationSummary(_Out):
    id: int
    number: str
    flow: str
    status: str
    lane: str | None
    trader_id: int
    broker_id: int | None
    office_code: str
    declaration_date: date
    currency: str
    total_value: Decimal
    version: int


class DeclarationPublic(DeclarationSummary):
    lane_reason: str
    port_code: str
    transport_mode: str
    transport_means: str
    supervision_mode: str
    trade_country: str
    price_terms: str | None
    freight: Decimal | None
    insurance: Decimal | None
    other_charges: Decimal | None
    deductions: Decimal | None
    gross_weight: Decimal
    net_weight: Decimal
    packages: int
    overseas_party: str
    facilitation_measures: list[str] = Field(
        description="The facilitation measures the declaration uses (empty: standard)."
    )
    facilitation_mode: str = Field(
        description="Derived for earlier clients: `standard`, the one measure, or the "
        "measures joined by `+` when they stack (e.g. `direct_pickup+first_release+two_step`).",
        json_schema_extra={"deprecated": True},
    )
    duty_amount: Decimal | None
    lodged_at: datetime | None
    arrived_at: datetime | None
    released_at: datetime | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    allowed_commands: list[str]
    items: list[ItemPublic]
    documents: list[DocumentPublic]
    events: list[EventPublic]


class CreditRecordPublic(_Out):
    level: str
    effective_from: date
    effective_to: date | None
    decree: str
    reason: str
    recorded_by: str


class EnterprisePublic(_Out):
    id: int
    uscc: str
    customs_code: str
    name: str
    name_en: str
    roles: list[str]
    address: str
    credit_level: str
    credit_history: list[CreditRecordPublic]


class AuthorisationPublic(_Out):
    id: int
    broker_id: int
    principal_id: int
    scope: str
    valid_from: date
    valid_to: date
    revoked_at: datetime | None


class TariffLinePublic(_Out):
    code: str
    hs6: str
    description: str
    valid_from: date
    valid_to: date | None
    mfn_rate: Decimal
    vat_rate: Decimal
    export_rebate_rate: Decimal
    supervision_conditions: str
    unit: str


class UserPublic(_Out):
    id: int
    username: str
    full_name: str
    role: str
    enterprise_id: int | None
    office_code: str | None
    active: bool
    # Set on /me only: why an office-bound officer without an office sees no office's work.
    office_notice: str | None = None
