"""Two-step summaries and centralized filings and lists: the records supervision keeps.

The declaration itself stays the declarations domain's aggregate; these records hold what the
facility adds to it: the summary's flags and guarantee reservation and its completion, the
filing's guarantee and the lists each shipment was released on before the periodic declaration.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

# The statuses live with their tables; these names are where the mapping and services find them.
from clearway.supervision.status import FILING_TRANSITIONS, TWO_STEP_TRANSITIONS
from clearway.supervision.status import FilingStatus as FilingStatus
from clearway.supervision.status import TwoStepStatus as TwoStepStatus

ZERO = Decimal("0.00")


class TwoStepDeclaration:
    """The two-step side of an import declaration lodged as a summary (facilitation two_step).

    The summary and its complete declaration share the declaration's number; the estimated duty
    and VAT of taxable goods are reserved on a tax guarantee until the complete settles them.
    """

    id: int
    declaration_id: int
    enterprise_id: int
    status: TwoStepStatus
    licence_required: bool
    licence_number: str | None
    inspection_required: bool
    taxable: bool
    guarantee_id: int | None
    reserved_amount: Decimal
    lodged_at: datetime
    lodged_by: str
    complete_due_at: datetime | None
    overdue_at: datetime | None
    completed_at: datetime | None
    completed_by: str | None
    settled_amount: Decimal | None
    restored_amount: Decimal | None
    version: int

    def __init__(
        self,
        declaration_id: int,
        enterprise_id: int,
        licence_required: bool,
        inspection_required: bool,
        taxable: bool,
        guarantee_id: int | None,
        reserved_amount: Decimal,
        lodged_at: datetime,
        lodged_by: str,
        licence_number: str | None = None,
    ) -> None:
        self.declaration_id = declaration_id
        self.licence_number = licence_number
        self.enterprise_id = enterprise_id
        self.status = TWO_STEP_TRANSITIONS.initial
        self.licence_required = licence_required
        self.inspection_required = inspection_required
        self.taxable = taxable
        self.guarantee_id = guarantee_id
        self.reserved_amount = reserved_amount
        self.lodged_at = lodged_at
        self.lodged_by = lodged_by
        self.complete_due_at = None
        self.overdue_at = None
        self.completed_at = None
        self.completed_by = None
        self.settled_amount = None
        self.restored_amount = None


class GoodsCategory(StrEnum):
    """Goods centralized declaration is meant for (GACC Decree 169), or general goods."""

    DANGEROUS_GOODS = "dangerous_goods"
    PERISHABLE = "perishable"
    PUBLICATIONS = "publications"
    BONDED_ROAD = "bonded_road"
    GENERAL = "general"


class Regime(StrEnum):
    """Which consolidation deadline applies: general trade or bonded goods."""

    GENERAL_TRADE = "general_trade"
    BONDED = "bonded"


class CentralizedFiling:
    """An enterprise's filing for centralized declaration: goods, header, and its guarantee."""

    id: int
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
    goods_category: GoodsCategory
    regime: Regime
    guarantee_id: int
    status: FilingStatus
    filed_at: datetime
    filed_by: str

    def __init__(self, **fields: Any) -> None:
        self.status = FILING_TRANSITIONS.initial
        self.broker_id = None
        for name, value in fields.items():
            setattr(self, name, value)


class CentralizedList:
    """One shipment released on a centralized list; its tax is fixed at the acceptance date."""

    id: int
    number: str
    filing_id: int
    enterprise_id: int
    flow: str
    entry_at: datetime | None
    loading_at: datetime | None
    transport_means: str
    accepted_at: datetime
    accepted_on: date
    period: str
    lodged_by: str
    currency: str
    total_value: Decimal
    net_weight: Decimal
    gross_weight: Decimal
    items: list[dict[str, Any]]
    duty: Decimal
    vat: Decimal
    reserved_amount: Decimal
    declaration_id: int | None
    consolidated_at: datetime | None

    def __init__(self, **fields: Any) -> None:
        self.declaration_id = None
        self.consolidated_at = None
        for name, value in fields.items():
            setattr(self, name, value)
