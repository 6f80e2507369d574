"""Post-clearance audits: the queue blue-lane releases open, taken and closed by officers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_postclearance import AuditPage, AuditPublic
from clearway.postclearance import queries, services
from clearway.postclearance.commands import FindingInput
from clearway.postclearance.status import AUDIT_TRANSITIONS, AuditStatus
from clearway.shared.bounds import Id, Limit, Offset

router = APIRouter(prefix="/post-clearance-audits", tags=["post-clearance audit"])


def present(row: queries.AuditRow) -> AuditPublic:
    allowed = AUDIT_TRANSITIONS.allowed(AuditStatus(row.status))
    return AuditPublic(**vars(row), allowed_commands=[c.value for c in allowed])


def _presented(session: Session, task_id: int) -> AuditPublic:
    return present(queries.row_of(session, task_id))


@router.get("", response_model=AuditPage)
def list_audits(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[AuditStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditPage:
    """The tasks the officer may see (its office's, or the district's), oldest first."""
    limit = min(limit, platform.settings.page_size_max)
    total, rows = queries.list_visible(session, actor, status_, limit, offset)
    return AuditPage(total=total, limit=limit, offset=offset, items=[present(r) for r in rows])


@router.get("/{task_id}", response_model=AuditPublic)
def read_audit(task_id: Id, actor: ActorDep, session: SessionDep) -> AuditPublic:
    return _presented(session, queries.get_visible(session, actor, task_id).id)


@router.post("/{task_id}/take", response_model=AuditPublic)
def take(task_id: Id, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> AuditPublic:
    """Take the task from the queue, or over from the colleague who held it."""
    task = services.take(uow, task_id, actor, platform.clock)
    return _presented(uow.session, task.id)


@router.post("/{task_id}/close", response_model=AuditPublic)
def close(
    task_id: Id, body: FindingInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> AuditPublic:
    """Close the task held with its finding (conform, or nonconform with kind and revenue)."""
    task = services.close(uow, task_id, body, actor, platform.clock)
    return _presented(uow.session, task.id)
