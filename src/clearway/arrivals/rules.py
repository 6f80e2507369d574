"""Whether a direct-pickup declaration may be released on arrival. Pure.

Direct pickup / direct loading (DOMAIN.md §5): goods declared *before* arrival and *not
selected* for control are released when they arrive, for eligible enterprises only. "Not
selected" means the risk engine put the declaration in the green or blue lane and it waits for
release (risk assessed, duty assessed or paid) — not in a document check, an inspection or on
hold. Iron ore whose category requires samples must be sampled on site first. Every reason that
applies is given, so the enterprise learns all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clearway.declarations.model import Lane
from clearway.declarations.status import Status

AWAITING_RELEASE = (Status.RISK_ASSESSED, Status.DUTY_ASSESSED, Status.PAID)
NOT_SELECTED = (Lane.GREEN, Lane.BLUE)


@dataclass(frozen=True)
class PickupFacts:
    status: Status
    lane: Lane | None
    lodged_at: datetime | None
    arrived_at: datetime
    eligibility_refusals: tuple[str, ...] = ()
    ore_sampling: str | None = None  # why the ore must be sampled first, if it must


def pickup_refusals(facts: PickupFacts) -> list[str]:
    """Every reason the declaration may not be released on arrival; empty when it may."""
    reasons = [f"not eligible for direct pickup: {r}" for r in facts.eligibility_refusals]
    if facts.lodged_at is None:
        reasons.append("not lodged before arrival (still a draft)")
    elif facts.lodged_at >= facts.arrived_at:
        reasons.append(
            f"lodged at {facts.lodged_at.isoformat()}, not before the arrival at "
            f"{facts.arrived_at.isoformat()}"
        )
    if facts.lane is None:
        reasons.append("not yet risk assessed: no lane")
    elif facts.lane not in NOT_SELECTED:
        control = "physical inspection" if facts.lane is Lane.RED else "a document check"
        reasons.append(f"selected for {control} ({facts.lane.value} lane)")
    if facts.lodged_at is not None and facts.status not in AWAITING_RELEASE:
        reasons.append(f"the declaration is {facts.status.value}, not awaiting release")
    if facts.ore_sampling:
        reasons.append(facts.ore_sampling)
    return reasons
