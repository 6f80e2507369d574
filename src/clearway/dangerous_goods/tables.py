"""Table of the lithium-battery dangerous-goods checks run at submission of export declarations.

One row per submission that had lithium batteries on it and went through: the configuration in
force, the outcome, the lane the soft findings asked for and every finding. Refused submissions
leave nothing behind (the refusal rolls the whole submission back); the refusal itself lists
every finding to the declarant.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table

from clearway.persistence.metadata import metadata
from clearway.persistence.types import UTCDateTime

dangerous_goods_checks = Table(
    "dangerous_goods_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("checked_at", UTCDateTime, nullable=False),
    Column("submitted_by", String(100), nullable=False),
    Column("shipping_date", Date, nullable=False),
    Column("transport_mode", String(20), nullable=False),
    Column("lines_checked", Integer, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("lane_floor", String(6), nullable=True),
    # {check: "hard" | "soft" | "off"} in force when the check ran.
    Column("severities", JSON, nullable=False),
    # [{check, rule, path, message, severity, lane}]
    Column("findings", JSON, nullable=False),
)
