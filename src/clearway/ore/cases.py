"""Disposal cases: the officer records the outcome; a job flags those past their deadline."""

from __future__ import annotations

from sqlalchemy import select

from clearway.audit.services import record
from clearway.declarations.model import Declaration
from clearway.identity.model import Actor
from clearway.ore.commands import DisposalOutcomeInput
from clearway.ore.disposal import DisposalStatus
from clearway.ore.model import DisposalCase
from clearway.ore.notices import notify_case
from clearway.ore.policy import ensure_inspector
from clearway.ore.queries import get_case
from clearway.ore.tables import ore_disposal_cases
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict

FOLLOW_UP = Actor.system("ore-disposal-follow-up")


def _number(uow: UnitOfWork, case: DisposalCase) -> str:
    declaration = uow.session.get(Declaration, case.declaration_id)
    return declaration.number if declaration else str(case.declaration_id)


def record_outcome(
    uow: UnitOfWork, case_id: int, data: DisposalOutcomeInput, actor: Actor, clock: Clock
) -> DisposalCase:
    """The goods were returned, destroyed or rectified: close the case with what was done."""
    ensure_inspector(actor, "close ore disposal cases")
    case = get_case(uow.session, actor, case_id)
    if data.expected_version is not None and data.expected_version != case.version:
        raise Conflict(
            f"disposal case {case_id} is at version {case.version}, not {data.expected_version}",
            current_version=case.version,
        )
    now = clock.now()
    late = case.overdue(now)
    case.close(data.measure, data.outcome, actor, now)
    record(
        uow.session,
        actor,
        now,
        "ore.disposal_closed",
        "ore_disposal_case",
        case.id,
        {"measure": data.measure.value, "late": late},
    )
    uow.flush()
    notify_case(uow.session.connection(), case, _number(uow, case), "closed")
    uow.commit()
    return case


def flag_overdue(uow: UnitOfWork, clock: Clock, limit: int = 500) -> list[int]:
    """The follow-up job: flag (once) and announce every open case past its deadline."""
    now = clock.now()
    k = ore_disposal_cases.c
    late = list(
        uow.session.scalars(
            select(DisposalCase)
            .where(
                k.status == DisposalStatus.OPEN.value,
                k.due_at < now,
                k.overdue_flagged_at.is_(None),
            )
            .order_by(k.due_at, k.id)
            .limit(limit)
        )
    )
    for case in late:
        case.flag_overdue(now)
        record(
            uow.session,
            FOLLOW_UP,
            now,
            "ore.disposal_overdue",
            "ore_disposal_case",
            case.id,
            {"due_at": case.due_at.isoformat()},
        )
        uow.flush()
        notify_case(uow.session.connection(), case, _number(uow, case), "overdue")
    uow.commit()
    return [case.id for case in late]
