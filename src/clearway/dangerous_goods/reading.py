"""A consignment from a lodged declaration or from a declaration input, read the same way.

Both go through the item's flat ``dg_*`` columns (``ItemInput.columns`` is how every writer
stores an item), so checking an input before lodging it and checking the stored declaration at
submission cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from clearway.dangerous_goods.model import BatteryLine, Consignment, Document
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import (
    BatteryChemistry,
    BatteryEquipment,
    BatteryKind,
    Declaration,
    PackingSection,
)

_DG_COLUMNS = (
    "dg_un_number",
    "dg_packaging_category",
    "dg_packaging_spec",
    "dg_chemistry",
    "dg_battery_kind",
    "dg_watt_hours",
    "dg_lithium_grams",
    "dg_state_of_charge_pct",
    "dg_damaged",
    "dg_battery_model",
    "dg_equipment",
    "dg_packing_instruction",
    "dg_packing_section",
    "dg_net_quantity_kg",
    "dg_cargo_aircraft_only",
)


def _line(index: int, tariff_code: str, dg: Mapping[str, object]) -> BatteryLine:
    chemistry, kind = dg["dg_chemistry"], dg["dg_battery_kind"]
    equipment, section = dg["dg_equipment"], dg["dg_packing_section"]
    return BatteryLine(
        index=index,
        tariff_code=tariff_code,
        un_number=_text(dg["dg_un_number"]),
        packaging_category=_text(dg["dg_packaging_category"]),
        packaging_spec=_text(dg["dg_packaging_spec"]),
        chemistry=BatteryChemistry(str(chemistry)) if chemistry else None,
        battery_kind=BatteryKind(str(kind)) if kind else None,
        watt_hours=_decimal(dg["dg_watt_hours"]),
        lithium_grams=_decimal(dg["dg_lithium_grams"]),
        state_of_charge_pct=_decimal(dg["dg_state_of_charge_pct"]),
        damaged=bool(dg["dg_damaged"]),
        battery_model=_text(dg["dg_battery_model"]),
        equipment=BatteryEquipment(str(equipment)) if equipment else None,
        packing_instruction=_text(dg["dg_packing_instruction"]),
        packing_section=PackingSection(str(section)) if section else None,
        net_quantity_kg=_decimal(dg["dg_net_quantity_kg"]),
        cargo_aircraft_only=bool(dg["dg_cargo_aircraft_only"]),
    )


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def consignment_of(declaration: Declaration) -> Consignment:
    """The stored declaration as the checks see it (shipping date: the declaration date)."""
    items = sorted(declaration.items, key=lambda i: i.line_no)
    return Consignment(
        flow=declaration.flow,
        transport_mode=declaration.transport_mode,
        shipping_date=declaration.declaration_date,
        lines=tuple(
            _line(n, i.tariff_code, {c: getattr(i, c) for c in _DG_COLUMNS})
            for n, i in enumerate(items)
        ),
        documents=tuple(
            Document(n, d.doc_type, d.number, d.issue_date, d.valid_until)
            for n, d in enumerate(declaration.documents)
        ),
    )


def consignment_of_input(data: DeclarationInput, today: date) -> Consignment:
    """A declaration input as the checks see it; without a declaration date, ``today``."""
    return Consignment(
        flow=data.flow,
        transport_mode=data.transport_mode,
        shipping_date=data.declaration_date or today,
        lines=tuple(
            _line(n, item.tariff_code, item.columns()) for n, item in enumerate(data.items)
        ),
        documents=tuple(
            Document(n, d.doc_type, d.number, d.issue_date, d.valid_until)
            for n, d in enumerate(data.documents)
        ),
    )
