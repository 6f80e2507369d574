"""Tables of customs–enterprise liaison: officers and coordinators per enterprise, their
requests and each request's messages.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from clearway.persistence.metadata import metadata
from clearway.persistence.types import BIG_ID, UTCDateTime

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
