"""Broker information platform use cases: one function each, one transaction each.

Brokers announce what their principals import (plans) and how it travels (trains and their
wagons); customs research the risk before arrival. Every refusal names its field and rule and
leaves nothing written.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.brokerage.commands import ImportPlanInput, LinkInput, TrainEventInput, TrainInput
from clearway.brokerage.model import ImportPlan, TrainConsist, Wagon
from clearway.brokerage.notices import notify_plan, notify_train
from clearway.brokerage.queries import get_plan, get_train, supplier_history
from clearway.brokerage.rules import plan_problems, train_time_problems, wagon_problems
from clearway.brokerage.screening import (
    PreArrivalScreen,
    Reason,
    RiskLevel,
    ScreeningResult,
    ScreeningSubject,
)
from clearway.brokerage.status import ImportPlanStatus, PlanCommand, TrainCommand
from clearway.declarations.model import Declaration, Flow
from clearway.declarations.policy import ensure_may as may_act_on_declaration
from clearway.declarations.queries import get_visible as visible_declaration
from clearway.declarations.status import Command, move_for
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.enterprises.services import broker_mandate
from clearway.identity.model import Actor, Role
from clearway.persistence.db import UnitOfWork
from clearway.reference.model import CustomsOffice
from clearway.reference.services import mainstream_ore_origins_on
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, NotFound, PermissionDenied

log = logging.getLogger("clearway.brokerage")
SITE_ROLES = frozenset({Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})


def _broker(actor: Actor) -> int:
    if actor.role is not Role.BROKER_USER or actor.enterprise_id is None:
        raise PermissionDenied("import plans and train dynamics are filed by customs brokers")
    return actor.enterprise_id


def _principal(
    session: Session, errors: Collector, broker_id: int, principal_id: int, day: date
) -> None:
    """The principal must be a trader that has mandated this broker for imports on ``day``."""
    found = session.get(Enterprise, principal_id)
    if found is None or not found.has_role(EnterpriseRole.TRADER):
        errors.add("principal_id", "unknown_principal", f"no importer with id {principal_id}")
    elif broker_mandate(session, broker_id, principal_id, Flow.IMPORT.value, day) is None:
        errors.add(
            "principal_id",
            "broker_authorisation",
            f"enterprise {principal_id} has not authorised this broker for imports on "
            f"{day.isoformat()}",
        )


def _office(session: Session, errors: Collector, code: str | None) -> None:
    if code is None:
        errors.add("office_code", "required", "name the customs office of the border port")
    elif session.get(CustomsOffice, code) is None:
        errors.add("office_code", "unknown_office", f"no customs office {code}")


def submit_plan(
    uow: UnitOfWork, data: ImportPlanInput, actor: Actor, clock: Clock, screen: PreArrivalScreen
) -> ImportPlan:
    """A broker announces a principal's import; customs research its risk at once."""
    broker_id = _broker(actor)
    now = clock.now()
    errors = Collector()
    _principal(uow.session, errors, broker_id, data.principal_id, now.date())
    _office(uow.session, errors, data.office_code)
    plan_problems(errors, data.quantity, data.arrival_from, data.arrival_to, now.date())
    errors.raise_if_any()
    plan = ImportPlan(
        broker_id=broker_id,
        plan_date=now.date(),
        created_by=actor.username,
        created_at=now,
        updated_at=now,
        **data.model_dump(),
    )
    uow.session.add(plan)
    uow.flush()
    _screen(uow.session, plan, (), screen, now)
    record(
        uow.session,
        actor,
        now,
        "import_plan.submitted",
        "import_plan",
        plan.id,
        {
            "principal_id": plan.principal_id,
            "tariff_code": plan.tariff_code,
            "risk": plan.risk_level,
        },
    )
    uow.flush()
    notify_plan(uow.session.connection(), plan, "submitted")
    uow.commit()
    return plan


def _screen(
    session: Session,
    plan: ImportPlan,
    weights: tuple[Decimal, ...],
    screen: PreArrivalScreen,
    now: datetime,
) -> None:
    """Run the pre-arrival screen; a screen that fails leaves the plan marked unscreened."""
    principal = session.get(Enterprise, plan.principal_id)
    assert principal is not None
    subject = ScreeningSubject(
        plan_id=plan.id,
        principal_id=plan.principal_id,
        credit_level=principal.credit_level_on(now.date()),
        tariff_code=plan.tariff_code,
        origin_country=plan.origin_country,
        supplier=plan.supplier,
        quantity=plan.quantity,
        unit=plan.unit,
        supplier_history=supplier_history(session, plan.principal_id, plan.supplier, plan.id),
        wagon_weights=weights,
        mainstream_origin=plan.origin_country in mainstream_ore_origins_on(session, now.date()),
    )
    try:
        result = screen.screen(subject)
    except Exception:  # an outside engine must not stop a broker from announcing goods
        log.exception("pre-arrival screen %s failed on plan %s", screen.name, plan.id)
        reason = Reason("screen_unavailable", "the screen did not answer; rescreen", Decimal(0))
        result = ScreeningResult(RiskLevel.UNSCREENED, Decimal(0), (reason,), screen.name)
    plan.record_screening(
        result.level.value, result.score, result.reasons_json(), result.engine, now
    )


