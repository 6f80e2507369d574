"""Tables of notifications: the transactional outbox, webhook subscriptions and deliveries,
and the in-app inbox.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from clearway.persistence.metadata import metadata
from clearway.persistence.types import BIG_ID, UTCDateTime

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
    # Sealed with CLEARWAY_SECRET_ENCRYPTION_KEY (notifications.sealing), never in clear.
    Column("secret", String(300), nullable=False),
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
    # Which dispatcher's lease it is: only the holder settles the delivery.
    Column("claim_token", String(36), nullable=True),
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
