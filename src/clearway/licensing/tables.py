"""Tables of the licence register: the licences customs records and their write-offs.

A licence number is unique district-wide (it is what the trader declares). A write-off names
the declaration's goods line; open write-offs of a declaration are found by its id when it is
rejected, cancelled or resubmitted.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text

from clearway.persistence.metadata import metadata
from clearway.persistence.types import QTY, UTCDateTime

licences = Table(
    "licences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("condition_code", String(1), nullable=False),
    Column("issuer", String(200), nullable=False),
    Column("holder_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("hs_scope", String(500), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("quantity_granted", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("drawn_down", QTY, nullable=False),
    Column("recorded_by", String(100), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
)

licence_drawdowns = Table(
    "licence_drawdowns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("licence_id", ForeignKey("licences.id"), nullable=False, index=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("line_no", Integer, nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("drawn_at", UTCDateTime, nullable=False),
    Column("restored_at", UTCDateTime, nullable=True),
    Column("restored_reason", String(200), nullable=False, default=""),
)
