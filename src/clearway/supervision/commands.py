"""What enterprises and officers send to the supervision facilities, structurally typed."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from clearway.declarations.commands import Code2, Code3, DeclarationInput, DocumentInput, ItemInput
from clearway.declarations.model import Flow, TransportMode
from clearway.shared.bounds import Amount, Input, Weight
from clearway.supervision.model import GoodsCategory, Regime

Number = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class SummaryInput(Input):
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


class CompleteInput(Input):
    """The complete declaration of a summary, lodged under the summary's own number."""

    summary: Number = Field(description="Number of the summary declaration.")
    items: list[ItemInput]
    total_value: Amount
    net_weight: Weight
    gross_weight: Weight
    packages: int = Field(1, ge=1)
    documents: list[DocumentInput] = Field(default_factory=list)


class PickupInput(Input):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class FilingInput(Input):
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


class ListInput(Input):
    """One shipment's centralized list: import lists give the transport's entry, exports the
    planned loading."""

    filing: Number
    entry_at: AwareDatetime | None = None
    loading_at: AwareDatetime | None = None
    transport_means: Annotated[str, StringConstraints(max_length=100)] = ""
    total_value: Amount
    net_weight: Weight
    gross_weight: Weight
    items: list[ItemInput]


class ConsolidateInput(Input):
    """Consolidate a filing's lists of one month into one customs declaration."""

    filing: Number
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]


class AssessInput(Input):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class LiftInput(Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
