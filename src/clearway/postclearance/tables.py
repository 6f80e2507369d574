"""The post-clearance audit queue: one task per released blue-lane declaration."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, String, Table, Text

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime
from clearway.shared.bounds import CNY_DIGITS

post_clearance_audits = Table(
    "post_clearance_audits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, unique=True),
    # The declaration's office, kept so an office's queue is read without the declarations.
    Column("office_code", String(4), nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("assignee", String(100), nullable=True),
    Column("taken_at", UTCDateTime, nullable=True),
    Column("finding", String(20), nullable=True),
    Column("kind", String(20), nullable=True),
    Column("revenue_raised", Numeric(CNY_DIGITS.precision, CNY_DIGITS.scale), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("closed_by", String(100), nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("version", Integer, nullable=False),
    Index("ix_post_clearance_audits_office_status", "office_code", "status"),
)
