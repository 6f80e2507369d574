"""The district's ore settings, read once into the plain values the pure rules take."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clearway.config import Settings
from clearway.ore.classification import ClassificationTerms
from clearway.ore.lab import ANALYTES, Limit
from clearway.ore.onsite import OnsiteLimits
from clearway.shared.errors import Collector


@dataclass(frozen=True)
class OreTerms:
    classification: ClassificationTerms
    onsite: OnsiteLimits
    lab_limits: dict[str, Limit]
    disposal_days: int


def terms_of(settings: Settings) -> OreTerms:
    """Ore terms from settings; unknown analytes in the lab limits are refused by name."""
    errors = Collector()
    limits: dict[str, Limit] = {}
    for analyte, raw in settings.ore_lab_limits.items():
        if analyte not in ANALYTES or analyte == "radioactivity_bq_per_g":
            errors.add(
                f"ore_lab_limits.{analyte}",
                "analyte",
                f"is not one of {', '.join(ANALYTES[:-1])} (radioactivity has its own setting)",
            )
            continue
        limits[analyte] = Limit.from_mapping(raw)
    errors.raise_if_any()
    radiation = Decimal(str(settings.ore_radiation_limit_bq_per_g))
    limits["radioactivity_bq_per_g"] = Limit(maximum=radiation)
    brands = frozenset(b.strip().casefold() for b in settings.ore_mainstream_brands)
    return OreTerms(
        classification=ClassificationTerms(
            # Dated: read as of the declaration's day by ore.classify.classification_of.
            mainstream_origins=frozenset(),
            mainstream_brands=brands,
            sampling_rate=settings.ore_sampling_rate,
            supplier_threshold=settings.ore_supplier_nonconformities,
            salt=settings.risk_salt,
        ),
        onsite=OnsiteLimits(
            radiation_bq_per_g=radiation,
            portal_alarm_usv_per_h=Decimal(str(settings.ore_portal_alarm_usv_per_h)),
            weight_tolerance_pct=Decimal(str(settings.ore_weight_tolerance_pct)),
        ),
        lab_limits=limits,
        disposal_days=settings.ore_disposal_days,
    )
