"""Who may use which facilitation measure: the pure rule, its defaults and a district's overrides.

Each facility has one rule: the credit levels allowed, the goods it is limited to (tariff
prefixes), the offices offering it and how many breaches within a window withdraw it. The
defaults follow the published measures (DOMAIN.md §5); a district overrides any field per
facility in ``CLEARWAY_SUPERVISION_ELIGIBILITY`` without restating the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from clearway.enterprises.model import CreditLevel


class Facility(StrEnum):
    """The facilitation measures an enterprise must be eligible for."""

    TWO_STEP = "two_step"
    CENTRALIZED = "centralized"
    APPOINTMENT_CLEARANCE = "appointment_clearance"
    DIRECT_PICKUP = "direct_pickup"
    FIRST_RELEASE = "first_release"


_NOT_DISHONEST = (CreditLevel.ADVANCED_CERTIFIED, CreditLevel.CERTIFIED, CreditLevel.REGULAR)

# Appointment clearance (GACC 2018 No.109): dangerous goods, perishables, relief and other urgent
# goods. Lithium cells and batteries (8506, 8507) and the dangerous chemicals of chapters 28, 29
# and 36; live animals, meat, fish, dairy, plants, vegetables and fruit; medicines, vaccines and
# medical devices as relief supplies.
APPOINTMENT_GOODS = (
    "8506", "8507", "28", "29", "36",
    "01", "02", "03", "04", "06", "07", "08",
    "3002", "3004", "9018", "9019", "9020",
)  # fmt: skip

# First release, then inspection (GACC 2018 No.134): iron, manganese, chrome, lead, zinc ores.
FIRST_RELEASE_GOODS = ("2601", "2602", "2610", "2607", "2608")


class FacilityRule(BaseModel):
    """One facility's eligibility rule; empty goods or offices mean "any"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    credit_levels: tuple[CreditLevel, ...] = _NOT_DISHONEST
    goods_prefixes: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    max_breaches: int | None = Field(None, ge=1)
    breach_window_days: int = Field(365, ge=1)


class FacilityRuleOverride(BaseModel):
    """A district's change to a facility's rule; fields left out keep the default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    credit_levels: tuple[CreditLevel, ...] | None = None
    goods_prefixes: tuple[str, ...] | None = None
    offices: tuple[str, ...] | None = None
    max_breaches: int | None = Field(None, ge=1)
    breach_window_days: int | None = Field(None, ge=1)


DEFAULT_RULES: dict[Facility, FacilityRule] = {
    # Not for dishonest enterprises; three late complete declarations in a year withdraw it.
    Facility.TWO_STEP: FacilityRule(max_breaches=3),
    # Not for dishonest enterprises; three missed consolidations in a year withdraw it.
    Facility.CENTRALIZED: FacilityRule(max_breaches=3),
    Facility.APPOINTMENT_CLEARANCE: FacilityRule(goods_prefixes=APPOINTMENT_GOODS),
    # At Horgos for highly certified enterprises only.
    Facility.DIRECT_PICKUP: FacilityRule(credit_levels=(CreditLevel.ADVANCED_CERTIFIED,)),
    Facility.FIRST_RELEASE: FacilityRule(goods_prefixes=FIRST_RELEASE_GOODS),
}


def rule_for(facility: Facility, overrides: dict[Facility, FacilityRuleOverride]) -> FacilityRule:
    """The default rule with the district's overrides laid over it."""
    rule = DEFAULT_RULES[facility]
    override = overrides.get(facility)
    if override is None:
        return rule
    return rule.model_copy(update=override.model_dump(exclude_unset=True))


def refusals(
    rule: FacilityRule,
    facility: Facility,
    level: CreditLevel,
    *,
    tariff_codes: Sequence[str] = (),
    office_code: str | None = None,
    breaches: int = 0,
) -> list[str]:
    """Every reason the rule refuses; empty when the enterprise may use the facility."""
    name = facility.value.replace("_", " ")
    reasons: list[str] = []
    if level not in rule.credit_levels:
        allowed = ", ".join(lvl.value for lvl in rule.credit_levels) or "no level"
        reasons.append(f"credit level {level.value} may not use {name} (allowed: {allowed})")
    if rule.goods_prefixes:
        outside = [c for c in tariff_codes if not c.startswith(rule.goods_prefixes)]
        if outside:
            reasons.append(
                f"goods {', '.join(outside)} are not eligible for {name} "
                f"(tariff headings {', '.join(rule.goods_prefixes)})"
            )
    if rule.offices:
        offered = ", ".join(rule.offices)
        if office_code is None:
            reasons.append(f"{name} is offered only at offices {offered}; no office given")
        elif office_code not in rule.offices:
            reasons.append(f"{name} is not offered at office {office_code} (only {offered})")
    if rule.max_breaches is not None and breaches >= rule.max_breaches:
        reasons.append(
            f"{breaches} {name} breaches within {rule.breach_window_days} days withdraw the "
            f"facility (limit {rule.max_breaches})"
        )
    return reasons
