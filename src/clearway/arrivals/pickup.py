"""Direct pickup judged at the moment it can happen: on arrival, on the on-site result, or on
an officer's waiver of it. One reading of the facts for all three, in the caller's transaction.

The declaration is released (by `actor`, for `why`) only when nothing in
:func:`clearway.arrivals.rules.pickup_refusals` stands in the way, the on-site requirement of
ore is met (:func:`clearway.arrivals.rules.onsite_wait`) and its duty and VAT are covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from clearway.arrivals.model import PickupOutcome
from clearway.arrivals.release import release_if_covered
from clearway.arrivals.rules import PickupFacts, onsite_wait, pickup_refusals
from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.identity.model import Actor
from clearway.ore.classification import is_ore
from clearway.ore.queries import latest_classification, onsite_cleared
from clearway.supervision.eligibility import Facility, decide


@dataclass(frozen=True)
class PickupJudgement:
    outcome: PickupOutcome
    reasons: list[str]
    waits_for_duty: bool = False  # it qualifies; only the duty and VAT are not covered


def _ore_sampling(session: Session, declaration: Declaration) -> str | None:
    found = latest_classification(session, declaration.id)
    if found is None or not found.sampling_required:
        return None
    return f"ore category {found.category.value}: samples must be taken on site before release"


def judge_pickup(
    session: Session,
    settings: Settings,
    declaration: Declaration,
    arrived_at: datetime,
    actor: Actor,
    now: datetime,
    why: str,
) -> PickupJudgement:
    """Release a direct-pickup declaration that has arrived, or say every reason it is not."""
    eligibility = decide(
        session,
        settings,
        declaration.trader_id,
        Facility.DIRECT_PICKUP,
        arrived_at.date(),
        tariff_codes=[i.tariff_code for i in declaration.items],
        office_code=declaration.office_code,
    )
    ore = any(is_ore(i.tariff_code) for i in declaration.items)
    required = ore and settings.direct_pickup_waits_for_onsite
    facts = PickupFacts(
        status=declaration.status,
        lane=declaration.lane,
        lodged_at=declaration.lodged_at,
        arrived_at=arrived_at,
        eligibility_refusals=eligibility.reasons,
        ore_sampling=_ore_sampling(session, declaration) if ore else None,
        onsite_required=required,
        onsite_cleared=required and onsite_cleared(session, declaration.id),
    )
    reasons = pickup_refusals(facts)
    wait = onsite_wait(facts)
    if reasons:
        return PickupJudgement(PickupOutcome.NOT_RELEASED, reasons)
    if wait:
        return PickupJudgement(PickupOutcome.AWAITING_ONSITE, [wait])
    released = release_if_covered(session, declaration, actor, now, why)
    if released.released:
        return PickupJudgement(PickupOutcome.RELEASED, [released.reason])
    return PickupJudgement(PickupOutcome.NOT_RELEASED, [released.reason], waits_for_duty=True)
