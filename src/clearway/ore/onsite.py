"""On-site inspection of ore: what makes a result nonconforming. Pure.

First release applies only when the on-site checks find nothing (GACC 2018 No.134, 2020
No.69): radioactivity over the limit, foreign inclusions, solid waste or a goods–document
mismatch detain the goods. A portal monitor alarm is resolved by nuclide analysis: a nuclide
reading within the limit clears it, an alarm without one detains until it is done. A measured
weight outside the tolerance of the declared net weight is a goods–document mismatch too.
A reading exactly at a limit conforms; anything above it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class OnsiteOutcome(StrEnum):
    CONFORMING = "conforming"
    DETAINED = "detained"


@dataclass(frozen=True)
class OnsiteLimits:
    radiation_bq_per_g: Decimal  # per U-238 / Th-232 series nuclide
    portal_alarm_usv_per_h: Decimal
    weight_tolerance_pct: Decimal


@dataclass(frozen=True)
class OnsiteReading:
    nuclide_bq_per_g: Decimal | None
    portal_usv_per_h: Decimal | None
    foreign_inclusions: bool
    solid_waste: bool
    document_mismatch: bool
    mismatch_note: str
    measured_weight_kg: Decimal
    declared_weight_kg: Decimal


@dataclass(frozen=True)
class Finding:
    """One reason to detain: a stable code and a sentence for the officer and the enterprise."""

    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


def weight_deviation_pct(measured: Decimal, declared: Decimal) -> Decimal:
    """Measured weight against the declared one, in percent of the declared (signed)."""
    if declared <= 0:
        return Decimal("0.0000")
    return ((measured - declared) / declared * HUNDRED).quantize(Decimal("0.0001"))


def findings(reading: OnsiteReading, limits: OnsiteLimits) -> tuple[Finding, ...]:
    """Every reason the goods must be detained; empty when the on-site result conforms."""
    out: list[Finding] = []
    nuclide, portal = reading.nuclide_bq_per_g, reading.portal_usv_per_h
    if nuclide is not None and nuclide > limits.radiation_bq_per_g:
        out.append(
            Finding(
                "radiation_over_limit",
                f"radioactivity {nuclide} Bq/g exceeds the limit of "
                f"{limits.radiation_bq_per_g} Bq/g",
            )
        )
    elif nuclide is None and portal is not None and portal > limits.portal_alarm_usv_per_h:
        out.append(
            Finding(
                "radiation_alarm",
                f"portal monitor reads {portal} µSv/h, above the alarm level of "
                f"{limits.portal_alarm_usv_per_h} µSv/h; nuclide analysis required",
            )
        )
    if reading.foreign_inclusions:
        out.append(Finding("foreign_inclusions", "foreign inclusions found in the goods"))
    if reading.solid_waste:
        out.append(Finding("solid_waste", "solid waste found at screening"))
    if reading.document_mismatch:
        note = f": {reading.mismatch_note}" if reading.mismatch_note.strip() else ""
        out.append(Finding("goods_document_mismatch", f"goods do not match the documents{note}"))
    measured, declared = reading.measured_weight_kg, reading.declared_weight_kg
    # Compared exactly; the rounded percentage is only for the text.
    if abs(measured - declared) * HUNDRED > limits.weight_tolerance_pct * declared:
        deviation = weight_deviation_pct(measured, declared)
        out.append(
            Finding(
                "weight_mismatch",
                f"measured {measured} kg differs from the declared {declared} kg by "
                f"{deviation}% (tolerance ±{limits.weight_tolerance_pct}%)",
            )
        )
    return tuple(out)
