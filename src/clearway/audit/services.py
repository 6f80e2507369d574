"""Audit trail for state changes outside the declaration timeline (which audits itself)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from clearway.audit.chain import AUDIT_FIELDS, GENESIS, audit_stream, link
from clearway.audit.tables import audit_events
from clearway.identity.model import Actor

# Advisory lock key space of the audit streams (two-int form; see clearway.statistics.locks).
AUDIT_STREAM = 0x4155_4454
_a = audit_events.c
_LAST_HASH = (
    select(_a.chain_hash)
    .where(_a.entity == bindparam("entity"), _a.entity_id == bindparam("entity_id"))
    .order_by(_a.id.desc())
    .limit(1)
)


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    action: str,
    entity: str,
    entity_id: object,
    detail: dict[str, Any],
) -> None:
    """Write one audit line in the caller's transaction, so it commits or vanishes with it,
    chained to the last line about the same record."""
    row: dict[str, Any] = {
        "at": at,
        "actor": actor.username,
        "actor_role": actor.role.value,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "detail": detail,
    }
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Two transactions auditing one record would both link to the same last line; the
        # second waits here until the first commits. SQLite lets one writer in at a time.
        key = func.hashtext(audit_stream(entity, row["entity_id"]))
        conn.execute(select(func.pg_advisory_xact_lock(AUDIT_STREAM, key)))
    prev = conn.execute(_LAST_HASH, {"entity": entity, "entity_id": row["entity_id"]}).scalar()
    chain_prev = prev or GENESIS
    conn.execute(
        insert(audit_events),
        row | {"chain_prev": chain_prev, "chain_hash": link(chain_prev, AUDIT_FIELDS, row)},
    )
