"""Read side of liaison: an enterprise sees its own requests and officers; customs see all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from clearway.enterprises.model import Enterprise
from clearway.identity.model import Actor
from clearway.liaison.model import Duty, LiaisonAssignment, LiaisonRequest
from clearway.liaison.status import AWAITING_CUSTOMS
from clearway.liaison.tables import liaison_assignments, liaison_requests
from clearway.shared.errors import NotFound

r = liaison_requests.c
a = liaison_assignments.c


def visibility(actor: Actor) -> ColumnElement[bool] | None:
    """Tenancy as a WHERE clause: None means customs, who see every request."""
    if actor.is_customs:
        return None
    if actor.enterprise_id is None:
        return false()
    return r.enterprise_id == actor.enterprise_id


def get_visible(session: Session, actor: Actor, request_id: int) -> LiaisonRequest:
    """A request; another enterprise's answers NotFound, like a missing one."""
    stmt = select(LiaisonRequest).where(r.id == request_id)
    if (clause := visibility(actor)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("liaison request", request_id)
    return found


@dataclass(frozen=True)
class RequestFilter:
    status: str | None = None
    enterprise_id: int | None = None
    assignee_id: int | None = None
    overdue_at: datetime | None = None


def list_visible(
    session: Session, actor: Actor, f: RequestFilter, limit: int, offset: int
) -> tuple[int, list[LiaisonRequest]]:
    """Requests an actor may see, soonest deadline first, with the total count."""
    conditions: list[ColumnElement[bool]] = []
    if (clause := visibility(actor)) is not None:
        conditions.append(clause)
    for column, value in (
        (r.status, f.status),
        (r.enterprise_id, f.enterprise_id),
        (r.assignee_id, f.assignee_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if f.overdue_at is not None:
        conditions += [r.status.in_([s.value for s in AWAITING_CUSTOMS]), r.due_at < f.overdue_at]
    total = session.execute(
        select(func.count()).select_from(liaison_requests).where(*conditions)
    ).scalar_one()
    rows = session.scalars(
        select(LiaisonRequest)
        .where(*conditions)
        .order_by(r.due_at, r.id)
        .limit(limit)
        .offset(offset)
    )
    return int(total), list(rows)


def active_assignment(session: Session, enterprise_id: int, duty: Duty) -> LiaisonAssignment | None:
    return session.scalars(
        select(LiaisonAssignment).where(
            a.enterprise_id == enterprise_id, a.duty == duty.value, a.ended_at.is_(None)
        )
    ).first()


def assignments(
    session: Session, actor: Actor, enterprise_id: int | None, active_only: bool
) -> list[LiaisonAssignment]:
    """Who looks after which enterprise; an enterprise sees only its own officers."""
    stmt = select(LiaisonAssignment).order_by(a.enterprise_id, a.assigned_at, a.id)
    if not actor.is_customs:
        if actor.enterprise_id is None or enterprise_id not in (None, actor.enterprise_id):
            return []
        enterprise_id = actor.enterprise_id
    if enterprise_id is not None:
        stmt = stmt.where(a.enterprise_id == enterprise_id)
    if active_only:
        stmt = stmt.where(a.ended_at.is_(None))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class EnterpriseHistory:
    """Everything liaison did with one enterprise: its officers over time and its requests."""

    enterprise_id: int
    assignments: list[LiaisonAssignment]
    requests: list[LiaisonRequest]


def history(session: Session, actor: Actor, enterprise_id: int) -> EnterpriseHistory:
    if not actor.is_customs and actor.enterprise_id != enterprise_id:
        raise NotFound("enterprise", enterprise_id)
    if session.get(Enterprise, enterprise_id) is None:
        raise NotFound("enterprise", enterprise_id)
    requests = session.scalars(
        select(LiaisonRequest).where(r.enterprise_id == enterprise_id).order_by(r.opened_at, r.id)
    )
    return EnterpriseHistory(
        enterprise_id,
        assignments(session, actor, enterprise_id, active_only=False),
        list(requests),
    )
