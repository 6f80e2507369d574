"""Table of the scheduled jobs' state, which is also their lease: a run is claimed by a
conditional UPDATE, so two servers never run the same job at once.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

scheduled_jobs = Table(
    "scheduled_jobs",
    metadata,
    Column("name", String(60), primary_key=True),
    Column("lease_until", UTCDateTime, nullable=True),
    # The current run's claim: only the process holding it records the run's finish.
    Column("claim_token", String(36), nullable=True),
    Column("last_started_at", UTCDateTime, nullable=True),
    Column("last_finished_at", UTCDateTime, nullable=True),
    Column("last_outcome", String(10), nullable=True),
    Column("last_summary", Text, nullable=True),
    Column("runs", Integer, nullable=False, default=0),
)
