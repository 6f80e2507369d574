"""Every table Clearway keeps. Alembic migrations are generated from this metadata."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clearway.persistence.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

QTY = Numeric(18, 4)
AMOUNT = Numeric(18, 4)
RATE = Numeric(9, 4)

tariff_lines = Table(
    "tariff_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(10), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("mfn_rate", RATE, nullable=False),
    Column("vat_rate", RATE, nullable=False),
    Column("export_rebate_rate", RATE, nullable=False),
    Column("supervision_conditions", String(20), nullable=False, default=""),
    Column("unit", String(10), nullable=False),
    UniqueConstraint("code", "valid_from"),
)

exchange_rates = Table(
    "exchange_rates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("cny_per_unit", Numeric(18, 6), nullable=False),
    UniqueConstraint("currency", "valid_from"),
)

customs_offices = Table(
    "customs_offices",
    metadata,
    Column("code", String(4), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("port", String(200), nullable=False),
)

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

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

number_sequences = Table(
    "number_sequences",
    metadata,
    Column("office_code", String(4), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("flow", String(1), primary_key=True),
    Column("last_value", Integer, nullable=False),
)

declarations = Table(
    "declarations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(24), nullable=False, unique=True),
    Column("flow", String(6), nullable=False),
    Column("status", String(30), nullable=False),
    Column("lane", String(6), nullable=True),
    Column("lane_reason", Text, nullable=False, default=""),
    Column("suspended_from", String(30), nullable=True),
    Column("trader_id", ForeignKey("enterprises.id"), nullable=False),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("port_code", String(10), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    Column("transport_means", String(100), nullable=False, default=""),
    Column("supervision_mode", String(4), nullable=False),
    Column("trade_country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_value", AMOUNT, nullable=False),
    Column("gross_weight", QTY, nullable=False),
    Column("net_weight", QTY, nullable=False),
    Column("packages", Integer, nullable=False),
    Column("overseas_party", String(300), nullable=False, default=""),
    Column("facilitation_mode", String(20), nullable=False, server_default="standard"),
    Column("declaration_date", Date, nullable=False),
    Column("duty_amount", AMOUNT, nullable=True),
    Column("lodged_at", UTCDateTime, nullable=True),
    Column("arrived_at", UTCDateTime, nullable=True),
    Column("released_at", UTCDateTime, nullable=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_declarations_trader_status", "trader_id", "status"),
    Index("ix_declarations_broker", "broker_id"),
    Index("ix_declarations_status_lane", "status", "lane"),
    Index("ix_declarations_date", "declaration_date"),
)

declaration_items = Table(
    "declaration_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("line_no", Integer, nullable=False),
    Column("tariff_code", String(10), nullable=False, index=True),
    Column("goods_name", String(300), nullable=False),
    Column("specification", Text, nullable=False, default=""),
    Column("quantity", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("net_weight", QTY, nullable=False),
    Column("gross_weight", QTY, nullable=False),
    Column("value", AMOUNT, nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("destination_country", String(2), nullable=False),
    Column("dg_un_number", String(6), nullable=True),
    Column("dg_name", String(300), nullable=True),
    Column("dg_packaging_category", String(10), nullable=True),
    Column("dg_packaging_spec", String(300), nullable=True),
    Column("dg_chemistry", String(20), nullable=True),
    Column("dg_battery_kind", String(10), nullable=True),
    Column("dg_watt_hours", Numeric(12, 2), nullable=True),
    Column("dg_lithium_grams", Numeric(12, 3), nullable=True),
    Column("dg_state_of_charge_pct", Numeric(5, 2), nullable=True),
    Column("dg_damaged", Boolean, nullable=True),
    Column("dg_battery_model", String(100), nullable=True),
    Column("ore_grain_size_class", String(20), nullable=True),
    Column("ore_fe_pct", Numeric(6, 2), nullable=True),
    Column("ore_moisture_pct", Numeric(6, 2), nullable=True),
    Column("ore_brand", String(100), nullable=True),
    UniqueConstraint("declaration_id", "line_no"),
)

declaration_documents = Table(
    "declaration_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("doc_type", String(50), nullable=False),
    Column("number", String(100), nullable=False),
    Column("issuer", String(300), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
)

declaration_events = Table(
    "declaration_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("actor_role", String(30), nullable=False),
    Column("command", String(30), nullable=False),
    Column("from_status", String(30), nullable=False),
    Column("to_status", String(30), nullable=False),
    Column("lane", String(6), nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("milestone", String(8), nullable=True),
    UniqueConstraint("declaration_id", "seq"),
)

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
    Index("ix_audit_events_entity", "entity", "entity_id"),
)

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
    UniqueConstraint("principal", "key"),
)
