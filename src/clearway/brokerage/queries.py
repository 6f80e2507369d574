"""Read side of the broker information platform, and the expected-arrivals board.

Tenancy: customs see everything; a principal sees its own plans and trains; a broker sees those
it filed for principals whose mandate (import scope, not revoked) still stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, Table, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from clearway.brokerage.model import ImportPlan, TrainConsist
from clearway.brokerage.status import ImportPlanStatus, TrainStatus
from clearway.brokerage.tables import import_plans, train_consists
from clearway.declarations.tables import declarations
from clearway.enterprises.tables import broker_authorisations, enterprises
from clearway.identity.model import Actor, Role
from clearway.identity.queries import office_clause
from clearway.shared.errors import NotFound

p = import_plans.c
t = train_consists.c


def _visibility(actor: Actor, table: Table) -> ColumnElement[bool] | None:
    c = table.c
    if actor.is_customs:
        return office_clause(actor, c.office_code)
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.ENTERPRISE_USER:
        return c.principal_id == actor.enterprise_id
    a = broker_authorisations.c
    mandate = exists().where(
        a.broker_id == c.broker_id,
        a.principal_id == c.principal_id,
        a.revoked_at.is_(None),
        or_(a.scope == "import", a.scope == "both"),
    )
    if table is import_plans:
        mandate = mandate.where(a.valid_from <= p.plan_date, a.valid_to >= p.plan_date)
    return and_(c.broker_id == actor.enterprise_id, mandate)


def get_plan(session: Session, actor: Actor, plan_id: int) -> ImportPlan:
    """A plan; another tenant's answers NotFound, like a missing one."""
    stmt = select(ImportPlan).where(p.id == plan_id)
    if (clause := _visibility(actor, import_plans)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("import plan", plan_id)
    return found


def get_train(session: Session, actor: Actor, train_id: int) -> TrainConsist:
    stmt = select(TrainConsist).where(t.id == train_id)
    if (clause := _visibility(actor, train_consists)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("train", train_id)
    return found


def list_plans(
    session: Session, actor: Actor, status: str | None, principal_id: int | None, limit: int
) -> list[ImportPlan]:
    stmt = select(ImportPlan).order_by(p.arrival_from, p.id).limit(limit)
    if (clause := _visibility(actor, import_plans)) is not None:
        stmt = stmt.where(clause)
    if status is not None:
        stmt = stmt.where(p.status == status)
    if principal_id is not None:
        stmt = stmt.where(p.principal_id == principal_id)
    return list(session.scalars(stmt))


def list_trains(
    session: Session, actor: Actor, status: str | None, limit: int
) -> list[TrainConsist]:
    stmt = select(TrainConsist).order_by(t.eta_border, t.id).limit(limit)
    if (clause := _visibility(actor, train_consists)) is not None:
        stmt = stmt.where(clause)
    if status is not None:
        stmt = stmt.where(t.status == status)
    return list(session.scalars(stmt))


def supplier_history(session: Session, principal_id: int, supplier: str, before_id: int) -> int:
    """How many earlier plans this importer filed for goods from this supplier."""
    rows = session.execute(
        select(p.id).where(p.principal_id == principal_id, p.supplier == supplier, p.id < before_id)
    ).all()
    return len(rows)


@dataclass(frozen=True)
class BoardRow:
    """One line of the expected-arrivals board: a train on its way, or a plan with no train yet."""

    expected_at: datetime
    kind: str
    office_code: str
    principal_id: int
    principal_name: str
    broker_id: int
    status: str
    train_id: int | None
    train_number: str | None
    wagons: int
    net_weight: Decimal | None
    plan_id: int | None
    goods_name: str | None
    tariff_code: str | None
    origin_country: str | None
    risk_level: str | None
    declaration_number: str | None
    declaration_status: str | None


def arrivals_board(
    session: Session, actor: Actor, office_code: str | None, start: datetime, end: datetime
) -> list[BoardRow]:
    """What is expected at the border between ``start`` and ``end``, soonest first.

    Trains due in the window and trains that arrived but are not yet transshipped (still work for
    the inspection site); plans with no train yet whose arrival window overlaps the period.
    """
    names = dict(session.execute(select(enterprises.c.id, enterprises.c.name)).all())
    rows: list[BoardRow] = []
    trains = select(TrainConsist).where(
        or_(
            and_(t.status == TrainStatus.EN_ROUTE.value, t.eta_border >= start, t.eta_border < end),
            t.status == TrainStatus.ARRIVED.value,
        )
    )
    if (clause := _visibility(actor, train_consists)) is not None:
        trains = trains.where(clause)
    if office_code:
        trains = trains.where(t.office_code == office_code)
    carried: set[int] = set()
    for train in session.scalars(trains):
        plan = session.get(ImportPlan, train.plan_id) if train.plan_id else None
        if plan is not None:
            carried.add(plan.id)
        rows.append(
            BoardRow(
                expected_at=train.arrived_at or train.eta_border,
                kind="train",
                office_code=train.office_code,
                principal_id=train.principal_id,
                principal_name=names.get(train.principal_id, ""),
                broker_id=train.broker_id,
                status=train.status.value,
                train_id=train.id,
                train_number=train.train_number,
                wagons=len(train.wagons),
                net_weight=train.net_weight,
                plan_id=plan.id if plan else None,
                goods_name=plan.goods_name if plan else None,
                tariff_code=plan.tariff_code if plan else None,
                origin_country=plan.origin_country if plan else None,
                risk_level=plan.risk_level if plan else None,
                **_declaration(
                    session, train.declaration_id or (plan.declaration_id if plan else None)
                ),
            )
        )
    plans = select(ImportPlan).where(
        p.status == ImportPlanStatus.SUBMITTED.value,
        p.arrival_from <= (end - timedelta(microseconds=1)).date(),
        p.arrival_to >= start.date(),
    )
    if (clause := _visibility(actor, import_plans)) is not None:
        plans = plans.where(clause)
    if office_code:
        plans = plans.where(p.office_code == office_code)
    for plan in session.scalars(plans):
        if plan.id in carried:
            continue
        rows.append(
            BoardRow(
                expected_at=datetime.combine(max(plan.arrival_from, start.date()), time(0), UTC),
                kind="plan",
                office_code=plan.office_code,
                principal_id=plan.principal_id,
                principal_name=names.get(plan.principal_id, ""),
                broker_id=plan.broker_id,
                status=plan.status.value,
                train_id=None,
                train_number=None,
                wagons=0,
                net_weight=plan.quantity if plan.unit.lower() == "kg" else None,
                plan_id=plan.id,
                goods_name=plan.goods_name,
                tariff_code=plan.tariff_code,
                origin_country=plan.origin_country,
                risk_level=plan.risk_level,
                **_declaration(session, plan.declaration_id),
            )
        )
    return sorted(
        rows, key=lambda row: (row.expected_at, row.kind, row.train_id or 0, row.plan_id or 0)
    )


def _declaration(session: Session, declaration_id: int | None) -> dict[str, str | None]:
    if declaration_id is None:
        return {"declaration_number": None, "declaration_status": None}
    d = declarations.c
    row = session.execute(select(d.number, d.status).where(d.id == declaration_id)).first()
    number, status = (row[0], row[1]) if row else (None, None)
    return {"declaration_number": number, "declaration_status": status}


def day_window(day: date, days: int) -> tuple[datetime, datetime]:
    """From the start of ``day`` (UTC) for ``days`` days."""
    start = datetime.combine(day, time(0), UTC)
    return start, start + timedelta(days=days)
