"""Audit trail for state changes outside the declaration timeline (which audits itself)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from clearway.audit.tables import audit_events
from clearway.identity.model import Actor


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    action: str,
    entity: str,
    entity_id: object,
    detail: dict[str, Any],
) -> None:
    """Write one audit line in the caller's transaction, so it commits or vanishes with it."""
    session.execute(
        insert(audit_events).values(
            at=at,
            actor=actor.username,
            actor_role=actor.role.value,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            detail=detail,
        )
    )
