"""What the lithium-battery checks look at and what they find (DOMAIN.md §6). Pure values.

A :class:`Consignment` is the part of an export declaration the checks read: transport mode,
shipping date, the battery lines and the certificates. It is built from a lodged declaration at
submission or from a declaration input that is only being checked, so both give the same
findings. A :class:`Finding` names the check, the rule, the field path and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from clearway.declarations.model import (
    BatteryChemistry,
    BatteryEquipment,
    BatteryKind,
    Flow,
    PackingSection,
    TransportMode,
)


class Check(StrEnum):
    """The checks a district configures one by one (hard, soft or off)."""

    UN_NUMBER = "un_number"  # UN number vs tariff line and chemistry; withdrawn numbers
    SP188 = "sp188"  # Wh / lithium content vs SP188; packaging of regulated batteries
    DOCUMENTS = "documents"  # UN 38.3 summary and the two packaging sheets on the shipping date
    STATE_OF_CHARGE = "state_of_charge"  # ≤ 30 % where required
    DAMAGED = "damaged"  # damaged or defective batteries (P908 / P911)
    AIR_PACKING = "air_packing"  # PI965 / PI968: section, quantity per package, cargo aircraft


class Certificate(StrEnum):
    """The certificates a lithium-battery export carries, with their ``doc_type`` codes."""

    UN38_3_SUMMARY = "un38_3_summary"
    PACKAGING_PERFORMANCE_SHEET = "packaging_performance_sheet"  # from the packaging maker
    USAGE_APPRAISAL_SHEET = "usage_appraisal_sheet"  # from the battery maker

    @property
    def label(self) -> str:
        return {
            Certificate.UN38_3_SUMMARY: "UN 38.3 test summary",
            Certificate.PACKAGING_PERFORMANCE_SHEET: "packaging performance inspection result "
            "sheet",
            Certificate.USAGE_APPRAISAL_SHEET: "usage appraisal result sheet",
        }[self]


# UN numbers of lithium cells and batteries (alone, or packed with / contained in equipment).
BATTERY_UN_NUMBERS: dict[str, BatteryChemistry] = {
    "UN3480": BatteryChemistry.LITHIUM_ION,
    "UN3481": BatteryChemistry.LITHIUM_ION,
    "UN3090": BatteryChemistry.LITHIUM_METAL,
    "UN3091": BatteryChemistry.LITHIUM_METAL,
}
# UN numbers of vehicles powered by lithium batteries (UN3171 until the end of 2025).
VEHICLE_UN_NUMBERS: dict[str, BatteryChemistry] = {
    "UN3556": BatteryChemistry.LITHIUM_ION,
    "UN3557": BatteryChemistry.LITHIUM_METAL,
}
BATTERY_POWERED_VEHICLE = "UN3171"
# Lithium batteries installed in a cargo transport unit (containerised energy storage systems),
# lithium ion or lithium metal: the unit is the packaging, so neither SP188 nor P903 applies.
CARGO_TRANSPORT_UNIT = "UN3536"
# Batteries shipped alone (not with equipment): only on a lithium battery tariff line.
BATTERIES_ALONE = frozenset({"UN3480", "UN3090"})
# Batteries packed with or contained in equipment: P903 lets equipment protect them.
WITH_EQUIPMENT = frozenset({"UN3481", "UN3091"})
# HS subheadings of lithium accumulators (8507.60: lines 8507600010/20/30/90) and primary
# lithium cells and batteries (8506.50: lines 8506500010/90).
BATTERY_SUBHEADINGS: dict[str, BatteryChemistry] = {
    "850760": BatteryChemistry.LITHIUM_ION,
    "850650": BatteryChemistry.LITHIUM_METAL,
}


@dataclass(frozen=True)
class BatteryLine:
    """One declaration item with its dangerous-goods block, as the checks see it."""

    index: int  # position in the declaration's items, as in field paths (``items.0``)
    tariff_code: str
    un_number: str | None = None
    packaging_category: str | None = None
    packaging_spec: str | None = None
    chemistry: BatteryChemistry | None = None
    battery_kind: BatteryKind | None = None
    watt_hours: Decimal | None = None
    lithium_grams: Decimal | None = None
    state_of_charge_pct: Decimal | None = None
    damaged: bool = False
    battery_model: str | None = None
    equipment: BatteryEquipment | None = None
    packing_instruction: str | None = None
    packing_section: PackingSection | None = None
    net_quantity_kg: Decimal | None = None
    cargo_aircraft_only: bool = False

    @property
    def path(self) -> str:
        return f"items.{self.index}.dangerous_goods"

    @property
    def label(self) -> str:
        un = f", {self.un_number}" if self.un_number else ""
        return f"item {self.index + 1} ({self.tariff_code}{un})"

    def finding(
        self, check: Check, rule: str, field: str, message: str, binding: bool = False
    ) -> Finding:
        """A finding on one field of this line's dangerous-goods block, the line named."""
        return Finding(check, rule, f"{self.path}.{field}", f"{self.label}: {message}", binding)

    @property
    def tariff_chemistry(self) -> BatteryChemistry | None:
        """The chemistry the tariff line says, when it is a lithium battery line."""
        return BATTERY_SUBHEADINGS.get(self.tariff_code[:6])

    @property
    def un_chemistry(self) -> BatteryChemistry | None:
        """The chemistry the UN number says, when it is a lithium battery or vehicle number."""
        if self.un_number is None:
            return None
        return BATTERY_UN_NUMBERS.get(self.un_number) or VEHICLE_UN_NUMBERS.get(self.un_number)

    @property
    def effective_chemistry(self) -> BatteryChemistry | None:
        """Declared chemistry, else what the UN number or the tariff line implies."""
        return self.chemistry or self.un_chemistry or self.tariff_chemistry

    @property
    def is_battery(self) -> bool:
        """Cells or batteries shipped as such or with equipment: SP188 and packaging apply."""
        if self.un_number in BATTERY_UN_NUMBERS:
            return True
        return self.tariff_chemistry is not None and not (
            self.un_number in VEHICLE_UN_NUMBERS or self.is_cargo_transport_unit
        )

    @property
    def is_cargo_transport_unit(self) -> bool:
        """Batteries installed in a cargo transport unit (UN3536): checked on their own terms."""
        return self.un_number == CARGO_TRANSPORT_UNIT

    @property
    def is_vehicle(self) -> bool:
        """A lithium-battery-powered vehicle (UN3556/UN3557, or UN3171 declared lithium)."""
        if self.un_number in VEHICLE_UN_NUMBERS:
            return True
        return self.un_number == BATTERY_POWERED_VEHICLE and self.chemistry is not None

    @property
    def is_lithium(self) -> bool:
        return self.is_battery or self.is_vehicle or self.is_cargo_transport_unit

    @property
    def contained_in_equipment(self) -> bool:
        """UN3481 / UN3091 batteries contained in equipment, packed under P903."""
        return (
            self.un_number in WITH_EQUIPMENT
            and self.equipment is BatteryEquipment.CONTAINED_IN
            and self.packing_instruction == "P903"
        )


@dataclass(frozen=True)
class Document:
    """A document attached to the declaration; ``index`` as in ``documents.0``."""

    index: int
    doc_type: str
    number: str
    issue_date: date
    valid_until: date | None = None

    @property
    def path(self) -> str:
        return f"documents.{self.index}"


@dataclass(frozen=True)
class Consignment:
    """The facts of an export declaration that the lithium-battery checks run on.

    ``shipping_date`` is the declaration date: an export declaration is lodged for goods about to
    leave, and the declaration carries no separate loading date.
    """

    flow: Flow
    transport_mode: TransportMode
    shipping_date: date
    lines: tuple[BatteryLine, ...]
    documents: tuple[Document, ...] = ()

    @property
    def lithium_lines(self) -> tuple[BatteryLine, ...]:
        return tuple(line for line in self.lines if line.is_lithium)


@dataclass(frozen=True)
class Finding:
    """One failed check: which check, the rule code, the field path and a readable reason.

    A ``binding`` finding is a prohibition (what no aircraft may carry): it refuses whatever
    severity the district gives its check, even ``off``.
    """

    check: Check
    rule: str
    path: str
    message: str
    binding: bool = False
