"""Tables of customs–enterprise liaison, the broker information platform and notifications.

They live on the same metadata as every other table, so one Alembic history and one test
clean-up cover them; they are kept in their own file so the domains can grow without touching
the foundation's table list.
"""

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
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clearway.persistence.tables import QTY, metadata
from clearway.persistence.types import UTCDateTime

BIG_ID = BigInteger().with_variant(Integer, "sqlite")

# --- customs–enterprise liaison -------------------------------------------------------------

liaison_assignments = Table(
    "liaison_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("officer_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("duty", String(20), nullable=False),
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("assigned_by", String(100), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("end_reason", Text, nullable=False, default=""),
)

liaison_requests = Table(
    "liaison_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("category", String(20), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("assignee_id", ForeignKey("users.id"), nullable=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True),
    Column("opened_by", String(100), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("escalation_level", Integer, nullable=False, default=0),
    Column("escalated_at", UTCDateTime, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_liaison_requests_status_due", "status", "due_at"),
)

liaison_messages = Table(
    "liaison_messages",
    metadata,
    Column("id", BIG_ID, primary_key=True),
    Column(
        "request_id",
        ForeignKey("liaison_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("author", String(100), nullable=False),
    Column("author_role", String(30), nullable=False),
    Column("command", String(20), nullable=False),
    Column("from_status", String(20), nullable=False),
    Column("to_status", String(20), nullable=False),
    Column("body", Text, nullable=False, default=""),
    UniqueConstraint("request_id", "seq"),
)

# --- broker information platform: import plans and logistics dynamics ------------------------

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

# --- notifications: outbox, webhooks, in-app inbox -------------------------------------------

outbox_events = Table(
    "outbox_events",
    metadata,
    Column("id", BIG_ID, primary_key=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(60), nullable=False),
    Column("stream_key", String(60), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("bus_published_at", UTCDateTime, nullable=True),
    Index("ix_outbox_events_bus", "bus_published_at", "id"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("url", String(500), nullable=False),
    Column("secret", String(128), nullable=False),
    Column("topics", String(500), nullable=False, default="*"),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("deactivated_at", UTCDateTime, nullable=True),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", BIG_ID, primary_key=True),
    Column(
        "outbox_id", ForeignKey("outbox_events.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("subscription_id", ForeignKey("webhook_subscriptions.id"), nullable=False),
    Column("stream_key", String(60), nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", Text, nullable=False, default=""),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("dead_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_stream", "subscription_id", "stream_key", "status", "id"),
)

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", BIG_ID, primary_key=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=True),
    Column("user_id", ForeignKey("users.id"), nullable=True),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("link", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("read_at", UTCDateTime, nullable=True),
    Column("read_by", String(100), nullable=True),
    Index("ix_inbox_messages_enterprise", "enterprise_id", "id"),
    Index("ix_inbox_messages_user", "user_id", "id"),
)
