"""Whether a direct-pickup declaration may be released on arrival. Pure.

Direct pickup / direct loading (DOMAIN.md §5): goods declared *before* arrival and *not
selected* for control are released when they arrive, for eligible enterprises only. "Not
selected" means the risk engine put the declaration in the green or blue lane and it waits for
release (risk assessed, duty assessed or paid) — not in a document check, an inspection or on
hold. Every reason that applies is given, so the enterprise learns all of them at once.

Direct pickup skips the move to an inspection yard, not the on-site check: iron ore stays
subject to on-site inspection of every lot (GACC 2020 No. 69), so where the district requires it
(setting ``direct_pickup_waits_for_onsite``) ore that qualifies otherwise *waits* for a
conforming train-side on-site inspection, or an officer's recorded waiver, and is released then.
The samples its category requires are taken at that inspection. Without the requirement, ore
whose category requires samples is refused instead, since nobody would take them.
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
    onsite_required: bool = False  # ore under the on-site requirement
    onsite_cleared: bool = False  # a conforming on-site inspection or a waiver is on record


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
    # The train-side on-site inspection itself puts the declaration in inspection.
    awaiting = AWAITING_RELEASE + ((Status.INSPECTION,) if facts.onsite_cleared else ())
    if facts.lodged_at is not None and facts.status not in awaiting:
        reasons.append(f"the declaration is {facts.status.value}, not awaiting release")
    if facts.ore_sampling and not facts.onsite_required:
        reasons.append(facts.ore_sampling)
    return reasons


def onsite_wait(facts: PickupFacts) -> str | None:
    """Why release waits for the train-side on-site inspection, or None when it need not."""
    if not facts.onsite_required or facts.onsite_cleared:
        return None
    sampling = f"; {facts.ore_sampling}" if facts.ore_sampling else ""
    return (
        "iron ore: released once the train-side on-site inspection (radioactivity, foreign "
        "inclusions, solid waste) conforms, or an officer waives it with a reason" + sampling
    )
