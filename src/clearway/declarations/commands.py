"""What a declarant sends: the declaration header, items and documents, structurally typed.

Pydantic checks shape and types here; business rules (tariff validity, totals, currency minor
units) live in :mod:`clearway.declarations.rules`, so the API, the web form and the CLI share both.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from clearway.declarations.measures import measures_of
from clearway.declarations.model import (
    BatteryChemistry,
    BatteryEquipment,
    BatteryKind,
    FacilitationMode,
    Flow,
    Lane,
    PackingSection,
    TransportMode,
)
from clearway.declarations.valuation import PriceTerms
from clearway.shared.bounds import Amount, BusinessDate, Id, Input, Percent, Quantity, Weight

Code2 = Annotated[str, StringConstraints(min_length=2, max_length=2, to_upper=True)]
Code3 = Annotated[str, StringConstraints(min_length=3, max_length=3, to_upper=True)]
Text = Annotated[str, StringConstraints(max_length=300)]


class DangerousGoodsInput(Input):
    """The dangerous-goods block of an item (lithium batteries: UN3480, UN3481, …).

    The battery facts (chemistry, cell or battery, Wh or lithium content, state of charge,
    damage, model) are what the SP188 and packaging checks of DOMAIN.md §6 run on.
    """

    un_number: Annotated[str, StringConstraints(pattern=r"^UN\d{4}$")]
    name: Text
    packaging_category: Annotated[str, StringConstraints(pattern=r"^(I|II|III|excepted)$")]
    packaging_spec: Text = ""
    chemistry: BatteryChemistry | None = None
    battery_kind: BatteryKind | None = None
    watt_hours: Decimal | None = Field(None, gt=0, le=1_000_000, decimal_places=2)
    lithium_grams: Decimal | None = Field(None, gt=0, le=100_000, decimal_places=3)
    state_of_charge_pct: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)
    damaged: bool = False
    battery_model: Annotated[str, StringConstraints(max_length=100)] = ""
    # How the goods are packed: with equipment or not, the packing instruction (IATA PI965 /
    # PI968 by air, P903 by sea and land), its section, and per package the net quantity of
    # batteries and whether it is marked and loaded cargo aircraft only.
    equipment: BatteryEquipment | None = None
    packing_instruction: Annotated[str, StringConstraints(pattern=r"^((P|PI)\d{3})?$")] = ""
    packing_section: PackingSection | None = None
    net_quantity_kg: Decimal | None = Field(None, gt=0, le=100_000, decimal_places=3)
    cargo_aircraft_only: bool = False


class OreInput(Input):
    """The ore block of an item: grain size class, declared Fe and moisture, and the brand."""

    grain_size_class: Annotated[str, StringConstraints(max_length=20)]
    fe_pct: Percent = Field(ge=0, le=100)
    moisture_pct: Percent = Field(ge=0, le=100)
    brand: Annotated[str, StringConstraints(max_length=100)] = ""


class ItemInput(Input):
    tariff_code: Annotated[str, StringConstraints(pattern=r"^\d{10}$")]
    goods_name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    specification: Annotated[str, StringConstraints(max_length=2000)] = ""
    quantity: Quantity
    unit: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    net_weight: Weight
    gross_weight: Weight
    value: Amount
    origin_country: Code2
    destination_country: Code2
    # The licence or permit the tariff line's supervision conditions call for, written off
    # at submission (docs/rules/licences.md).
    licence_number: Annotated[str, StringConstraints(max_length=40)] | None = None
    dangerous_goods: DangerousGoodsInput | None = None
    ore: OreInput | None = None

    def columns(self) -> dict[str, object]:
        """The item as flat table columns (blocks prefixed), as every writer stores it.

        Read straight from the validated fields: a bulk lodgement flattens thousands of items,
        and ``model_dump`` with the block lookups was a quarter of its time.
        """
        fields = self.__dict__
        flat: dict[str, object] = {name: fields[name] for name in _ITEM_COLUMNS}
        for prefix, name, block in (
            ("dg_", "dangerous_goods", DangerousGoodsInput),
            ("ore_", "ore", OreInput),
        ):
            value = fields[name]
            for field in _BLOCK_FIELDS[block]:
                flat[prefix + field] = None if value is None else value.__dict__[field]
        return flat


# A nested block's fields become prefixed item columns: nested in messages, flat in the table.
_BLOCK_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    block: tuple(block.model_fields) for block in (DangerousGoodsInput, OreInput)
}
_ITEM_COLUMNS = tuple(n for n in ItemInput.model_fields if n not in ("dangerous_goods", "ore"))


class DocumentInput(Input):
    doc_type: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    number: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    issuer: Text
    issue_date: date
    valid_until: date | None = None


class DeclarationInput(Input):
    """Header and items of an import or export declaration (DOMAIN.md §4)."""

    flow: Flow
    trader_id: Id | None = Field(None, description="Consignee (import) or consignor (export).")
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    port_code: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    transport_mode: TransportMode
    transport_means: Annotated[str, StringConstraints(max_length=100)] = ""
    supervision_mode: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] = "0110"
    trade_country: Code2
    currency: Code3
    total_value: Amount
    # Valuation (docs/rules/valuation.md): the price terms, and what the price leaves out or
    # includes, in the declaration's currency; the customs value is built from them.
    price_terms: PriceTerms | None = None
    freight: Amount | None = Field(None, ge=0)
    insurance: Amount | None = Field(None, ge=0)
    other_charges: Amount | None = Field(None, ge=0)
    deductions: Amount | None = Field(None, ge=0)
    gross_weight: Weight
    net_weight: Weight
    packages: int = Field(1, ge=1)
    overseas_party: Text = ""
    facilitation_measures: list[FacilitationMode] = Field(
        default_factory=list,
        max_length=len(FacilitationMode),
        description="The facilitation measures the declaration uses, all at once (e.g. "
        "two_step, first_release and direct_pickup); empty for standard clearance. Each is "
        "checked for eligibility; a refused one is named by its index "
        "(`facilitation_measures.1`).",
    )
    facilitation_mode: FacilitationMode | None = Field(
        None,
        description="Earlier single-mode field, still accepted as a one-measure set; "
        "use `facilitation_measures`.",
        json_schema_extra={"deprecated": True},
    )
    declaration_date: BusinessDate | None = None
    items: list[ItemInput]
    documents: list[DocumentInput] = Field(default_factory=list)

    @property
    def measures(self) -> frozenset[FacilitationMode]:
        """The measures asked for, the earlier single mode included."""
        legacy = [self.facilitation_mode] if self.facilitation_mode is not None else []
        return measures_of([*self.facilitation_measures, *legacy])

    def with_measure(self, measure: FacilitationMode) -> DeclarationInput:
        """The same content using one more measure (the procedure lodging it adds its own)."""
        if measure in self.measures:
            return self
        listed = [*self.facilitation_measures, measure]
        return self.model_copy(update={"facilitation_measures": listed})


class ActionInput(Input):
    """A lifecycle command: why, the lane where one is set, the version the officer saw."""

    reason: Annotated[str, StringConstraints(max_length=2000)] = ""
    lane: Lane | None = None
    expected_version: int | None = Field(
        None, description="Version the caller last saw; a newer one answers 409."
    )
    duty_amount: Amount | None = Field(None, ge=0)


class BatchInput(Input):
    """Declarations lodged together, all or none (``declarations.bulk``)."""

    declarations: list[DeclarationInput] = Field(min_length=1)
    submit: bool = False
