"""Table of the API's idempotency keys: one claim and stored answer per principal and key."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text, UniqueConstraint

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("principal", String(100), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response_body", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Written in the work's own transaction: the work committed, and where its result is read.
    Column("committed_at", UTCDateTime, nullable=True),
    Column("committed_location", String(300), nullable=True),
    UniqueConstraint("principal", "key"),
    # The idempotency.sweep job deletes by age.
    Index("ix_idempotency_keys_created_at", "created_at"),
)
