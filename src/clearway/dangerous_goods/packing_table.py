"""The dated table of IATA lithium-battery packing instructions by air (PI965, PI968).

One row per packing instruction, section and UN number, in force from ``valid_from`` through
``valid_to`` (both included; empty: no end): which batteries the section is for (above or
within the SP188 sizes), the most a package may hold in kg, whether that is the net quantity of
batteries or the package's gross weight, and whether the packages travel on cargo aircraft
only. The table ships as ``data/air_packing.csv``; a district points
``CLEARWAY_DG_AIR_PACKING_FILE`` at its own copy when an edition of the regulations changes
it. The whole file is checked before it is used and every bad row reported with its line
number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib.resources import files
from typing import TypeVar

from clearway.declarations.model import PackingSection
from clearway.shared.errors import Collector, RuleViolation
from clearway.shared.periods import in_force

E = TypeVar("E", bound=StrEnum)

COLUMNS = (
    "packing_instruction",
    "section",
    "un_number",
    "valid_from",
    "valid_to",
    "battery_size",
    "max_kg_per_package",
    "quantity_basis",
    "cargo_aircraft_only",
)


class BatterySize(StrEnum):
    """Which cells or batteries a section is for, by the SP188 sizes (20 Wh / 100 Wh, 1 g / 2 g)."""

    ABOVE_SP188 = "above_sp188"
    WITHIN_SP188 = "within_sp188"


class QuantityBasis(StrEnum):
    """What the per-package limit weighs: the batteries alone, or the whole package."""

    NET = "net"
    GROSS = "gross"


@dataclass(frozen=True)
class AirPackingRule:
    """One section of a packing instruction for one UN number, in force over its dates."""

    packing_instruction: str
    section: PackingSection
    un_number: str
    valid_from: date
    valid_to: date | None
    battery_size: BatterySize
    max_kg_per_package: Decimal
    quantity_basis: QuantityBasis
    cargo_aircraft_only: bool

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)

    def __str__(self) -> str:
        return f"{self.packing_instruction} Section {self.section.value}"


def packaged_table() -> str:
    """The table that ships with Clearway."""
    return (files("clearway.dangerous_goods") / "data" / "air_packing.csv").read_text("utf-8")


def parse_air_packing(
    text: str, setting: str = "dg_air_packing_file"
) -> tuple[AirPackingRule, ...]:
    """The rows of the table; RuleViolation naming each bad row and column."""
    errors = Collector()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        errors.add(setting, "columns", f"missing column(s): {', '.join(missing)}")
        raise RuleViolation(errors.errors, "the air packing table is not valid")
    rules: list[AirPackingRule] = []
    for line, row in enumerate(reader, start=2):
        rule = _rule(errors, f"{setting}.line {line}", row)
        if rule is not None:
            rules.append(rule)
    _overlaps(errors, setting, rules)
    if errors.errors:
        raise RuleViolation(errors.errors, "the air packing table is not valid")
    return tuple(rules)


def _rule(errors: Collector, at: str, row: dict[str, str]) -> AirPackingRule | None:
    before = len(errors.errors)
    value = {k: (row.get(k) or "").strip() for k in COLUMNS}
    pi, un = value["packing_instruction"], value["un_number"]
    if not (pi.startswith("PI") and pi[2:].isdigit() and len(pi) == 5):
        errors.add(f"{at}.packing_instruction", "format", f"'{pi}' is not like PI965")
    if not (un.startswith("UN") and un[2:].isdigit() and len(un) == 6):
        errors.add(f"{at}.un_number", "format", f"'{un}' is not like UN3480")
    section = _choice(errors, f"{at}.section", value["section"], PackingSection)
    size = _choice(errors, f"{at}.battery_size", value["battery_size"], BatterySize)
    basis = _choice(errors, f"{at}.quantity_basis", value["quantity_basis"], QuantityBasis)
    start = _day(errors, f"{at}.valid_from", value["valid_from"])
    end = _day(errors, f"{at}.valid_to", value["valid_to"]) if value["valid_to"] else None
    if start and end and end < start:
        errors.add(f"{at}.valid_to", "period", "is before valid_from")
    try:
        most = Decimal(value["max_kg_per_package"])
        if not most > 0:
            raise InvalidOperation
    except InvalidOperation:
        errors.add(f"{at}.max_kg_per_package", "number", "must be a positive number of kg")
        most = Decimal(0)
    cao = value["cargo_aircraft_only"]
    if cao not in ("yes", "no"):
        errors.add(f"{at}.cargo_aircraft_only", "choice", "must be yes or no")
    if len(errors.errors) > before:
        return None
    assert section and size and basis and start  # no error was added: all parsed
    return AirPackingRule(pi, section, un, start, end, size, most, basis, cao == "yes")


def _choice(errors: Collector, path: str, text: str, kind: type[E]) -> E | None:
    try:
        return kind(text)
    except ValueError:
        errors.add(path, "choice", f"must be one of {', '.join(k.value for k in kind)}")
        return None


def _day(errors: Collector, path: str, text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(path, "date", f"'{text}' is not an ISO date")
        return None


def _overlaps(errors: Collector, setting: str, rules: list[AirPackingRule]) -> None:
    """Two rows for the same section and UN number may not be in force on the same day."""
    for n, a in enumerate(rules):
        for b in rules[n + 1 :]:
            same = (a.packing_instruction, a.section, a.un_number) == (
                b.packing_instruction,
                b.section,
                b.un_number,
            )
            if (
                same
                and a.valid_from <= (b.valid_to or date.max)
                and b.valid_from <= (a.valid_to or date.max)
            ):
                errors.add(
                    setting, "overlap", f"{a} for {a.un_number} has two rows in force at once"
                )