def rescreen(
    uow: UnitOfWork, plan_id: int, actor: Actor, clock: Clock, screen: PreArrivalScreen
) -> ImportPlan:
    """A risk officer runs the research again (new rules, a new model, the manifest in)."""
    if actor.role not in (Role.RISK_OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied("only risk officers and administrators rescreen import plans")
    plan = get_plan(uow.session, actor, plan_id)
    now = clock.now()
    trains = [t for t in _trains_of(uow.session, plan) if t.wagons]
    weights = tuple(w.net_weight for w in trains[-1].wagons) if trains else ()
    _screen(uow.session, plan, weights, screen, now)
    record(
        uow.session,
        actor,
        now,
        "import_plan.screened",
        "import_plan",
        plan.id,
        {"risk": plan.risk_level, "engine": plan.screened_by},
    )
    uow.commit()
    return plan


def _trains_of(session: Session, plan: ImportPlan) -> list[TrainConsist]:
    from sqlalchemy import select

    from clearway.brokerage.tables import train_consists

    c = train_consists.c
    return list(session.scalars(select(TrainConsist).where(c.plan_id == plan.id).order_by(c.id)))


def cancel_plan(
    uow: UnitOfWork, plan_id: int, reason: str, actor: Actor, clock: Clock
) -> ImportPlan:
    _broker(actor)
    plan = get_plan(uow.session, actor, plan_id)
    now = clock.now()
    plan.apply(PlanCommand.CANCEL, now)
    record(
        uow.session, actor, now, "import_plan.cancelled", "import_plan", plan.id, {"reason": reason}
    )
    uow.flush()
    notify_plan(uow.session.connection(), plan, "cancelled")
    uow.commit()
    return plan


def _linked_declaration(
    session: Session, errors: Collector, actor: Actor, ref: str, principal_id: int
) -> Declaration | None:
    try:
        declaration = visible_declaration(session, actor, ref)
    except NotFound:
        errors.add("declaration", "unknown_declaration", f"no declaration {ref} you may see")
        return None
    if declaration.trader_id != principal_id:
        errors.add("declaration", "principal_mismatch", "the declaration is another importer's")
    elif declaration.flow is not Flow.IMPORT:
        errors.add("declaration", "import_only", "only import declarations carry rail arrivals")
    return declaration


def link_declaration(
    uow: UnitOfWork, kind: str, key: int, data: LinkInput, actor: Actor, clock: Clock
) -> ImportPlan | TrainConsist:
    """Tie a plan or a train to the declaration lodged for its goods."""
    _broker(actor)
    target: ImportPlan | TrainConsist = (
        get_plan(uow.session, actor, key) if kind == "plan" else get_train(uow.session, actor, key)
    )
    errors = Collector()
    declaration = _linked_declaration(
        uow.session, errors, actor, data.declaration, target.principal_id
    )
    errors.raise_if_any()
    assert declaration is not None
    now = clock.now()
    target.link(declaration.id, now)
    record(
        uow.session,
        actor,
        now,
        f"{'import_plan' if kind == 'plan' else 'train'}.linked",
        "import_plan" if kind == "plan" else "train",
        key,
        {"declaration": declaration.number},
    )
    uow.commit()
    return target


def record_train(
    uow: UnitOfWork, data: TrainInput, actor: Actor, clock: Clock, screen: PreArrivalScreen
) -> TrainConsist:
    """A train left the origin station: its wagons, its ETA, the plan it carries."""
    broker_id = _broker(actor)
    now = clock.now()
    errors = Collector()
    plan = None
    principal_id, office_code = data.principal_id, data.office_code
    if data.plan_id is not None:
        try:
            plan = get_plan(uow.session, actor, data.plan_id)
        except NotFound:
            errors.add("plan_id", "unknown_plan", f"no import plan {data.plan_id} of yours")
        else:
            if plan.status not in (ImportPlanStatus.SUBMITTED, ImportPlanStatus.IN_TRANSIT):
                errors.add("plan_id", "plan_status", f"the plan is {plan.status.value}")
            if principal_id not in (None, plan.principal_id):
                errors.add("principal_id", "plan_principal", "differs from the plan's importer")
            principal_id, office_code = plan.principal_id, office_code or plan.office_code
    if principal_id is None:
        errors.add("principal_id", "required", "name the importer or the import plan")
    else:
        _principal(uow.session, errors, broker_id, principal_id, now.date())
    _office(uow.session, errors, office_code)
    wagon_problems(errors, [(w.wagon_number, w.net_weight) for w in data.wagons])
    train_time_problems(errors, data.departed_at, data.eta_border)
    if data.departed_at > now:
        errors.add("departed_at", "not_future", "record a departure once the train has left")
    declaration = None
    if data.declaration and principal_id is not None:
        declaration = _linked_declaration(
            uow.session, errors, actor, data.declaration, principal_id
        )
    errors.raise_if_any()
    train = TrainConsist(
        wagons=[Wagon(i + 1, w.wagon_number, w.net_weight) for i, w in enumerate(data.wagons)],
        plan_id=plan.id if plan else None,
        broker_id=broker_id,
        principal_id=principal_id,
        office_code=office_code,
        train_number=data.train_number,
        origin_station=data.origin_station,
        departed_at=data.departed_at,
        eta_border=data.eta_border,
        created_by=actor.username,
        created_at=now,
        updated_at=now,
    )
    if declaration is not None:
        train.link(declaration.id, now)
    uow.session.add(train)
    uow.flush()
    if plan is not None:
        if plan.status is ImportPlanStatus.SUBMITTED:
            plan.apply(PlanCommand.DISPATCH, now)
        _screen(uow.session, plan, tuple(w.net_weight for w in train.wagons), screen, now)
    record(
        uow.session,
        actor,
        now,
        "train.departed",
        "train",
        train.id,
        {"train_number": train.train_number, "wagons": len(train.wagons), "plan_id": train.plan_id},
    )
    uow.flush()
    notify_train(uow.session.connection(), train, "departed")
    if plan is not None:
        notify_plan(uow.session.connection(), plan, "in_transit")
    uow.commit()
    return train


TRAIN_VERBS = {
    TrainCommand.REVISE_ETA: "eta_revised",
    TrainCommand.RECORD_ARRIVAL: "arrived",
    TrainCommand.RECORD_TRANSSHIPMENT: "transshipped",
}


def train_event(
    uow: UnitOfWork,
    train_id: int,
    command: TrainCommand,
    data: TrainEventInput,
    actor: Actor,
    clock: Clock,
) -> TrainConsist:
    """Revise the ETA (broker); record arrival or transshipment (broker or the customs site)."""
    train = get_train(uow.session, actor, train_id)
    site = actor.role in SITE_ROLES and command is not TrainCommand.REVISE_ETA
    if not (site or (actor.role is Role.BROKER_USER and actor.enterprise_id == train.broker_id)):
        raise PermissionDenied(f"{actor.role.label}s may not {command.value} a train")
    if data.expected_version is not None and data.expected_version != train.version:
        raise Conflict(
            f"train {train_id} is at version {train.version}, not {data.expected_version}",
            current_version=train.version,
        )
    now = clock.now()
    at = data.at or now
    train.apply(command, at, now, data.eta_border)
    plan = uow.session.get(ImportPlan, train.plan_id) if train.plan_id else None
    if command is TrainCommand.RECORD_ARRIVAL:
        if plan is not None and plan.status is not ImportPlanStatus.ARRIVED:
            plan.apply(PlanCommand.ARRIVE, now)
        _declaration_arrival(uow.session, train, plan, actor, at)
    record(
        uow.session,
        actor,
        now,
        f"train.{command.value}",
        "train",
        train.id,
        {"at": at.isoformat(), "eta_border": train.eta_border.isoformat()},
    )
    uow.flush()
    notify_train(uow.session.connection(), train, TRAIN_VERBS[command])
    if plan is not None and command is TrainCommand.RECORD_ARRIVAL:
        notify_plan(uow.session.connection(), plan, "arrived")
    uow.commit()
    return train


def _declaration_arrival(
    session: Session, train: TrainConsist, plan: ImportPlan | None, actor: Actor, at: datetime
) -> None:
    """Mark arrival (TRS E1) on the linked declaration when its timeline still lacks it."""
    declaration_id = train.declaration_id or (plan.declaration_id if plan else None)
    declaration = session.get(Declaration, declaration_id) if declaration_id else None
    if (
        declaration is None
        or declaration.arrived_at is not None
        or move_for(declaration.status, Command.RECORD_ARRIVAL) is None
    ):
        return
    try:
        may_act_on_declaration(actor, Command.RECORD_ARRIVAL, declaration)
    except PermissionDenied:
        return
    declaration.apply(
        Command.RECORD_ARRIVAL, actor, at, reason=f"train {train.train_number} at the border"
    )
