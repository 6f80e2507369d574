"""Tables of enterprises, their credit levels over time and broker authorisations."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uscc", String(18), nullable=False, unique=True),
    Column("customs_code", String(10), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("name_en", String(300), nullable=False, default=""),
    Column("roles", String(100), nullable=False),
    Column("address", String(500), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
)

credit_records = Table(
    "credit_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("level", String(30), nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    Column("decree", String(100), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", String(100), nullable=False),
)

broker_authorisations = Table(
    "broker_authorisations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("principal_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("scope", String(10), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)
