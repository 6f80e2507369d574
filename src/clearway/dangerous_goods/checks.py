"""The item checks on lithium batteries, pure: one function per check, each returning findings.

UN number against tariff line and chemistry, SP188 (Wh or lithium content, and the packaging a
regulated battery needs), state of charge where required, damaged batteries. The certificates
check is in :mod:`clearway.dangerous_goods.certificates`; all of them run in
:func:`clearway.dangerous_goods.outcome.run_checks`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from clearway.dangerous_goods.model import (
    BATTERIES_ALONE,
    BATTERY_SUBHEADINGS,
    BATTERY_UN_NUMBERS,
    CARGO_TRANSPORT_UNIT,
    VEHICLE_UN_NUMBERS,
    BatteryLine,
    Check,
    Consignment,
    Finding,
)
from clearway.dangerous_goods.policy import SP188_LIMITS, Policy
from clearway.declarations.model import BatteryChemistry, TransportMode

CHEMISTRY_NAMES = {
    BatteryChemistry.LITHIUM_ION: "lithium ion",
    BatteryChemistry.LITHIUM_METAL: "lithium metal",
}
# A UN packaging mark (UN Model Regulations 6.1.3.1): "UN 4G/Y25/S/24/CN/…", its letter the
# packing groups the design passed: X packing groups I-III, Y II-III, Z III only.
UN_MARK = re.compile(r"\bUN\b.*?/([XYZ])\d", re.IGNORECASE)
MARK_COVERS: dict[str, frozenset[str]] = {
    "X": frozenset({"I", "II", "III"}),
    "Y": frozenset({"II", "III"}),
    "Z": frozenset({"III"}),
}


def mark_letter(spec: str | None) -> str | None:
    """The performance letter (X, Y or Z) of the UN mark in a packaging spec, if any."""
    found = UN_MARK.search(spec or "")
    return found.group(1).upper() if found else None


def check_un_number(c: Consignment, policy: Policy) -> list[Finding]:
    """UN number consistent with the tariff line and the chemistry, and not withdrawn."""
    found: list[Finding] = []
    for line in c.lithium_lines:
        tariff = line.tariff_chemistry
        if tariff is not None:
            expected = _battery_numbers(tariff)
            if line.un_number is None:
                found.append(
                    _at(
                        line,
                        Check.UN_NUMBER,
                        "dg.un_number_missing",
                        "un_number",
                        f"tariff line {line.tariff_code} is {CHEMISTRY_NAMES[tariff]} cells or "
                        f"batteries: declare the UN number ({expected})",
                    )
                )
            elif line.is_cargo_transport_unit:
                pass  # UN3536 is lithium ion or metal: it fits either battery line
            elif BATTERY_UN_NUMBERS.get(line.un_number) is not tariff:
                found.append(
                    _at(
                        line,
                        Check.UN_NUMBER,
                        "dg.un_number_tariff",
                        "un_number",
                        f"{line.un_number} does not fit tariff line {line.tariff_code} "
                        f"({CHEMISTRY_NAMES[tariff]} cells or batteries take {expected})",
                    )
                )
        elif line.un_number in BATTERIES_ALONE:
            said_by_un = BATTERY_UN_NUMBERS[line.un_number]
            found.append(
                _at(
                    line,
                    Check.UN_NUMBER,
                    "dg.un_number_tariff",
                    "un_number",
                    f"{line.un_number} is {CHEMISTRY_NAMES[said_by_un]} batteries shipped alone: "
                    f"they belong on a {CHEMISTRY_NAMES[said_by_un]} battery tariff line "
                    f"({_battery_lines(said_by_un)}), not {line.tariff_code}",
                )
            )
        if line.is_cargo_transport_unit and line.chemistry is None:
            found.append(
                _at(
                    line,
                    Check.UN_NUMBER,
                    "dg.un3536_chemistry",
                    "chemistry",
                    f"{CARGO_TRANSPORT_UNIT} covers lithium ion and lithium metal batteries "
                    "installed in a cargo transport unit: declare which",
                )
            )
        said = line.un_chemistry
        if line.chemistry is not None and said is not None and line.chemistry is not said:
            found.append(
                _at(
                    line,
                    Check.UN_NUMBER,
                    "dg.un_number_chemistry",
                    "chemistry",
                    f"{line.un_number} is for {CHEMISTRY_NAMES[said]} batteries, but the "
                    f"chemistry declared is {CHEMISTRY_NAMES[line.chemistry]}",
                )
            )
        withdrawn = policy.withdrawn_for_lithium.get(line.un_number or "")
        if line.is_vehicle and withdrawn is not None and c.shipping_date >= withdrawn:
            chemistry = line.effective_chemistry or BatteryChemistry.LITHIUM_ION
            replacement = next(u for u, ch in VEHICLE_UN_NUMBERS.items() if ch is chemistry)
            found.append(
                _at(
                    line,
                    Check.UN_NUMBER,
                    "dg.un_number_withdrawn",
                    "un_number",
                    f"{line.un_number} is no longer used for lithium-battery vehicles from "
                    f"{withdrawn.isoformat()}: declare {replacement}",
                )
            )
    return found


def _battery_numbers(chemistry: BatteryChemistry) -> str:
    return " or ".join(u for u, ch in BATTERY_UN_NUMBERS.items() if ch is chemistry)


def _battery_lines(chemistry: BatteryChemistry) -> str:
    return " or ".join(
        f"{h[:4]}.{h[4:]}" for h, ch in BATTERY_SUBHEADINGS.items() if ch is chemistry
    )


def sp188_measure(line: BatteryLine) -> tuple[Decimal | None, str, str]:
    """The SP188 quantity of a line: (value, field, unit) — Wh for lithium ion, g for metal."""
    if line.effective_chemistry is BatteryChemistry.LITHIUM_METAL:
        return line.lithium_grams, "lithium_grams", "g lithium"
    return line.watt_hours, "watt_hours", "Wh"


def is_excepted(line: BatteryLine) -> bool | None:
    """Whether SP188 excepts the cell or battery; None when the facts to decide are missing."""
    chemistry, (value, _, _) = line.effective_chemistry, sp188_measure(line)
    if chemistry is None or line.battery_kind is None or value is None:
        return None
    return value <= SP188_LIMITS[(chemistry, line.battery_kind)]


def check_sp188(c: Consignment, policy: Policy) -> list[Finding]:
    """Wh or lithium content declared and, above SP188, packaging at packing group II."""
    found: list[Finding] = []
    for line in c.lines:
        if not line.is_battery:
            continue
        value, field, unit = sp188_measure(line)
        if line.battery_kind is None:
            found.append(
                _at(
                    line,
                    Check.SP188,
                    "dg.sp188_facts",
                    "battery_kind",
                    "say whether these are cells or batteries: the SP188 limits differ",
                )
            )
        if value is None:
            found.append(
                _at(
                    line,
                    Check.SP188,
                    "dg.sp188_facts",
                    field,
                    f"declare the {unit} per cell or battery: without it SP188 cannot be applied",
                )
            )
        found += _mark_covers(line)
        if is_excepted(line) is not False:
            continue
        assert line.effective_chemistry is not None and line.battery_kind is not None
        limit = SP188_LIMITS[(line.effective_chemistry, line.battery_kind)]
        why = (
            f"{value} {unit} per {line.battery_kind.value} is above the SP188 limit of "
            f"{limit} {unit}"
        )
        category, spec = line.packaging_category, line.packaging_spec or ""
        if line.contained_in_equipment:
            # P903 (3): the equipment protects the batteries; strong outer packaging will do.
            if not spec.strip():
                found.append(
                    _at(
                        line,
                        Check.SP188,
                        "dg.p903_outer_packaging",
                        "packaging_spec",
                        f"{why}: contained in equipment under P903 it may travel in strong "
                        "outer packaging, but say what that packaging is",
                    )
                )
        elif category == "excepted":
            found.append(
                _at(
                    line,
                    Check.SP188,
                    "dg.sp188_packaging",
                    "packaging_category",
                    f"{why}: the battery is regulated and cannot travel in excepted packaging; "
                    "UN-spec packaging at packing group II performance is needed (P903)",
                )
            )
        elif category not in ("I", "II") and mark_letter(spec) not in ("X", "Y"):
            found.append(
                _at(
                    line,
                    Check.SP188,
                    "dg.sp188_packaging",
                    "packaging_category",
                    f"{why}: the battery is regulated and needs UN-spec packaging at packing "
                    f"group II performance (P903), not packaging category {category or 'none'}",
                )
            )
    return found


def _mark_covers(line: BatteryLine) -> list[Finding]:
    """A UN mark on the packaging must cover the packing group declared for the goods."""
    letter, category = mark_letter(line.packaging_spec), line.packaging_category
    if letter is None or category not in MARK_COVERS["X"] or category in MARK_COVERS[letter]:
        return []
    groups = [g for g in ("I", "II", "III") if g in MARK_COVERS[letter]]
    covers = groups[0] if len(groups) == 1 else f"{groups[0]}-{groups[-1]}"
    return [
        _at(
            line,
            Check.SP188,
            "dg.packaging_mark_group",
            "packaging_spec",
            f"the packaging mark {letter} passed packing group {covers} only: it does not cover "
            f"packing group {category} goods",
        )
    ]


def check_state_of_charge(c: Consignment, policy: Policy) -> list[Finding]:
    """State of charge at most the district's maximum where a charge rule applies."""
    found: list[Finding] = []
    most = policy.max_state_of_charge
    for line in c.lithium_lines:
        rule = next(
            (
                r
                for r in policy.charge_rules
                if r.applies(line.un_number, c.transport_mode, c.shipping_date)
            ),
            None,
        )
        if rule is None:
            continue
        soc = line.state_of_charge_pct
        if soc is None:
            message = f"declare the state of charge: at most {most} % for {rule}"
        elif soc > most:
            message = f"state of charge {soc} % is above the {most} % allowed for {rule}"
        else:
            continue
        found.append(
            _at(line, Check.STATE_OF_CHARGE, "dg.state_of_charge", "state_of_charge_pct", message)
        )
    return found


def check_damaged(c: Consignment, policy: Policy) -> list[Finding]:
    """Damaged or defective lithium batteries are flagged for P908 / P911 handling."""
    by_air = c.transport_mode is TransportMode.AIR
    return [
        _at(
            line,
            Check.DAMAGED,
            "dg.damaged",
            "damaged",
            "damaged or defective lithium batteries travel only under packing instruction P908 "
            "(P911 when liable to react dangerously)"
            + ("; they are forbidden on aircraft" if by_air else ""),
        )
        for line in c.lithium_lines
        if line.damaged
    ]


def _at(line: BatteryLine, check: Check, rule: str, field: str, message: str) -> Finding:
    return line.finding(check, rule, field, message)
