"""Tables of arrivals of trains and vehicles, and of the declarations each arrival carried
(direct pickup / direct loading).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

ACTOR = String(100)

arrival_records = Table(
    "arrival_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("transport_means", String(100), nullable=False),
    Column("train_id", ForeignKey("train_consists.id"), nullable=True),
    Column("arrived_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", ACTOR, nullable=False),
    Index("ix_arrival_records_office_arrived", "office_code", "arrived_at"),
)

arrival_declarations = Table(
    "arrival_declarations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "arrival_id",
        ForeignKey("arrival_records.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("declaration_number", String(24), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("reasons", JSON, nullable=False),
    UniqueConstraint("arrival_id", "declaration_id"),
)
