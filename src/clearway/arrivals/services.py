"""Recording arrivals, and direct pickup / direct loading on arrival. One transaction.

The site records that a train or vehicle arrived at an office by its transport means (the train
number or plate written on the declarations). Every declaration at that office awaiting this
transport gets its arrival (E1); a brokerage train of that number still en route is marked
arrived too, and the declarations it is linked to count as carried by it. Each direct-pickup
declaration is then judged (:mod:`clearway.arrivals.pickup`) and, when nothing stands in the way
and its duty and VAT are covered, released at once (E8) by the ``direct-pickup`` system actor —
both timestamps stay on its timeline for the release-time study. Iron ore that qualifies waits
for its train-side on-site inspection instead (outcome ``awaiting_onsite``). The response lists
every declaration with its outcome and the reasons.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clearway.arrivals.commands import ArrivalInput
from clearway.arrivals.model import ArrivalDeclaration, ArrivalRecord, PickupOutcome
from clearway.arrivals.pickup import judge_pickup
from clearway.audit.services import record
from clearway.brokerage.model import ImportPlan, TrainConsist
from clearway.brokerage.notices import notify_plan, notify_train
from clearway.brokerage.status import ImportPlanStatus, PlanCommand, TrainCommand, TrainStatus
from clearway.brokerage.tables import import_plans, train_consists
from clearway.config import Settings
from clearway.declarations.measures import mode_of
from clearway.declarations.model import Declaration, FacilitationMode
from clearway.declarations.status import Command, Status, move_for
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor, Role
from clearway.persistence.db import UnitOfWork
from clearway.reference.model import CustomsOffice
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, PermissionDenied

DIRECT_PICKUP = Actor.system("direct-pickup")
SITE_ROLES = frozenset({Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})
AWAITING_ARRIVAL = [s.value for s in Status if move_for(s, Command.RECORD_ARRIVAL) is not None]


def _trains(session: Session, office: str, means: str) -> list[TrainConsist]:
    t = train_consists.c
    return list(
        session.scalars(
            select(TrainConsist).where(
                t.office_code == office,
                t.train_number == means,
                t.status == TrainStatus.EN_ROUTE.value,
            )
        )
    )


def _carried(
    session: Session, office: str, means: str, trains: list[TrainConsist]
) -> list[Declaration]:
    """Declarations at the office awaiting this transport, declared or linked to its train."""
    d = declarations.c
    linked = {t.declaration_id for t in trains if t.declaration_id}
    plan_ids = [t.plan_id for t in trains if t.plan_id]
    if plan_ids:
        p = import_plans.c
        linked |= set(
            session.scalars(
                select(p.declaration_id).where(p.id.in_(plan_ids), p.declaration_id.is_not(None))
            )
        )
    which = d.transport_means == means
    if linked:
        which = or_(which, d.id.in_(linked))
    return list(
        session.scalars(
            select(Declaration)
            .where(
                d.office_code == office,
                which,
                d.arrived_at.is_(None),
                d.status.in_(AWAITING_ARRIVAL),
            )
            .order_by(d.id)
        )
    )


def _judge(
    session: Session,
    settings: Settings,
    declaration: Declaration,
    arrived_at: datetime,
    now: datetime,
) -> ArrivalDeclaration:
    """Release a direct-pickup declaration on arrival, or say every reason it is not."""
    if not declaration.uses(FacilitationMode.DIRECT_PICKUP):
        return ArrivalDeclaration(
            declaration.id,
            declaration.number,
            PickupOutcome.ARRIVAL_RECORDED,
            [f"{mode_of(declaration.facilitation_measures)} declaration: arrival recorded"],
        )
    why = f"direct pickup: lodged before arrival, {declaration.lane} lane, released on arrival"
    judged = judge_pickup(session, settings, declaration, arrived_at, DIRECT_PICKUP, now, why)
    return ArrivalDeclaration(declaration.id, declaration.number, judged.outcome, judged.reasons)


def record_arrival(
    uow: UnitOfWork, data: ArrivalInput, actor: Actor, clock: Clock, settings: Settings
) -> ArrivalRecord:
    """Record an arrival at the site; release the direct-pickup declarations that qualify."""
    if actor.role not in SITE_ROLES:
        raise PermissionDenied(f"a {actor.role.label} does not record arrivals at the site")
    session = uow.session
    now = clock.now()
    at = data.arrived_at or now
    office, means = data.office_code, data.transport_means
    errors = Collector()
    if session.get(CustomsOffice, office) is None:
        errors.add("office_code", "unknown_office", f"no customs office {office}")
    if at > now:
        errors.add("arrived_at", "not_future", "cannot record an arrival that has not happened")
    errors.raise_if_any()
    trains = _trains(session, office, means)
    carried = _carried(session, office, means, trains)
    if not carried and not trains:
        errors.add(
            "transport_means",
            "arrival.nothing_expected",
            f"no declaration or train at office {office} awaits {means}",
        )
    for train in trains:
        if at < train.departed_at:
            errors.add(
                "arrived_at", "chronology", f"train {means} left only at {train.departed_at}"
            )
    errors.raise_if_any()
    arrival = ArrivalRecord(
        office, means, trains[0].id if trains else None, at, now, actor.username
    )
    session.add(arrival)
    for train in trains:
        train.apply(TrainCommand.RECORD_ARRIVAL, at, now)
    for declaration in carried:
        declaration.apply(
            Command.RECORD_ARRIVAL, actor, at, reason=f"{means} arrived at office {office}"
        )
        arrival.declarations.append(_judge(session, settings, declaration, at, now))
    uow.flush()
    _announce_trains(session, trains, now)
    record(
        session,
        actor,
        now,
        "arrival.recorded",
        "arrival",
        arrival.id,
        {
            "office_code": office,
            "transport_means": means,
            "arrived_at": at.isoformat(),
            "outcomes": {
                line.declaration_number: line.outcome.value for line in arrival.declarations
            },
        },
    )
    uow.commit()
    return arrival


def _announce_trains(session: Session, trains: list[TrainConsist], now: datetime) -> None:
    """The brokerage side of the arrival: plans arrive, brokers hear of their trains."""
    for train in trains:
        plan = session.get(ImportPlan, train.plan_id) if train.plan_id else None
        if plan is not None and plan.status is not ImportPlanStatus.ARRIVED:
            plan.apply(PlanCommand.ARRIVE, now)
        session.flush()
        notify_train(session.connection(), train, "arrived")
        if plan is not None:
            notify_plan(session.connection(), plan, "arrived")
