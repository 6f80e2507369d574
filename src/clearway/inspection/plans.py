"""Tailored inspection plans: an enterprise's production and export schedule becomes standing
inspection windows — slots at a site reserved for it — so its goods are inspected as soon as
they are ready (the Ordos "tailored inspection model" of DOMAIN.md §1).

Filing a plan generates its windows at once, one per scheduled weekday of the plan's period,
never on an office holiday, each with as many places as lots the enterprise expects. The
enterprise books them like any slot, and its red-lane orders are booked into them first when
they come earliest. Withdrawing a plan removes its future windows nobody has booked.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, exists, false, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.enterprises.model import EnterpriseRole
from clearway.enterprises.services import registered_as
from clearway.identity.model import Actor, Role
from clearway.inspection import policy
from clearway.inspection.calendars import calendar_for
from clearway.inspection.commands import PlanInput
from clearway.inspection.model import InspectionPlan, InspectionSlot
from clearway.inspection.rules import MAX_PLAN_DAYS, plan_windows
from clearway.inspection.slots import get_site
from clearway.inspection.tables import inspection_bookings, inspection_plans, inspection_slots
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, NotFound, PermissionDenied, RuleViolation

p = inspection_plans.c
s = inspection_slots.c


def _plan_holder(uow: UnitOfWork, data: PlanInput, actor: Actor) -> int:
    """The enterprise files its own plan; inspection officers may file one agreed with it."""
    if policy.is_inspection_officer(actor):
        if data.enterprise_id is None:
            raise RuleViolation.single("enterprise_id", "required", "name the enterprise")
        trader = registered_as(
            uow.session, data.enterprise_id, EnterpriseRole.TRADER, "enterprise_id"
        )
        return trader.id
    if actor.role is not Role.ENTERPRISE_USER or actor.enterprise_id is None:
        raise PermissionDenied(f"a {actor.role.label} does not file tailored inspection plans")
    if data.enterprise_id not in (None, actor.enterprise_id):
        raise RuleViolation.single(
            "enterprise_id", "own_enterprise", "an enterprise files only its own plan"
        )
    return actor.enterprise_id


def file_plan(uow: UnitOfWork, data: PlanInput, actor: Actor, clock: Clock) -> InspectionPlan:
    """File a plan and open its standing windows, or refuse naming every broken rule."""
    enterprise_id = _plan_holder(uow, data, actor)
    try:
        site = get_site(uow.session, data.site)
    except NotFound as exc:
        raise RuleViolation.single(
            "site", "unknown_site", f"no inspection site {data.site}"
        ) from exc
    calendar = calendar_for(uow.session, site.office_code, "site")
    now = clock.now()
    errors = Collector()
    if data.window_end <= data.window_start:
        errors.add("window_end", "plan.window", "must be after window_start")
    if data.valid_to < data.valid_from:
        errors.add("valid_to", "plan.period", "must not be before valid_from")
    elif (data.valid_to - data.valid_from).days >= MAX_PLAN_DAYS:
        errors.add("valid_to", "plan.period", f"a plan covers at most {MAX_PLAN_DAYS} days")
    if data.valid_to < calendar.local_date(now):
        errors.add("valid_to", "plan.period", "the plan's period is over")
    if len(set(data.weekdays)) != len(data.weekdays):
        errors.add("weekdays", "plan.weekdays", "each weekday once")
    errors.raise_if_any()
    windows = plan_windows(
        calendar,
        data.weekdays,
        data.window_start,
        data.window_end,
        data.valid_from,
        data.valid_to,
        not_before=now,
    )
    if not windows:
        raise RuleViolation.single(
            "weekdays", "plan.no_windows", "these weekdays give no future working window"
        )
    plan = InspectionPlan(
        enterprise_id=enterprise_id,
        site_id=site.id,
        weekdays=",".join(str(d) for d in sorted(data.weekdays)),
        window_start=data.window_start,
        window_end=data.window_end,
        expected_lots=data.expected_lots,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        description=data.description,
        filed_by=actor.username,
        filed_at=now,
    )
    uow.session.add(plan)
    uow.flush()
    uow.session.add_all(
        InspectionSlot(
            site_id=site.id,
            starts_at=start,
            ends_at=end,
            capacity=data.expected_lots,
            reserved_for_id=enterprise_id,
            plan_id=plan.id,
            created_at=now,
            created_by=actor.username,
        )
        for start, end in windows
    )
    record(
        uow.session,
        actor,
        now,
        "inspection.plan_filed",
        "inspection_plan",
        plan.id,
        {"enterprise_id": enterprise_id, "site": site.code, "windows": len(windows)},
    )
    uow.commit()
    return plan


def withdraw(uow: UnitOfWork, plan_id: int, actor: Actor, clock: Clock) -> InspectionPlan:
    """End a plan: its future windows nobody ever booked are removed; the others stay."""
    plan = get_visible(uow.session, actor, plan_id)
    if not (policy.is_inspection_officer(actor) or actor.enterprise_id == plan.enterprise_id):
        raise PermissionDenied(f"a {actor.role.label} may not withdraw this plan")
    if actor.role is Role.BROKER_USER:
        raise PermissionDenied("brokers do not withdraw tailored inspection plans")
    now = clock.now()
    plan.withdraw(actor.username, now)
    uow.session.execute(
        delete(inspection_slots).where(
            s.plan_id == plan.id,
            s.booked == 0,
            s.starts_at > now,
            ~exists().where(inspection_bookings.c.slot_id == s.id),
        )
    )
    record(uow.session, actor, now, "inspection.plan_withdrawn", "inspection_plan", plan.id, {})
    uow.commit()
    return plan


def visibility(actor: Actor) -> ColumnElement[bool] | None:
    if actor.is_customs:
        return None
    if actor.enterprise_id is None or actor.role is not Role.ENTERPRISE_USER:
        return false()
    return p.enterprise_id == actor.enterprise_id


def get_visible(session: Session, actor: Actor, plan_id: int) -> InspectionPlan:
    stmt = select(InspectionPlan).where(p.id == plan_id)
    if (clause := visibility(actor)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("inspection plan", plan_id)
    return found


def list_visible(
    session: Session, actor: Actor, enterprise_id: int | None = None
) -> list[InspectionPlan]:
    stmt = select(InspectionPlan).order_by(p.id)
    if (clause := visibility(actor)) is not None:
        stmt = stmt.where(clause)
    if enterprise_id is not None:
        stmt = stmt.where(p.enterprise_id == enterprise_id)
    return list(session.scalars(stmt))


def windows(session: Session, actor: Actor, plan_id: int) -> list[InspectionSlot]:
    """A plan's standing windows, earliest first."""
    plan = get_visible(session, actor, plan_id)
    return list(
        session.scalars(
            select(InspectionSlot).where(s.plan_id == plan.id).order_by(s.starts_at, s.id)
        )
    )
