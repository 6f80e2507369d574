"""Tables of inspection: office calendars, appointments, sites, slots, bookings, orders, plans
and inspection records.

Capacity is the database's business: ``booked`` moves only through conditional UPDATEs and a
CHECK keeps it within ``0..capacity``; UNIQUE columns that hold the declaration id only while a
booking or an order is live let the database refuse a second live one.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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
    Time,
    UniqueConstraint,
)

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

# --- office calendars ------------------------------------------------------------------------

office_calendars = Table(
    "office_calendars",
    metadata,
    Column("office_code", ForeignKey("customs_offices.code"), primary_key=True),
    Column("timezone", String(50), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("version", Integer, nullable=False),
)

office_working_hours = Table(
    "office_working_hours",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "office_code",
        ForeignKey("office_calendars.office_code", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("weekday", Integer, nullable=False),
    Column("opens", Time, nullable=False),
    Column("closes", Time, nullable=False),
    UniqueConstraint("office_code", "weekday", "opens"),
    CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_iso"),
    CheckConstraint("opens < closes", name="opens_before_closes"),
)

office_holidays = Table(
    "office_holidays",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "office_code",
        ForeignKey("office_calendars.office_code", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("day", Date, nullable=False),
    Column("name", String(100), nullable=False),
    UniqueConstraint("office_code", "day"),
)

# --- appointment clearance outside office hours ----------------------------------------------

clearance_appointments = Table(
    "clearance_appointments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("broker_id", ForeignKey("enterprises.id"), nullable=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True, index=True),
    Column("shipment", String(200), nullable=False, default=""),
    Column("tariff_codes", String(500), nullable=False, default=""),
    Column("goods_category", String(30), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("credit_level", String(30), nullable=False),
    Column("lead_hours", Numeric(6, 2), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("status", String(12), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("decided_by", String(100), nullable=False, default=""),
    Column("decided_at", UTCDateTime, nullable=True),
    Column("decision_reason", Text, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_clearance_appointments_office_start", "office_code", "starts_at"),
    CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
)

# --- inspection sites, slots, bookings, orders, plans ----------------------------------------

inspection_sites = Table(
    "inspection_sites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("address", String(300), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
)

inspection_plans = Table(
    "inspection_plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("site_id", ForeignKey("inspection_sites.id"), nullable=False),
    Column("weekdays", String(20), nullable=False),
    Column("window_start", Time, nullable=False),
    Column("window_end", Time, nullable=False),
    Column("expected_lots", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("status", String(12), nullable=False),
    Column("filed_by", String(100), nullable=False),
    Column("filed_at", UTCDateTime, nullable=False),
    Column("withdrawn_at", UTCDateTime, nullable=True),
    Column("withdrawn_by", String(100), nullable=False, default=""),
    Column("version", Integer, nullable=False),
    CheckConstraint("expected_lots > 0", name="expected_lots_positive"),
    CheckConstraint("window_start < window_end", name="window_start_before_end"),
    CheckConstraint("valid_from <= valid_to", name="valid_from_before_to"),
)

inspection_slots = Table(
    "inspection_slots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", ForeignKey("inspection_sites.id"), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked", Integer, nullable=False, default=0),
    Column("reserved_for_id", ForeignKey("enterprises.id"), nullable=True),
    Column("plan_id", ForeignKey("inspection_plans.id"), nullable=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Index("ix_inspection_slots_site_start", "site_id", "starts_at"),
    CheckConstraint("capacity > 0", name="capacity_positive"),
    CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
    CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
)

inspection_orders = Table(
    "inspection_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("active_declaration_id", Integer, nullable=True, unique=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_inspection_orders_status", "status", "created_at"),
)

inspection_bookings = Table(
    "inspection_bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slot_id", ForeignKey("inspection_slots.id"), nullable=False, index=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("order_id", ForeignKey("inspection_orders.id"), nullable=True, index=True),
    Column("holds_declaration_id", Integer, nullable=True, unique=True),
    Column("status", String(12), nullable=False),
    Column("booked_by", String(100), nullable=False),
    Column("booked_at", UTCDateTime, nullable=False),
    Column("rescheduled_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("ended_by", String(100), nullable=False, default=""),
    Column("end_reason", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False),
)

# --- inspection records ----------------------------------------------------------------------

inspection_records = Table(
    "inspection_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("order_id", ForeignKey("inspection_orders.id"), nullable=True),
    Column("kind", String(24), nullable=False),
    Column("status", String(10), nullable=False),
    Column("officer_id", ForeignKey("users.id"), nullable=True),
    Column("officer", String(100), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("result", String(12), nullable=True),
    Column("findings", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False),
)

inspection_attachments = Table(
    "inspection_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "record_id",
        ForeignKey("inspection_records.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("file_name", String(255), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("added_by", String(100), nullable=False),
    UniqueConstraint("record_id", "sha256"),
    CheckConstraint("size_bytes > 0", name="size_positive"),
)
