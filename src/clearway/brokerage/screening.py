"""Pre-arrival risk research on import plans and train manifests ("risk research and judgment").

:class:`PreArrivalScreen` is the seam: the risk engine plugs in by setting
``platform.pre_arrival_screen`` to any object with this shape, and every service call then uses
it. Until then :class:`BasicPreArrivalScreen` judges with a few transparent rules, each answer
carrying the reasons an officer can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from clearway.bootstrap import Platform
from clearway.enterprises.model import CreditLevel


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNSCREENED = "unscreened"  # the screen could not answer; retried by a rescreen


@dataclass(frozen=True)
class ScreeningSubject:
    """Plain facts about an announced shipment, as the screen sees them (no database)."""

    plan_id: int
    principal_id: int
    credit_level: CreditLevel
    tariff_code: str
    origin_country: str
    supplier: str
    quantity: Decimal
    unit: str
    supplier_history: int  # earlier plans of this principal from this supplier
    wagon_weights: tuple[Decimal, ...] = ()  # from the train manifest, once known
    # The origin is on the dated list of mainstream iron ore origins on the screening day
    # (:func:`clearway.reference.services.mainstream_ore_origins_on`).
    mainstream_origin: bool = True


@dataclass(frozen=True)
class Reason:
    rule: str
    message: str
    score: Decimal


@dataclass(frozen=True)
class ScreeningResult:
    level: RiskLevel
    score: Decimal
    reasons: tuple[Reason, ...]
    engine: str

    def reasons_json(self) -> list[dict[str, str]]:
        return [{"rule": r.rule, "message": r.message, "score": str(r.score)} for r in self.reasons]


class PreArrivalScreen(Protocol):
    """Anything that judges an announced shipment before it arrives."""

    name: str

    def screen(self, subject: ScreeningSubject) -> ScreeningResult: ...


ORE_HS4 = "2601"
MEDIUM_FROM = Decimal("0.30")
HIGH_FROM = Decimal("0.80")


class BasicPreArrivalScreen:
    """Rules from classified management of iron ore (DOMAIN.md §1, §7): credit, origin,
    supplier history, and whether the wagons weigh what the plan announced."""

    name = "basic-pre-arrival/1"

    def __init__(self, weight_tolerance: Decimal = Decimal("0.03")) -> None:
        self.tolerance = weight_tolerance

    def screen(self, subject: ScreeningSubject) -> ScreeningResult:
        reasons: list[Reason] = []
        if subject.credit_level.is_dishonest:
            reasons.append(
                Reason(
                    "credit_level",
                    f"principal is {subject.credit_level.value}: inspection rate at least 80 %",
                    Decimal("0.90"),
                )
            )
        if subject.tariff_code.startswith(ORE_HS4) and not subject.mainstream_origin:
            reasons.append(
                Reason(
                    "non_mainstream_origin",
                    f"iron ore from {subject.origin_country}, outside the mainstream origins",
                    Decimal("0.50"),
                )
            )
        if subject.supplier_history == 0:
            reasons.append(
                Reason(
                    "new_supplier",
                    f"first shipment from {subject.supplier} for this importer",
                    Decimal("0.40"),
                )
            )
        if subject.wagon_weights and subject.unit.lower() == "kg" and subject.quantity > 0:
            loaded = sum(subject.wagon_weights, Decimal(0))
            gap = abs(loaded - subject.quantity) / subject.quantity
            if gap > self.tolerance:
                reasons.append(
                    Reason(
                        "weight_mismatch",
                        f"wagons carry {loaded} kg against {subject.quantity} kg planned "
                        f"({gap:.1%} apart)",
                        Decimal("0.60"),
                    )
                )
        score = max((r.score for r in reasons), default=Decimal("0.05"))
        if subject.credit_level is CreditLevel.ADVANCED_CERTIFIED and score < HIGH_FROM:
            score = (score / 2).quantize(Decimal("0.0001"))  # AEO: below 20 % of regular rates
        level = (
            RiskLevel.HIGH
            if score >= HIGH_FROM
            else RiskLevel.MEDIUM
            if score >= MEDIUM_FROM
            else RiskLevel.LOW
        )
        return ScreeningResult(level, score, tuple(reasons), self.name)


def screen_for(platform: Platform) -> PreArrivalScreen:
    """The screen the platform was given, or the built-in rules with the district's settings."""
    given = getattr(platform, "pre_arrival_screen", None)
    if given is not None:
        screen: PreArrivalScreen = given
        return screen
    return BasicPreArrivalScreen()
