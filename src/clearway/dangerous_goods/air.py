"""Lithium batteries by air: the packing instruction limits and what no aircraft carries. Pure.

:func:`check_air_packing` compares each UN3480 / UN3090 line flown with the dated table of IATA
packing instructions (PI965, PI968; :mod:`clearway.dangerous_goods.packing_table`): a section in
force on the shipping date and fit for the batteries' size, the quantity per package within the
section's limit, and cargo aircraft only where the section says so.
:func:`check_forbidden_by_air` refuses damaged or defective batteries and batteries installed in
a cargo transport unit (UN3536) on any aircraft: its findings are binding, whatever severity the
district gives the checks.
"""

from __future__ import annotations

from datetime import date

from clearway.dangerous_goods.checks import is_excepted, sp188_measure
from clearway.dangerous_goods.model import BatteryLine, Check, Consignment, Finding
from clearway.dangerous_goods.packing_table import AirPackingRule, BatterySize, QuantityBasis
from clearway.dangerous_goods.policy import Policy
from clearway.declarations.model import TransportMode

BASIS = {
    QuantityBasis.NET: "net quantity of batteries",
    QuantityBasis.GROSS: "gross weight of the package",
}


def check_air_packing(c: Consignment, policy: Policy) -> list[Finding]:
    """Each flown line the table covers: section, quantity per package, cargo aircraft only."""
    if c.transport_mode is not TransportMode.AIR:
        return []
    found: list[Finding] = []
    for line in c.lithium_lines:
        rows = policy.air_packing_for(line.un_number)
        if rows:
            found += _packed_for_air(line, rows, c.shipping_date)
    return found


def _packed_for_air(line: BatteryLine, rows: list[AirPackingRule], day: date) -> list[Finding]:
    known = sorted({r.packing_instruction for r in rows})
    instructions = " or ".join(known)
    if not line.packing_instruction or line.packing_section is None:
        field = "packing_instruction" if not line.packing_instruction else "packing_section"
        return [
            _air(
                line,
                "dg.air_packing_missing",
                field,
                f"{line.un_number} by air travels under {instructions}: declare the packing "
                "instruction and its section",
            )
        ]
    if line.packing_instruction not in known:
        return [
            _air(
                line,
                "dg.air_packing_instruction",
                "packing_instruction",
                f"{line.un_number} by air travels under {instructions}, not "
                f"{line.packing_instruction}",
            )
        ]
    rule = next(
        (
            r
            for r in rows
            if r.packing_instruction == line.packing_instruction
            and r.section is line.packing_section
            and r.in_force(day)
        ),
        None,
    )
    if rule is None:
        return [
            _air(
                line,
                "dg.air_packing_section",
                "packing_section",
                f"{line.packing_instruction} Section {line.packing_section.value} is not in "
                f"force for {line.un_number} on {day.isoformat()}",
            )
        ]
    return _size(line, rule) + _quantity(line, rule) + _cargo_aircraft(line, rule)


def _size(line: BatteryLine, rule: AirPackingRule) -> list[Finding]:
    """Section IA is for cells and batteries above the SP188 sizes, IB and II for the rest."""
    excepted = is_excepted(line)
    if excepted is None or excepted is (rule.battery_size is BatterySize.WITHIN_SP188):
        return []
    value, _, unit = sp188_measure(line)
    kind = line.battery_kind.value if line.battery_kind else "battery"
    size = "within" if excepted else "above"
    wanted = "above" if rule.battery_size is BatterySize.ABOVE_SP188 else "within"
    return [
        _air(
            line,
            "dg.air_packing_section",
            "packing_section",
            f"{rule} is for cells and batteries {wanted} the SP188 sizes; {value} {unit} per "
            f"{kind} is {size} them",
        )
    ]


def _quantity(line: BatteryLine, rule: AirPackingRule) -> list[Finding]:
    """At most the section's kg per package (the limit itself passes)."""
    most, basis, kg = rule.max_kg_per_package, BASIS[rule.quantity_basis], line.net_quantity_kg
    if kg is None:
        message = f"declare the kg per package: {rule} allows at most {most} kg ({basis})"
        return [_air(line, "dg.air_quantity_missing", "net_quantity_kg", message)]
    if kg > most:
        message = f"{kg} kg per package is above the {most} kg ({basis}) {rule} allows"
        return [_air(line, "dg.air_quantity_per_package", "net_quantity_kg", message)]
    return []


def _cargo_aircraft(line: BatteryLine, rule: AirPackingRule) -> list[Finding]:
    if not rule.cargo_aircraft_only or line.cargo_aircraft_only:
        return []
    return [
        _air(
            line,
            "dg.cargo_aircraft_only",
            "cargo_aircraft_only",
            f"{rule} packages of {line.un_number} travel on cargo aircraft only: label them "
            "Cargo Aircraft Only and book them on a freighter",
        )
    ]


def _air(line: BatteryLine, rule: str, field: str, message: str) -> Finding:
    return line.finding(Check.AIR_PACKING, rule, field, message)


def check_forbidden_by_air(c: Consignment, policy: Policy) -> list[Finding]:
    """Damaged or defective batteries and UN3536 never fly: binding findings."""
    if c.transport_mode is not TransportMode.AIR:
        return []
    found: list[Finding] = []
    for line in c.lithium_lines:
        if line.damaged:
            found.append(
                line.finding(
                    Check.DAMAGED,
                    "dg.damaged_by_air",
                    "damaged",
                    "damaged or defective lithium batteries are forbidden on passenger and "
                    "cargo aircraft: ship them by sea, rail or road under P908 (P911 when "
                    "liable to react dangerously)",
                    binding=True,
                )
            )
        if line.is_cargo_transport_unit:
            found.append(
                line.finding(
                    Check.UN_NUMBER,
                    "dg.un3536_by_air",
                    "un_number",
                    "lithium batteries installed in a cargo transport unit (UN3536) are not "
                    "carried by air: ship the unit by sea, rail or road",
                    binding=True,
                )
            )
    return found
