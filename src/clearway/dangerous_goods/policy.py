"""How a district runs the lithium-battery checks: per-check severity, lanes and dated rules.

Settings carry the choices (``CLEARWAY_DG_*``); :func:`policy_of` turns them into one checked,
immutable policy and refuses start-up when they make no sense, naming the setting. The SP188
thresholds are regulation, not district choice, and stay here as constants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from clearway.config import Settings
from clearway.dangerous_goods.model import Certificate, Check
from clearway.dangerous_goods.packing_table import (
    AirPackingRule,
    packaged_table,
    parse_air_packing,
)
from clearway.declarations.model import BatteryChemistry, BatteryKind, Lane, TransportMode
from clearway.shared.errors import Collector, RuleViolation


class Severity(StrEnum):
    HARD = "hard"  # refuse the submission, listing every failed check
    SOFT = "soft"  # let it through, routed at least to the check's lane
    OFF = "off"  # not run


# SP188: cells and batteries at or below these are excepted; above, they are regulated and need
# UN-spec packaging at packing group II performance (P903).
SP188_LIMITS: dict[tuple[BatteryChemistry, BatteryKind], Decimal] = {
    (BatteryChemistry.LITHIUM_ION, BatteryKind.CELL): Decimal(20),  # Wh
    (BatteryChemistry.LITHIUM_ION, BatteryKind.BATTERY): Decimal(100),  # Wh
    (BatteryChemistry.LITHIUM_METAL, BatteryKind.CELL): Decimal(1),  # g lithium
    (BatteryChemistry.LITHIUM_METAL, BatteryKind.BATTERY): Decimal(2),  # g lithium
}

DEFAULT_SEVERITY: dict[str, str] = {
    Check.UN_NUMBER: "hard",
    Check.SP188: "hard",
    Check.DOCUMENTS: "hard",
    Check.STATE_OF_CHARGE: "hard",
    Check.DAMAGED: "soft",
    Check.AIR_PACKING: "hard",
}
DEFAULT_SOFT_LANES: dict[str, str] = {
    Check.UN_NUMBER: "red",
    Check.SP188: "red",
    Check.DOCUMENTS: "yellow",
    Check.STATE_OF_CHARGE: "red",
    Check.DAMAGED: "red",
    Check.AIR_PACKING: "red",
}
DEFAULT_APPRAISAL_MONTHS = {"air": 3, "*": 12}
DEFAULT_DOCUMENT_TYPES: dict[str, list[str]] = {
    Certificate.UN38_3_SUMMARY: ["un38_3_summary", "UN38.3"],
    Certificate.PACKAGING_PERFORMANCE_SHEET: ["packaging_performance_sheet"],
    Certificate.USAGE_APPRAISAL_SHEET: ["usage_appraisal_sheet"],
}


@dataclass(frozen=True)
class ChargeRule:
    """State of charge at most the maximum for this UN number and mode, from ``since``."""

    un_number: str
    transport_mode: TransportMode
    since: date = date.min

    def applies(self, un_number: str | None, mode: TransportMode, on: date) -> bool:
        return un_number == self.un_number and mode is self.transport_mode and on >= self.since

    def __str__(self) -> str:
        since = f" from {self.since.isoformat()}" if self.since > date.min else ""
        return f"{self.un_number} by {self.transport_mode.value}{since}"


@dataclass(frozen=True)
class Policy:
    """Everything the checks and the submission hook need to know about the district's choice."""

    severity: Mapping[Check, Severity] = field(
        default_factory=lambda: {Check(k): Severity(v) for k, v in DEFAULT_SEVERITY.items()}
    )
    soft_lane: Mapping[Check, Lane] = field(
        default_factory=lambda: {Check(k): Lane(v) for k, v in DEFAULT_SOFT_LANES.items()}
    )
    charge_rules: tuple[ChargeRule, ...] = (
        ChargeRule("UN3480", TransportMode.AIR),
        ChargeRule("UN3481", TransportMode.AIR, date(2026, 1, 1)),
        ChargeRule("UN3556", TransportMode.AIR, date(2026, 1, 1)),
    )
    max_state_of_charge: Decimal = Decimal(30)
    withdrawn_for_lithium: Mapping[str, date] = field(
        default_factory=lambda: {"UN3171": date(2026, 1, 1)}
    )
    appraisal_months: Mapping[str, int] = field(
        default_factory=lambda: dict(DEFAULT_APPRAISAL_MONTHS)
    )
    document_types: Mapping[Certificate, frozenset[str]] = field(
        default_factory=lambda: {
            Certificate(k): frozenset(v) for k, v in DEFAULT_DOCUMENT_TYPES.items()
        }
    )

    # The dated table of PI965 / PI968 sections (``packing_table``); the packaged one by default.
    air_packing: tuple[AirPackingRule, ...] = field(
        default_factory=lambda: parse_air_packing(packaged_table())
    )

    def air_packing_for(self, un_number: str | None) -> list[AirPackingRule]:
        """The table's rows for this UN number, whatever their dates."""
        return [r for r in self.air_packing if r.un_number == un_number]

    def months_valid(self, mode: TransportMode) -> int:
        """How long a usage appraisal sheet stays valid for this transport mode."""
        return self.appraisal_months.get(mode.value, self.appraisal_months["*"])

    def with_severity(self, **choices: str) -> Policy:
        """The same policy with some checks set otherwise (tests and what-if checks)."""
        severity = dict(self.severity) | {Check(k): Severity(v) for k, v in choices.items()}
        return replace(self, severity=severity)


