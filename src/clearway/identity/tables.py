"""Tables of users (sign-in names, password hashes, roles) and of failed sign-ins."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=True),
    # The customs office an officer of an office-bound role works at (None: not yet assigned).
    Column("office_code", ForeignKey("customs_offices.code"), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Raised to make every API token (token_version) or portal session (session_version)
    # issued before worthless: deactivation raises both, portal sign-out the session one.
    Column("token_version", Integer, nullable=False, default=0, server_default="0"),
    Column("session_version", Integer, nullable=False, default=0, server_default="0"),
)

# One row per failed sign-in; the throttle counts them per username and per client address
# over a sliding window, in the database so that every server process sees the same count.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_sign_in_failures_username_at", "username", "at"),
    Index("ix_sign_in_failures_address_at", "address", "at"),
)
