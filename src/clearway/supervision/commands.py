"""What enterprises and officers send to the supervision facilities, structurally typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from clearway.declarations.commands import Code2, Code3, DeclarationInput, DocumentInput, ItemInput
from clearway.declarations.model import Flow, TransportMode
from clearway.supervision.model import GoodsCategory, Regime

Number = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SummaryInput(_Input):
    """A two-step summary: the import declaration's short item set and what the goods need.

    Taxable goods name the tax guarantee their estimated duty and VAT are reserved on.
    """

    declaration: DeclarationInput
    licence_required: bool = False
    licence_number: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        None, description="Number of the licence or permit the tariff line's conditions name."
    )
    inspection_required: bool = Field(False, description="Statutory inspection applies.")
    taxable: bool = True
    guarantee: Number | None = Field(None, description="Number of the tax guarantee.")


class CompleteInput(_Input):
    """The complete declaration of a summary, lodged under the summary's own number."""

    summary: Number = Field(description="Number of the summary declaration.")
    items: list[ItemInput]
    total_value: Decimal
    net_weight: Decimal
    gross_weight: Decimal
    packages: int = Field(1, ge=1)
    documents: list[DocumentInput] = []


class PickupInput(_Input):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class FilingInput(_Input):
    """A filing for centralized declaration: the goods, the fixed header and the guarantee."""

    trader_id: int | None = Field(None, description="The enterprise (brokers name it).")
    flow: Flow
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    port_code: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    transport_mode: TransportMode
    trade_country: Code2
    currency: Code3
    supervision_mode: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] = "0110"
    goods_category: GoodsCategory
    regime: Regime = Regime.GENERAL_TRADE
    guarantee: Number


class ListInput(_Input):
    """One shipment's centralized list: import lists give the transport's entry, exports the
    planned loading."""

    filing: Number
    entry_at: AwareDatetime | None = None
    loading_at: AwareDatetime | None = None
    transport_means: Annotated[str, StringConstraints(max_length=100)] = ""
    total_value: Decimal
    net_weight: Decimal
    gross_weight: Decimal
    items: list[ItemInput]


class ConsolidateInput(_Input):
    """Consolidate a filing's lists of one month into one customs declaration."""

    filing: Number
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]


class AssessInput(_Input):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class LiftInput(_Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
