"""First release, then inspection: what a conforming on-site result allows.

A declaration lodged for first release by an importer eligible on the day
(:func:`clearway.supervision.eligibility.decide`, facility ``first_release``) is released on a
conforming on-site inspection, before the lab results, as soon as its duty and VAT are covered
(:func:`clearway.arrivals.release.release_if_covered`). Otherwise the inspection ends with duty
assessed and the goods wait: for the duty (then ``release_first``), or for the lab. A
direct-pickup declaration whose train has arrived waited for this very result: it is judged
for direct pickup again and released now when it still qualifies.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.arrivals.model import PickupOutcome
from clearway.arrivals.pickup import judge_pickup
from clearway.arrivals.release import assess_duty, release_if_covered
from clearway.config import Settings
from clearway.declarations.measures import mode_of
from clearway.declarations.model import Declaration, FacilitationMode
from clearway.declarations.status import Status
from clearway.identity.model import Actor
from clearway.ore.commands import ReleaseInput
from clearway.ore.model import OnsiteInspection, ReleaseDecision
from clearway.ore.onsite import OnsiteOutcome
from clearway.ore.policy import ensure_inspector, ensure_version
from clearway.ore.queries import visible_ore_declaration
from clearway.ore.tables import ore_onsite_inspections
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, IllegalTransition, RuleViolation
from clearway.supervision.eligibility import Facility, decide, ensure_eligible

FIRST_RELEASE_WHY = "first release on a conforming on-site inspection; lab results to follow"
PICKUP_WHY = (
    "direct pickup: released on the conforming train-side on-site inspection; lab results to follow"
)


def after_conforming(
    session: Session,
    settings: Settings,
    declaration: Declaration,
    inspection: OnsiteInspection,
    actor: Actor,
    now: datetime,
) -> None:
    """End the inspection; release first when the declaration, the importer and the duty allow."""
    if declaration.uses(FacilitationMode.DIRECT_PICKUP) and declaration.arrived_at is not None:
        _pickup_after_onsite(session, settings, declaration, inspection, actor, now)
        return
    if not declaration.uses(FacilitationMode.FIRST_RELEASE):
        if declaration.status is Status.INSPECTION:  # not when duty was settled beforehand
            assess_duty(session, declaration, actor, now, "on-site inspection conforming")
        inspection.release_decision = ReleaseDecision.AWAITING_LAB
        inspection.release_note = (
            f"conforming on site; {mode_of(declaration.facilitation_measures)} regime: released "
            "through the usual lifecycle once the lab results are in"
        )
        return
    answer = decide(
        session,
        settings,
        declaration.trader_id,
        Facility.FIRST_RELEASE,
        now.date(),
        tariff_codes=[i.tariff_code for i in declaration.items],
        office_code=declaration.office_code,
    )
    if not answer.allowed:
        assess_duty(session, declaration, actor, now, "on-site inspection conforming")
        inspection.release_decision = ReleaseDecision.AWAITING_LAB
        inspection.release_note = "first release refused: " + "; ".join(answer.reasons)
        return
    released = release_if_covered(session, declaration, actor, now, FIRST_RELEASE_WHY)
    if released.released:
        inspection.release_decision = ReleaseDecision.RELEASED
    else:
        if declaration.status is Status.INSPECTION:
            assess_duty(session, declaration, actor, now, "on-site inspection conforming")
        inspection.release_decision = ReleaseDecision.AWAITING_DUTY
    inspection.release_note = released.reason


def _pickup_after_onsite(
    session: Session,
    settings: Settings,
    declaration: Declaration,
    inspection: OnsiteInspection,
    actor: Actor,
    now: datetime,
) -> None:
    """Direct pickup that waited at the train for this result: released now if it still may."""
    assert declaration.arrived_at is not None
    judged = judge_pickup(
        session, settings, declaration, declaration.arrived_at, actor, now, PICKUP_WHY
    )
    if judged.outcome is PickupOutcome.RELEASED:
        inspection.release_decision = ReleaseDecision.RELEASED
        inspection.release_note = judged.reasons[0]
        return
    if declaration.status is Status.INSPECTION:
        assess_duty(session, declaration, actor, now, "on-site inspection conforming")
    if judged.waits_for_duty:
        inspection.release_decision = ReleaseDecision.AWAITING_DUTY
        inspection.release_note = judged.reasons[0] + "; released once they are paid"
    else:
        inspection.release_decision = ReleaseDecision.AWAITING_LAB
        inspection.release_note = "direct pickup refused: " + "; ".join(judged.reasons)


def release_first(
    uow: UnitOfWork,
    ref: str | int,
    data: ReleaseInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> OnsiteInspection:
    """Release a first-release declaration whose duty was covered after its on-site result."""
    ensure_inspector(actor, "release ore declarations")
    session = uow.session
    declaration = visible_ore_declaration(session, actor, ref)
    ensure_version(declaration, data.expected_version)
    if not declaration.uses(FacilitationMode.FIRST_RELEASE):
        raise RuleViolation.single(
            "facilitation_measures",
            "ore.first_release_mode",
            f"declaration {declaration.number} was lodged as "
            f"{mode_of(declaration.facilitation_measures)}, without first_release",
        )
    now = clock.now()
    ensure_eligible(
        session,
        settings,
        declaration.trader_id,
        Facility.FIRST_RELEASE,
        now.date(),
        tariff_codes=[i.tariff_code for i in declaration.items],
        office_code=declaration.office_code,
    )
    inspection = session.scalars(
        select(OnsiteInspection)
        .where(ore_onsite_inspections.c.declaration_id == declaration.id)
        .order_by(ore_onsite_inspections.c.seq.desc())
        .limit(1)
    ).first()
    if inspection is None or inspection.outcome is not OnsiteOutcome.CONFORMING:
        raise RuleViolation.single(
            "declaration",
            "ore.onsite_conforming",
            "first release needs a conforming on-site inspection as the latest one",
        )
    if declaration.status not in (Status.DUTY_ASSESSED, Status.PAID):
        raise IllegalTransition(declaration.status.value, "release_first")
    why = data.reason.strip() or FIRST_RELEASE_WHY
    released = release_if_covered(session, declaration, actor, now, why)
    if not released.released:
        raise Conflict(released.reason, reason="duty_not_covered")
    inspection.release_decision = ReleaseDecision.RELEASED
    inspection.release_note = released.reason
    uow.commit()
    return inspection
