"""The scheduled side of supervision: overdue two-step completes and missed consolidations.

Each pass is one short transaction per facility and safe to repeat: a breach is recorded once
per missed obligation, a due date once set is kept, and a voided summary stays void.
"""

from __future__ import annotations

from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations.model import Declaration
from clearway.declarations.status import Status
from clearway.declarations.tables import declarations
from clearway.supervision import two_step_tax
from clearway.supervision.model import TwoStepDeclaration, TwoStepStatus
from clearway.supervision.rules import is_late
from clearway.supervision.tables import two_step_declarations
from clearway.supervision.two_step import due_of

_VOID_STATUSES = (Status.REJECTED.value, Status.CANCELLED.value)


def flag_overdue_completes(platform: Platform, limit: int = 1000) -> str:
    """Set due dates, void refused summaries and record overdue completes as breaches."""
    t, d = two_step_declarations.c, declarations.c
    now = platform.clock.now()
    dated = voided = flagged = 0
    with platform.uow() as uow:
        session = uow.session
        rows = session.execute(
            select(TwoStepDeclaration, Declaration)
            .join(declarations, d.id == t.declaration_id)
            .where(t.status == TwoStepStatus.OPEN.value)
            .order_by(t.id)
            .limit(limit)
        ).all()
        for summary, declaration in rows:
            if declaration.status.value in _VOID_STATUSES:
                two_step_tax.void(session, summary, now)
                voided += 1
                continue
            if summary.complete_due_at is None:
                summary.complete_due_at = due_of(declaration, platform.settings)
                dated += summary.complete_due_at is not None
            due = summary.complete_due_at
            if due is not None and summary.overdue_at is None and is_late(now, due):
                flagged += two_step_tax.flag_late(session, declaration, summary, due, now)
        uow.commit()
    return (
        f"{flagged} overdue two-step complete(s) recorded as breaches, {dated} due date(s) "
        f"set, {voided} refused summary(ies) voided"
    )
