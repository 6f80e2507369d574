"""Stored simulation runs and their declarations' release facts, apart from the real ones.

Simulated declarations are no declarations: they have no row in ``declarations`` and their
facts live in ``simulated_release_facts``, never in ``release_facts``, so no query over real
figures can count them; a page shows them only when a run is asked for by id.
"""

from __future__ import annotations

from sqlalchemy import Column, Double, ForeignKey, Index, Integer, String, Table, Text

from clearway.declarations.status import Milestone
from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime
from clearway.statistics.tables import milestone_column, segment_column
from clearway.statistics.trs import SEGMENTS

simulation_runs = Table(
    "simulation_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario", String(60), nullable=False),
    Column("title", String(200), nullable=False),
    Column("port", String(30), nullable=False),
    Column("flow", String(6), nullable=False),
    Column("office_code", String(4), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("parameters", Text, nullable=False),  # the resolved scenario as JSON
    Column("declarations", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
)

# One row per simulated declaration, with the same milestone and segment columns as
# ``release_facts`` so the same Time Release Study arithmetic reads both.
simulated_release_facts = Table(
    "simulated_release_facts",
    metadata,
    Column("run_id", ForeignKey("simulation_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("number", String(30), nullable=False),
    Column("flow", String(6), nullable=False),
    Column("status", String(30), nullable=False),
    Column("office_code", String(4), nullable=False),
    Column("lane", String(6), nullable=False),
    Column("credit_level", String(30), nullable=False),
    Column("facilitation_mode", String(200), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    *(Column(milestone_column(m), UTCDateTime, nullable=True) for m in Milestone),
    *(Column(segment_column(s), Double, nullable=True) for s in SEGMENTS),
    Index("ix_simulated_release_facts_run", "run_id"),
)
