"""Licence register use cases: one function each, one transaction each (the write-off runs
inside submission: :mod:`clearway.licensing.writeoff`)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from clearway.audit.services import record
from clearway.enterprises.services import get as get_enterprise
from clearway.identity.model import Actor
from clearway.licensing.commands import LicenceInput
from clearway.licensing.conditions import condition_on
from clearway.licensing.model import Licence
from clearway.licensing.policy import ensure_may_record
from clearway.licensing.tables import licence_drawdowns, licences
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector

L, D = licences.c, licence_drawdowns.c


def record_licence(uow: UnitOfWork, data: LicenceInput, actor: Actor, clock: Clock) -> Licence:
    """Record a licence the issuing authority sent; nothing is written on any refusal."""
    ensure_may_record(actor)
    session, now = uow.session, clock.now()
    errors = Collector()
    condition = condition_on(data.condition_code, data.valid_from)
    if condition is None or not condition.number_required:
        errors.add(
            "condition_code",
            "licence_condition",
            f"condition {data.condition_code} names no numbered licence on {data.valid_from}",
        )
    if data.valid_to < data.valid_from:
        errors.add("valid_to", "period", "is before valid_from")
    if session.scalar(select(L.id).where(L.number == data.number)) is not None:
        errors.add("number", "unique", f"licence {data.number} is already recorded")
    errors.raise_if_any()
    get_enterprise(session, data.holder_id)
    licence = Licence(
        number=data.number,
        condition_code=data.condition_code,
        issuer=data.issuer,
        holder_id=data.holder_id,
        hs_scope=",".join(dict.fromkeys(data.hs_scope)),
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        quantity_granted=data.quantity_granted,
        unit=data.unit,
        drawn_down=Decimal(0),
        recorded_by=actor.username,
        recorded_at=now,
        note=data.note,
    )
    session.add(licence)
    record(
        session,
        actor,
        now,
        "licence.recorded",
        "licence",
        data.number,
        {
            "code": data.condition_code,
            "holder": data.holder_id,
            "granted": str(data.quantity_granted),
        },
    )
    uow.commit()
    return licence
