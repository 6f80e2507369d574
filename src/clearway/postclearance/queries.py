"""The read side of the post-clearance audit queue, under the declarations' tenancy.

An office-bound officer sees its office's tasks only; district-wide roles see every office's
(``declarations.queries.visibility``, the one tenancy clause). Another office's task answers
NotFound like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clearway.declarations.queries import visibility
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.postclearance.model import AuditTask
from clearway.postclearance.policy import ensure_audits
from clearway.postclearance.status import AuditStatus
from clearway.postclearance.tables import post_clearance_audits
from clearway.shared.errors import NotFound

a, d = post_clearance_audits.c, declarations.c


@dataclass(frozen=True)
class AuditRow:
    """One line of the queue: the task and the declaration number officers know it by."""

    id: int
    declaration_number: str
    office_code: str
    status: str
    reason: str
    opened_at: datetime
    assignee: str | None
    finding: str | None
    kind: str | None
    revenue_raised: Decimal | None
    closed_at: datetime | None
    version: int


_COLUMNS = (
    a.id,
    d.number.label("declaration_number"),
    a.office_code,
    a.status,
    a.reason,
    a.opened_at,
    a.assignee,
    a.finding,
    a.kind,
    a.revenue_raised,
    a.closed_at,
    a.version,
)


def _visible(actor: Actor, stmt: Select[Any]) -> Select[Any]:
    clause = visibility(actor)
    return stmt if clause is None else stmt.where(clause)


def list_visible(
    session: Session, actor: Actor, status: AuditStatus | None, limit: int, offset: int
) -> tuple[int, list[AuditRow]]:
    """The queue the officer may see, oldest open task first; the total beside the page."""
    ensure_audits(actor)
    base = select(*_COLUMNS).join(declarations, d.id == a.declaration_id)
    if status is not None:
        base = base.where(a.status == status.value)
    base = _visible(actor, base)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(base.order_by(a.opened_at, a.id).limit(limit).offset(offset))
    return total, [AuditRow(**row._mapping) for row in rows]


def get_visible(session: Session, actor: Actor, task_id: int) -> AuditTask:
    """A task the officer may see, or NotFound (another office's included)."""
    ensure_audits(actor)
    stmt = select(AuditTask).join(declarations, d.id == a.declaration_id).where(a.id == task_id)
    found: AuditTask | None = session.scalars(_visible(actor, stmt)).first()
    if found is None:
        raise NotFound("post-clearance audit", task_id)
    return found


def row_of(session: Session, task_id: int) -> AuditRow:
    """The queue line of one task (what the API and the pages present)."""
    row = session.execute(
        select(*_COLUMNS).join(declarations, d.id == a.declaration_id).where(a.id == task_id)
    ).one()
    return AuditRow(**row._mapping)
