"""Tables of supervision: breaches, two-step summaries, centralized filings and lists.

A breach is recorded once per missed obligation (kind + reference is unique), so a job that
runs twice never counts the same late declaration twice.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clearway.persistence.metadata import metadata
from clearway.persistence.types import AMOUNT, QTY, UTCDateTime

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

MONEY = Numeric(18, 2)

two_step_declarations = Table(
    "two_step_declarations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, unique=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("licence_required", Boolean, nullable=False),
    Column("licence_number", String(40), nullable=True),
    Column("inspection_required", Boolean, nullable=False),
    Column("taxable", Boolean, nullable=False),
    Column("guarantee_id", ForeignKey("tax_guarantees.id"), nullable=True),
    Column("reserved_amount", MONEY, nullable=False),
    Column("lodged_at", UTCDateTime, nullable=False),
    Column("lodged_by", ACTOR, nullable=False),
    Column("complete_due_at", UTCDateTime, nullable=True),
    Column("overdue_at", UTCDateTime, nullable=True),
    Column("completed_at", UTCDateTime, nullable=True),
    Column("completed_by", ACTOR, nullable=True),
    Column("settled_amount", MONEY, nullable=True),
    Column("restored_amount", MONEY, nullable=True),
    Column("version", Integer, nullable=False),
    CheckConstraint("reserved_amount >= 0", name="reserved_not_negative"),
    Index("ix_two_step_declarations_open", "status", "complete_due_at"),
)

centralized_filings = Table(
    "centralized_filings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(24), nullable=False, unique=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=True),
    Column("flow", String(6), nullable=False),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("port_code", String(10), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    Column("trade_country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("supervision_mode", String(4), nullable=False),
    Column("goods_category", String(20), nullable=False),
    Column("regime", String(20), nullable=False),
    Column("guarantee_id", ForeignKey("tax_guarantees.id"), nullable=False),
    Column("status", String(10), nullable=False),
    Column("filed_at", UTCDateTime, nullable=False),
    Column("filed_by", ACTOR, nullable=False),
)

centralized_lists = Table(
    "centralized_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(24), nullable=False, unique=True),
    Column("filing_id", ForeignKey("centralized_filings.id"), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("flow", String(6), nullable=False),
    Column("entry_at", UTCDateTime, nullable=True),
    Column("loading_at", UTCDateTime, nullable=True),
    Column("transport_means", String(100), nullable=False),
    Column("accepted_at", UTCDateTime, nullable=False),
    Column("accepted_on", Date, nullable=False),
    Column("period", String(7), nullable=False),
    Column("lodged_by", ACTOR, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_value", AMOUNT, nullable=False),
    Column("net_weight", QTY, nullable=False),
    Column("gross_weight", QTY, nullable=False),
    Column("items", JSON, nullable=False),
    Column("duty", MONEY, nullable=False),
    Column("vat", MONEY, nullable=False),
    Column("reserved_amount", MONEY, nullable=False),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True, index=True),
    Column("consolidated_at", UTCDateTime, nullable=True),
    Index("ix_centralized_lists_period", "filing_id", "period", "declaration_id"),
)
