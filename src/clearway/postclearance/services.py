"""Post-clearance audit use cases: opened by a blue-lane release, taken and closed by officers.

Each officer's use case is one transaction, audited in the audit trail; the opening runs in the
transaction of the release that causes it (the handler ``bootstrap`` registers).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.declarations.events import DeclarationMoved
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.postclearance.commands import FindingInput
from clearway.postclearance.model import AuditTask
from clearway.postclearance.queries import get_visible
from clearway.postclearance.tables import post_clearance_audits
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict


def on_declaration_moved(session: Session, events: Sequence[DeclarationMoved]) -> None:
    """Handler: a released blue-lane declaration gets its post-clearance audit task (once)."""
    released = [
        e
        for e in events
        if e.line.command == Command.RELEASE.value and e.declaration.lane is Lane.BLUE
    ]
    if not released:
        return
    ids = [e.declaration_id for e in released]
    a = post_clearance_audits.c
    have = set(session.scalars(select(a.declaration_id).where(a.declaration_id.in_(ids))))
    for event in released:
        declaration = event.declaration
        if declaration.id in have:
            continue
        have.add(declaration.id)
        reason = f"blue lane released by {event.line.actor}: {declaration.lane_reason}"
        session.add(AuditTask(declaration.id, declaration.office_code, reason, event.line.at))


def take(uow: UnitOfWork, task_id: int, actor: Actor, clock: Clock) -> AuditTask:
    """The officer takes an open task (or takes over a colleague's); audited."""
    task = get_visible(uow.session, actor, task_id)
    before = task.assignee
    now = clock.now()
    task.take(actor, now)
    record(
        uow.session,
        actor,
        now,
        "audit.taken",
        "post_clearance_audit",
        task.id,
        {"previous_assignee": before},
    )
    uow.commit()
    return task


def close(
    uow: UnitOfWork, task_id: int, finding: FindingInput, actor: Actor, clock: Clock
) -> AuditTask:
    """The holder closes the task with its finding (checked); audited, and the closing event
    goes to whoever ``bootstrap`` registered for it."""
    task = get_visible(uow.session, actor, task_id)
    if finding.expected_version is not None and finding.expected_version != task.version:
        raise Conflict(
            f"post-clearance audit {task.id} is at version {task.version}, not "
            f"{finding.expected_version}: it changed meanwhile",
            current_version=task.version,
        )
    now = clock.now()
    task.close(actor, now, finding.finding, finding.kind, finding.revenue_raised, finding.note)
    detail = {
        "finding": finding.finding.value,
        "kind": finding.kind.value if finding.kind else None,
        "revenue_raised": str(task.revenue_raised) if task.revenue_raised is not None else None,
    }
    record(uow.session, actor, now, "audit.closed", "post_clearance_audit", task.id, detail)
    uow.commit()
    return task
