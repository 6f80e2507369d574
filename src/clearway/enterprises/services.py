"""Enterprise use cases: register, change credit level, authorise brokers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.enterprises.commands import AuthorisationInput, CreditLevelInput, EnterpriseInput
from clearway.enterprises.model import (
    BrokerAuthorisation,
    CreditRecord,
    Enterprise,
    EnterpriseRole,
)
from clearway.enterprises.rules import customs_code_problem, uscc_problem
from clearway.enterprises.tables import broker_authorisations, enterprises
from clearway.identity.model import Actor, Role
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, NotFound, PermissionDenied, RuleViolation


def register(uow: UnitOfWork, data: EnterpriseInput, actor: Actor, clock: Clock) -> Enterprise:
    """Register an enterprise with its first credit level; identifiers are checked first."""
    if actor.role is not Role.ADMINISTRATOR and actor.role is not Role.LIAISON_OFFICER:
        raise PermissionDenied(
            "only customs administrators and liaison officers register enterprises"
        )
    errors = Collector()
    if (problem := uscc_problem(data.uscc)) is not None:
        errors.add("uscc", "uscc_check", problem)
    if (problem := customs_code_problem(data.customs_code)) is not None:
        errors.add("customs_code", "customs_code", problem)
    if not data.roles:
        errors.add("roles", "min_items", "give at least one role")
    errors.raise_if_any()
    e = enterprises.c
    clash = uow.session.execute(
        select(e.id).where(or_(e.uscc == data.uscc, e.customs_code == data.customs_code))
    ).first()
    if clash is not None:
        raise Conflict(f"an enterprise with this USCC or customs code exists (id {clash[0]})")
    now = clock.now()
    enterprise = Enterprise(
        uscc=data.uscc,
        customs_code=data.customs_code,
        name=data.name,
        name_en=data.name_en,
        roles=data.roles,
        address=data.address,
        created_at=now,
    )
    enterprise.change_credit_level(
        CreditRecord(
            level=data.credit_level,
            effective_from=data.credit_since or now.date(),
            decree="GACC Decree 282",
            reason="registration",
            recorded_at=now,
            recorded_by=actor.username,
        )
    )
    uow.session.add(enterprise)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "enterprise.registered",
        "enterprise",
        enterprise.id,
        {"uscc": data.uscc, "name": data.name, "credit_level": data.credit_level.value},
    )
    uow.commit()
    return enterprise


def get(session: Session, enterprise_id: int) -> Enterprise:
    found = session.get(Enterprise, enterprise_id)
    if found is None:
        raise NotFound("enterprise", enterprise_id)
    return found


def visible_enterprise(session: Session, actor: Actor, enterprise_id: int) -> Enterprise:
    """Customs see every enterprise; enterprises see themselves and their brokers/principals."""
    found = get(session, enterprise_id)
    if actor.is_customs or actor.enterprise_id == enterprise_id:
        return found
    a = broker_authorisations.c
    linked = session.execute(
        select(a.id).where(
            or_(
                (a.broker_id == actor.enterprise_id) & (a.principal_id == enterprise_id),
                (a.principal_id == actor.enterprise_id) & (a.broker_id == enterprise_id),
            )
        )
    ).first()
    if linked is None:
        raise NotFound("enterprise", enterprise_id)
    return found


def change_credit_level(
    uow: UnitOfWork, enterprise_id: int, data: CreditLevelInput, actor: Actor, clock: Clock
) -> Enterprise:
    """Record a new credit level from a date; the previous record is closed, never edited."""
    if actor.role not in (Role.ADMINISTRATOR, Role.RISK_OFFICER):
        raise PermissionDenied("only customs administrators and risk officers change credit levels")
    enterprise = get(uow.session, enterprise_id)
    now = clock.now()
    enterprise.change_credit_level(
        CreditRecord(
            level=data.level,
            effective_from=data.effective_from,
            decree=data.decree,
            reason=data.reason,
            recorded_at=now,
            recorded_by=actor.username,
        )
    )
    record(
        uow.session,
        actor,
        now,
        "enterprise.credit_changed",
        "enterprise",
        enterprise_id,
        {"level": data.level.value, "from": data.effective_from.isoformat(), "reason": data.reason},
    )
    uow.commit()
    return enterprise


def authorise_broker(
    uow: UnitOfWork, principal_id: int, data: AuthorisationInput, actor: Actor, clock: Clock
) -> BrokerAuthorisation:
    """A principal mandates a broker for a scope and period (or customs records it)."""
    if not (
        actor.role is Role.ADMINISTRATOR
        or (actor.role is Role.ENTERPRISE_USER and actor.enterprise_id == principal_id)
    ):
        raise PermissionDenied("only the principal itself or an administrator authorises brokers")
    principal = get(uow.session, principal_id)
    broker = registered_as(uow.session, data.broker_id, EnterpriseRole.BROKER, "broker_id")
    if data.valid_to < data.valid_from:
        raise RuleViolation.single("valid_to", "period", "ends before valid_from")
    now = clock.now()
    mandate = BrokerAuthorisation(
        broker_id=broker.id,
        principal_id=principal.id,
        scope=data.scope,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_at=now,
    )
    uow.session.add(mandate)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "broker.authorised",
        "enterprise",
        principal.id,
        {
            "broker_id": broker.id,
            "scope": data.scope.value,
            "valid_from": data.valid_from.isoformat(),
            "valid_to": data.valid_to.isoformat(),
        },
    )
    uow.commit()
    return mandate


def authorisations_of(session: Session, enterprise_id: int) -> list[BrokerAuthorisation]:
    a = broker_authorisations.c
    return list(
        session.scalars(
            select(BrokerAuthorisation)
            .where(or_(a.principal_id == enterprise_id, a.broker_id == enterprise_id))
            .order_by(a.id)
        )
    )


def broker_mandate(
    session: Session, broker_id: int, principal_id: int, flow: str, day: date
) -> BrokerAuthorisation | None:
    """The mandate letting a broker declare this flow for a principal on a day, if any."""
    a = broker_authorisations.c
    for mandate in session.scalars(
        select(BrokerAuthorisation).where(a.broker_id == broker_id, a.principal_id == principal_id)
    ):
        if mandate.covers(flow, day):
            return mandate
    return None


def acting_for(
    session: Session, actor: Actor, named: int | None, flow: str, day: date, what: str
) -> tuple[int, int | None]:
    """The trader acted for and the broker acting, refusing anyone without the right to.

    An enterprise user acts for its own enterprise; a broker for a principal that authorised
    it for this flow on this day; an administrator for any trader it names. ``what`` says what
    is being done, for the refusal (``lodge declarations``, ``file centralized lists``).
    """
    if actor.role is Role.ENTERPRISE_USER and actor.enterprise_id is not None:
        if named not in (None, actor.enterprise_id):
            raise RuleViolation.single(
                "trader_id", "own_enterprise", "an enterprise user acts only for its own enterprise"
            )
        return actor.enterprise_id, None
    if actor.role is Role.BROKER_USER and actor.enterprise_id is not None:
        if named is None:
            raise RuleViolation.single("trader_id", "required", "a broker must name its principal")
        registered_as(session, named, EnterpriseRole.TRADER, "trader_id")
        if broker_mandate(session, actor.enterprise_id, named, flow, day) is None:
            raise RuleViolation.single(
                "trader_id",
                "broker_authorisation",
                f"enterprise {named} has not authorised this broker for {flow} "
                f"on {day.isoformat()}",
            )
        return named, actor.enterprise_id
    if actor.role is Role.ADMINISTRATOR:
        if named is None:
            raise RuleViolation.single("trader_id", "required", "name the trader")
        registered_as(session, named, EnterpriseRole.TRADER, "trader_id")
        return named, None
    raise PermissionDenied(f"a {actor.role.label} does not {what}")


# How each role is named when an enterprise is refused for lacking it.
_ROLE_NAMES = {
    EnterpriseRole.TRADER: "a trader",
    EnterpriseRole.BROKER: "a customs broker",
    EnterpriseRole.BONDED_ZONE: "a bonded-zone enterprise",
}


def registered_as(
    session: Session, enterprise_id: int, role: EnterpriseRole, field: str
) -> Enterprise:
    """The enterprise, refused as ``field`` unless it exists and is registered in ``role``."""
    found = session.get(Enterprise, enterprise_id)
    if found is None:
        raise RuleViolation.single(
            field, "unknown_enterprise", f"enterprise {enterprise_id} does not exist"
        )
    if not found.has_role(role):
        raise RuleViolation.single(
            field,
            f"{role.value}_role",
            f"{found.name} (enterprise {enterprise_id}) is not registered as {_ROLE_NAMES[role]}",
        )
    return found


def list_enterprises(session: Session, actor: Actor) -> list[Enterprise]:
    """Customs see the register; an enterprise sees itself and the parties linked to it."""
    e = enterprises.c
    stmt = select(Enterprise).order_by(e.id)
    if not actor.is_customs:
        a = broker_authorisations.c
        linked = (
            select(a.broker_id)
            .where(a.principal_id == actor.enterprise_id)
            .union(select(a.principal_id).where(a.broker_id == actor.enterprise_id))
        )
        stmt = stmt.where(or_(e.id == actor.enterprise_id, e.id.in_(linked)))
    return list(session.scalars(stmt))
