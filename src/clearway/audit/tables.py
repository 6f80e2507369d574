"""Table of the audit trail of state changes outside the declaration timeline, hash-chained per
audited record (:mod:`clearway.audit.chain`)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, String, Table

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("actor_role", String(30), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("detail", JSON, nullable=False),
    # Null only on rows a database edit stripped: verification reports them as broken.
    Column("chain_prev", String(64), nullable=True),
    Column("chain_hash", String(64), nullable=True),
    Index("ix_audit_events_entity", "entity", "entity_id"),
)
