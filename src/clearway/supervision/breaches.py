"""Breaches of facility obligations: recorded once by the jobs, read by eligibility.

A late two-step complete declaration or a missed centralized deadline is recorded against the
enterprise; enough of them within the facility's window withdraw the facility (see
:mod:`clearway.supervision.eligibility`). An officer may lift a breach (a justified delay),
which gives the facility back without rewriting history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, false, insert, select, update
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.enterprises.tables import broker_authorisations
from clearway.identity.model import Actor, Role
from clearway.notifications.outbox import OutboxEvent, publish
from clearway.shared.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from clearway.supervision.eligibility_rules import Facility
from clearway.supervision.tables import supervision_breaches

b = supervision_breaches.c


class BreachKind(StrEnum):
    """What obligation was missed."""

    TWO_STEP_COMPLETE_OVERDUE = "two_step.complete_overdue"
    CENTRALIZED_CONSOLIDATION_OVERDUE = "centralized.consolidation_overdue"


@dataclass(frozen=True)
class Breach:
    """One missed obligation of an enterprise, as recorded."""

    id: int
    enterprise_id: int
    facility: str
    kind: str
    reference: str
    occurred_at: datetime
    detected_at: datetime
    detail: str
    recorded_by: str
    lifted_at: datetime | None
    lifted_by: str | None
    lift_reason: str | None


def record_breach(
    session: Session,
    enterprise_id: int,
    facility: Facility,
    kind: BreachKind,
    reference: str,
    occurred_at: datetime,
    detected_at: datetime,
    detail: str,
    actor: Actor,
) -> int | None:
    """Record the breach unless it already is, and tell the enterprise; its id when new."""
    already = session.scalar(select(b.id).where(b.kind == kind.value, b.reference == reference))
    if already is not None:
        return None
    breach_id = session.execute(
        insert(supervision_breaches)
        .values(
            enterprise_id=enterprise_id,
            facility=facility.value,
            kind=kind.value,
            reference=reference,
            occurred_at=occurred_at,
            detected_at=detected_at,
            detail=detail,
            recorded_by=actor.username,
        )
        .returning(b.id)
    ).scalar_one()
    record(
        session,
        actor,
        detected_at,
        "supervision.breach_recorded",
        "enterprise",
        enterprise_id,
        {"kind": kind.value, "reference": reference, "detail": detail},
    )
    publish(
        session.connection(),
        OutboxEvent(
            event_type="supervision.breach_recorded",
            stream_key=f"enterprise_supervision:{enterprise_id}",
            seq=int(breach_id),
            occurred_at=detected_at,
            title=f"{facility.value.replace('_', ' ')} breach recorded: {reference}",
            body=detail,
            link=f"/api/v1/supervision/breaches?enterprise_id={enterprise_id}",
            enterprise_ids=(enterprise_id,),
            payload={
                "breach": {
                    "id": int(breach_id),
                    "enterprise_id": enterprise_id,
                    "facility": facility.value,
                    "kind": kind.value,
                    "reference": reference,
                    "occurred_at": occurred_at.isoformat(),
                    "detail": detail,
                }
            },
        ),
    )
    return int(breach_id)


def _visible(actor: Actor) -> ColumnElement[bool] | None:
    """An enterprise sees its own breaches, a broker those of its principals, customs all."""
    if actor.is_customs:
        return None
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.ENTERPRISE_USER:
        return b.enterprise_id == actor.enterprise_id
    a = broker_authorisations.c
    return exists().where(
        and_(
            a.broker_id == actor.enterprise_id,
            a.principal_id == b.enterprise_id,
            a.revoked_at.is_(None),
        )
    )


def breaches_of(
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    facility: Facility | None = None,
    include_lifted: bool = True,
) -> list[Breach]:
    """Breaches the actor may see, newest first."""
    conditions: list[ColumnElement[bool]] = []
    clause = _visible(actor)
    if clause is not None:
        conditions.append(clause)
    if enterprise_id is not None:
        conditions.append(b.enterprise_id == enterprise_id)
    if facility is not None:
        conditions.append(b.facility == facility.value)
    if not include_lifted:
        conditions.append(b.lifted_at.is_(None))
    rows = session.execute(
        select(supervision_breaches).where(*conditions).order_by(b.occurred_at.desc(), b.id.desc())
    )
    return [Breach(**row._mapping) for row in rows]


def lift(session: Session, breach_id: int, reason: str, actor: Actor, at: datetime) -> Breach:
    """An officer lifts a breach (the delay was justified): it stops counting for eligibility."""
    if actor.role not in (Role.LIAISON_OFFICER, Role.ADMINISTRATOR, Role.INSPECTION_OFFICER):
        raise PermissionDenied(f"a {actor.role.label} may not lift breaches")
    if not reason.strip():
        raise RuleViolation.single("reason", "required", "say why the breach is lifted")
    lifted = session.execute(
        update(supervision_breaches)
        .where(b.id == breach_id, b.lifted_at.is_(None))
        .values(lifted_at=at, lifted_by=actor.username, lift_reason=reason.strip())
        .returning(b.id)
    ).first()
    if lifted is None:
        if session.scalar(select(b.id).where(b.id == breach_id)) is None:
            raise NotFound("breach", breach_id)
        raise Conflict(f"breach {breach_id} is already lifted")
    record(session, actor, at, "supervision.breach_lifted", "breach", breach_id, {"reason": reason})
    row = session.execute(select(supervision_breaches).where(b.id == breach_id)).one()
    return Breach(**row._mapping)
