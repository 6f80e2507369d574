"""An officer waives the train-side on-site inspection of a direct-pickup ore declaration.

On-site inspection of every iron-ore lot is compulsory (GACC 2020 No. 69); direct pickup skips
the move to an inspection yard, not the check, so a direct-pickup declaration waits at the
train for a conforming on-site result. The one exception is an inspection officer's waiver,
with a reason, written once per declaration and to the audit log in the same transaction. A
waiver cannot stand in for samples the ore's category requires: those still need the
inspection. When the train has already arrived the declaration is judged for direct pickup at
once, as on arrival; otherwise arrival judges it.
"""

from __future__ import annotations

from clearway.arrivals.pickup import judge_pickup
from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.measures import mode_of
from clearway.declarations.model import FacilitationMode
from clearway.identity.model import Actor
from clearway.ore.commands import WaiverInput
from clearway.ore.model import OnsiteWaiver
from clearway.ore.policy import ensure_inspector, ensure_version
from clearway.ore.queries import (
    latest_classification,
    latest_inspection,
    visible_ore_declaration,
    waiver_of,
)
from clearway.ore.services import inspectable
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, IllegalTransition

WAIVED_WHY = "direct pickup: train-side on-site inspection waived by an officer; released"


def waive_onsite(
    uow: UnitOfWork,
    ref: str | int,
    data: WaiverInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> OnsiteWaiver:
    """Record the waiver and, for a declaration whose train arrived, judge the pickup now."""
    ensure_inspector(actor, "waive on-site ore inspections")
    session = uow.session
    declaration = visible_ore_declaration(session, actor, ref)
    ensure_version(declaration, data.expected_version)
    if not inspectable(declaration):
        raise IllegalTransition(declaration.status.value, "waive_onsite_inspection")
    if waiver_of(session, declaration.id) is not None:
        raise Conflict(f"the on-site inspection of {declaration.number} is already waived")
    if latest_inspection(session, declaration.id) is not None:
        raise Conflict(f"{declaration.number} already has an on-site inspection on record")
    errors = Collector()
    if not declaration.uses(FacilitationMode.DIRECT_PICKUP):
        errors.add(
            "facilitation_measures",
            "ore.waiver_direct_pickup",
            f"only a direct-pickup declaration may have its on-site inspection waived; "
            f"{declaration.number} is {mode_of(declaration.facilitation_measures)}",
        )
    category = latest_classification(session, declaration.id)
    if category is not None and category.sampling_required:
        errors.add(
            "declaration",
            "ore.sampling_required",
            f"ore category {category.category.value} requires samples, taken at the on-site "
            "inspection: it cannot be waived",
        )
    errors.raise_if_any()
    now = clock.now()
    waiver = OnsiteWaiver(declaration.id, data.reason, actor.username, now)
    session.add(waiver)
    uow.flush()
    if declaration.arrived_at is not None:
        judged = judge_pickup(
            session, settings, declaration, declaration.arrived_at, actor, now, WAIVED_WHY
        )
        waiver.release_note = "; ".join(judged.reasons)
    else:
        waiver.release_note = "not arrived yet: judged for direct pickup when it arrives"
    record(
        session,
        actor,
        now,
        "ore.onsite_waived",
        "declaration",
        declaration.number,
        {"reason": data.reason, "release_note": waiver.release_note},
    )
    uow.commit()
    return waiver
