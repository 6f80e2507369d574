"""Tables of the broker information platform: import plans, train consists and their wagons."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    UniqueConstraint,
)

from clearway.persistence.metadata import metadata
from clearway.persistence.types import QTY, UTCDateTime

import_plans = Table(
    "import_plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("principal_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("plan_date", Date, nullable=False),
    Column("goods_name", String(300), nullable=False),
    Column("tariff_code", String(10), nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("supplier", String(300), nullable=False),
    Column("arrival_from", Date, nullable=False),
    Column("arrival_to", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("risk_level", String(12), nullable=True),
    Column("risk_score", Numeric(5, 4), nullable=True),
    Column("risk_reasons", JSON, nullable=False),
    Column("screened_at", UTCDateTime, nullable=True),
    Column("screened_by", String(60), nullable=False, default=""),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_import_plans_office_arrival", "office_code", "arrival_from"),
)

train_consists = Table(
    "train_consists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", ForeignKey("import_plans.id"), nullable=True, index=True),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("principal_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("train_number", String(20), nullable=False),
    Column("origin_station", String(100), nullable=False),
    Column("departed_at", UTCDateTime, nullable=False),
    Column("eta_border", UTCDateTime, nullable=False),
    Column("arrived_at", UTCDateTime, nullable=True),
    Column("transshipped_at", UTCDateTime, nullable=True),
    Column("status", String(20), nullable=False),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_train_consists_office_eta", "office_code", "eta_border"),
)

wagons = Table(
    "wagons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "consist_id",
        ForeignKey("train_consists.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("wagon_number", String(20), nullable=False),
    Column("net_weight", QTY, nullable=False),
    UniqueConstraint("consist_id", "wagon_number"),
)
