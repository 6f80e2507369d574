"""Tables of supervision: breaches of facility obligations and the scheduled jobs' state.

A breach is recorded once per missed obligation (kind + reference is unique), so a job that
runs twice never counts the same late declaration twice. The jobs' table is also their lease:
a run is claimed by a conditional UPDATE, so two servers never run the same job at once.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from clearway.persistence.tables import metadata
from clearway.persistence.types import UTCDateTime

ACTOR = String(100)

supervision_breaches = Table(
    "supervision_breaches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False),
    Column("facility", String(30), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("recorded_by", ACTOR, nullable=False),
    Column("lifted_at", UTCDateTime, nullable=True),
    Column("lifted_by", ACTOR, nullable=True),
    Column("lift_reason", Text, nullable=True),
    UniqueConstraint("kind", "reference"),
    Index("ix_supervision_breaches_enterprise", "enterprise_id", "facility", "occurred_at"),
)

scheduled_jobs = Table(
    "scheduled_jobs",
    metadata,
    Column("name", String(60), primary_key=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("last_started_at", UTCDateTime, nullable=True),
    Column("last_finished_at", UTCDateTime, nullable=True),
    Column("last_outcome", String(10), nullable=True),
    Column("last_summary", Text, nullable=True),
    Column("runs", Integer, nullable=False, default=0),
)