def policy_of(settings: Settings) -> Policy:
    """The district's policy from settings; RuleViolation naming every setting that is wrong."""
    errors = Collector()
    severity = {
        Check(k): Severity(v)
        for k, v in _keyed(
            errors, "dg_checks", DEFAULT_SEVERITY | settings.dg_checks, set(Severity)
        ).items()
    }
    lanes = {
        Check(k): Lane(v)
        for k, v in _keyed(
            errors,
            "dg_soft_lanes",
            DEFAULT_SOFT_LANES | settings.dg_soft_lanes,
            {Lane.YELLOW.value, Lane.RED.value},
        ).items()
    }
    rules = tuple(
        rule
        for n, text in enumerate(settings.dg_state_of_charge_required)
        if (rule := _charge_rule(errors, f"dg_state_of_charge_required.{n}", text)) is not None
    )
    withdrawn = {}
    for un, since in settings.dg_withdrawn_for_lithium.items():
        day = _day(errors, f"dg_withdrawn_for_lithium.{un}", since)
        if day is not None:
            withdrawn[un] = day
    months = dict(settings.dg_appraisal_validity_months)
    for key in months:
        if key != "*" and key not in set(TransportMode):
            errors.add(f"dg_appraisal_validity_months.{key}", "transport_mode", "unknown mode")
    if "*" not in months:
        errors.add("dg_appraisal_validity_months.*", "required", "give the default for all modes")
    documents = {}
    for key, codes in (DEFAULT_DOCUMENT_TYPES | settings.dg_document_types).items():
        if key not in set(Certificate):
            errors.add(f"dg_document_types.{key}", "certificate", "is not a certificate")
        elif not codes:
            errors.add(f"dg_document_types.{key}", "required", "name at least one doc_type")
        else:
            documents[Certificate(key)] = frozenset(codes)
    air_packing = _air_packing(errors, settings.dg_air_packing_file)
    if errors.errors:
        raise RuleViolation(errors.errors, "dangerous-goods settings are not valid")
    return Policy(
        severity=severity,
        soft_lane=lanes,
        charge_rules=rules,
        max_state_of_charge=_percent(settings.dg_state_of_charge_max_pct),
        withdrawn_for_lithium=withdrawn,
        appraisal_months=months,
        document_types=documents,
        air_packing=air_packing,
    )


def _air_packing(errors: Collector, path: str) -> tuple[AirPackingRule, ...]:
    """The district's air packing table (the packaged one when no file is named)."""
    try:
        text = Path(path).read_text("utf-8") if path else packaged_table()
    except OSError as e:
        errors.add("dg_air_packing_file", "file", f"cannot be read: {e.strerror}")
        return ()
    try:
        return parse_air_packing(text)
    except RuleViolation as e:
        errors.errors.extend(e.errors)
        return ()


def _percent(value: float) -> Decimal:
    """A percentage from settings as the Decimal it reads as (30.0 → 30, 27.5 → 27.5)."""
    exact = Decimal(str(value))
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact


def _keyed(
    errors: Collector, setting: str, values: Mapping[str, str], allowed: set[str]
) -> dict[str, str]:
    """Entries keyed by a known check with an allowed value; the rest are reported."""
    known, kept = set(Check), {}
    for key, value in values.items():
        if key not in known:
            errors.add(f"{setting}.{key}", "check", f"'{key}' is not a dangerous-goods check")
        elif value not in allowed:
            errors.add(f"{setting}.{key}", "choice", f"must be one of {', '.join(sorted(allowed))}")
        else:
            kept[key] = value
    return kept


def _charge_rule(errors: Collector, path: str, text: str) -> ChargeRule | None:
    parts = text.split(":")
    if len(parts) not in (2, 3) or parts[1] not in set(TransportMode):
        errors.add(path, "format", f"'{text}' is not UN number:transport mode[:first day]")
        return None
    since = _day(errors, path, parts[2]) if len(parts) == 3 else date.min
    return None if since is None else ChargeRule(parts[0], TransportMode(parts[1]), since)


def _day(errors: Collector, path: str, text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(path, "date", f"'{text}' is not an ISO date")
        return None
