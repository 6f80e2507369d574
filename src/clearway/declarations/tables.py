"""Tables of the declaration aggregate (header, items, documents, timeline) and its numbering."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from clearway.declarations.measures import Measures, key_of, parse_key
from clearway.persistence.metadata import metadata
from clearway.persistence.types import AMOUNT, QTY, UTCDateTime


class _MeasureSet(TypeDecorator[Measures]):
    """A set of facilitation measures in, its canonical key stored (``declarations.measures``):
    one string column that a ``LIKE '%,m,%'`` filters by measure."""

    impl = String(120)
    cache_ok = True

    def process_bind_param(self, value: Measures | None, dialect: Dialect) -> str | None:
        return None if value is None else key_of(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Measures | None:
        return None if value is None else parse_key(value)


MeasureSet = _MeasureSet()

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
    Column("price_terms", String(3), nullable=True),
    Column("freight", AMOUNT, nullable=True),
    Column("insurance", AMOUNT, nullable=True),
    Column("other_charges", AMOUNT, nullable=True),
    Column("deductions", AMOUNT, nullable=True),
    Column("gross_weight", QTY, nullable=False),
    Column("net_weight", QTY, nullable=False),
    Column("packages", Integer, nullable=False),
    Column("overseas_party", String(300), nullable=False, default=""),
    # The set of facilitation measures as one canonical key (``declarations.measures``).
    Column("facilitation_measures", MeasureSet, nullable=False, server_default=",standard,"),
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
    # FOB (exports) or CIF (imports) in the declaration currency: ``rules.statistical_values``.
    Column("statistical_value", AMOUNT, nullable=False),
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
    Column("dg_equipment", String(20), nullable=True),
    Column("dg_packing_instruction", String(5), nullable=True),
    Column("dg_packing_section", String(2), nullable=True),
    Column("dg_net_quantity_kg", Numeric(12, 3), nullable=True),
    Column("dg_cargo_aircraft_only", Boolean, nullable=True),
    Column("ore_grain_size_class", String(20), nullable=True),
    Column("ore_fe_pct", Numeric(6, 2), nullable=True),
    Column("ore_moisture_pct", Numeric(6, 2), nullable=True),
    Column("ore_brand", String(100), nullable=True),
    # The licence or permit the line's supervision conditions call for (licensing.writeoff).
    Column("licence_number", String(40), nullable=True),
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
    # The timeline's hash chain (clearway.audit.chain), set as each line is inserted.
    Column("chain_prev", String(64), nullable=True),
    Column("chain_hash", String(64), nullable=True),
    UniqueConstraint("declaration_id", "seq"),
)
