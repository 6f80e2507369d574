"""Lab results of ore samples: limit checks and declared-versus-measured deviations. Pure.

Every analyte is compared with the district's limits (a minimum for Fe, maxima for the rest); a
value exactly at a limit conforms. Fe and moisture are also compared with what the importer
declared on the item, in percentage points and relative to the declared value, and turned into
what they imply for the item: iron ore trades per dry tonne and per unit of Fe, so the item's
dry weight is its net weight less the moisture, and its value scales with dry weight times Fe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from clearway.shared.money import round_fen

HUNDRED = Decimal(100)
# Analytes a lab reports: percent by mass, radioactivity in Bq/g.
ANALYTES = (
    "fe_pct",
    "moisture_pct",
    "sio2_pct",
    "al2o3_pct",
    "pb_pct",
    "as_pct",
    "f_pct",
    "cd_pct",
    "hg_pct",
    "cl_pct",
    "radioactivity_bq_per_g",
)
# What customs monitors whatever the importer asked for (since GACC 2020 No.69).
HARMFUL = ("pb_pct", "as_pct", "f_pct", "cd_pct", "hg_pct", "cl_pct", "radioactivity_bq_per_g")
QUALITY = ("fe_pct", "moisture_pct", "sio2_pct", "al2o3_pct")
LABELS = {
    "fe_pct": "Fe",
    "moisture_pct": "moisture",
    "sio2_pct": "SiO2",
    "al2o3_pct": "Al2O3",
    "pb_pct": "Pb",
    "as_pct": "As",
    "f_pct": "F",
    "cd_pct": "Cd",
    "hg_pct": "Hg",
    "cl_pct": "Cl",
    "radioactivity_bq_per_g": "radioactivity",
}


@dataclass(frozen=True)
class Limit:
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @classmethod
    def from_mapping(cls, raw: Mapping[str, float]) -> Limit:
        low, high = raw.get("min"), raw.get("max")
        return cls(
            None if low is None else Decimal(str(low)), None if high is None else Decimal(str(high))
        )


@dataclass(frozen=True)
class LabFailure:
    analyte: str
    measured: Decimal
    bound: str  # "min" or "max"
    limit: Decimal

    @property
    def harmful(self) -> bool:
        return self.analyte in HARMFUL

    def text(self) -> str:
        unit = " Bq/g" if self.analyte == "radioactivity_bq_per_g" else "%"
        side = "below the minimum" if self.bound == "min" else "above the maximum"
        return f"{LABELS[self.analyte]} {self.measured}{unit} {side} of {self.limit}{unit}"

    def as_dict(self) -> dict[str, str]:
        return {
            "analyte": self.analyte,
            "measured": str(self.measured),
            "bound": self.bound,
            "limit": str(self.limit),
            "text": self.text(),
        }


def check(measured: Mapping[str, Decimal | None], limits: Mapping[str, Limit]) -> list[LabFailure]:
    """Every reported value outside its limit, in the order of :data:`ANALYTES`."""
    failures = []
    for analyte in ANALYTES:
        value, limit = measured.get(analyte), limits.get(analyte)
        if value is None or limit is None:
            continue
        if limit.minimum is not None and value < limit.minimum:
            failures.append(LabFailure(analyte, value, "min", limit.minimum))
        elif limit.maximum is not None and value > limit.maximum:
            failures.append(LabFailure(analyte, value, "max", limit.maximum))
    return failures


@dataclass(frozen=True)
class Deviation:
    """Measured against declared: percentage points and relative to the declared value."""

    declared: Decimal
    measured: Decimal
    points: Decimal
    relative_pct: Decimal

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Adjustment:
    """What the measured Fe and moisture imply for the item's dry weight and value."""

    wet_weight_kg: Decimal
    declared_dry_kg: Decimal
    measured_dry_kg: Decimal
    dry_weight_change_kg: Decimal
    declared_value: Decimal
    implied_value: Decimal | None  # None without both Fe figures
    value_change: Decimal | None

    def as_dict(self) -> dict[str, str | None]:
        return {k: None if v is None else str(v) for k, v in self.__dict__.items()}


def deviation(declared: Decimal | None, measured: Decimal | None) -> Deviation | None:
    if declared is None or measured is None:
        return None
    points = measured - declared
    relative = points / declared * HUNDRED if declared != 0 else Decimal(0)
    return Deviation(declared, measured, _q(points, "0.01"), _q(relative, "0.01"))


def adjustment(
    wet_weight_kg: Decimal,
    value: Decimal,
    declared_fe: Decimal | None,
    measured_fe: Decimal | None,
    declared_moisture: Decimal | None,
    measured_moisture: Decimal | None,
) -> Adjustment | None:
    """Dry weight from the moisture figures; value scaled by dry weight x Fe (dry metric tonne
    units). None when the moisture figures are missing: there is no dry weight to speak of."""
    if declared_moisture is None or measured_moisture is None:
        return None
    declared_dry = wet_weight_kg * (HUNDRED - declared_moisture) / HUNDRED
    measured_dry = wet_weight_kg * (HUNDRED - measured_moisture) / HUNDRED
    implied = change = None
    if declared_fe and measured_fe is not None and declared_dry > 0:
        implied = round_fen(value * (measured_dry * measured_fe) / (declared_dry * declared_fe))
        change = implied - round_fen(value)
    return Adjustment(
        wet_weight_kg=wet_weight_kg,
        declared_dry_kg=_q(declared_dry, "0.1"),
        measured_dry_kg=_q(measured_dry, "0.1"),
        dry_weight_change_kg=_q(measured_dry - declared_dry, "0.1"),
        declared_value=round_fen(value),
        implied_value=implied,
        value_change=change,
    )


def deviations_report(
    declared_fe: Decimal | None,
    declared_moisture: Decimal | None,
    measured: Mapping[str, Decimal | None],
    wet_weight_kg: Decimal,
    value: Decimal,
) -> dict[str, Any]:
    """Fe and moisture deviations with the implied adjustment, as stored and shown."""
    fe = deviation(declared_fe, measured.get("fe_pct"))
    moisture = deviation(declared_moisture, measured.get("moisture_pct"))
    adjusted = adjustment(
        wet_weight_kg,
        value,
        declared_fe,
        measured.get("fe_pct"),
        declared_moisture,
        measured.get("moisture_pct"),
    )
    return {
        "fe": fe.as_dict() if fe else None,
        "moisture": moisture.as_dict() if moisture else None,
        "adjustment": adjusted.as_dict() if adjusted else None,
    }


def _q(value: Decimal, quantum: str) -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP)
