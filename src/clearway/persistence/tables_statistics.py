"""Read models of trade statistics and the Time Release Study.

Both are derived data: every row is re-derived from the declaration, its items, its timeline,
the credit history and the exchange rates (``clearway.statistics.facts``) in the transaction
that changes them, so a dashboard reads one narrow table instead of joining four big ones.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table

from clearway.declarations.status import Milestone
from clearway.persistence.tables import AMOUNT, QTY, metadata
from clearway.persistence.types import UTCDateTime


def milestone_column(milestone: Milestone) -> str:
    """Column holding a milestone's time: ``e1_at``, ``e6_end_at``, …"""
    return f"{milestone.value.lower()}_at"


# One row per lodged declaration: its milestone times and the attributes the TRS breaks down by.
release_facts = Table(
    "release_facts",
    metadata,
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("flow", String(6), nullable=False),
    Column("status", String(30), nullable=False),
    Column("office_code", String(4), nullable=False),
    Column("trader_id", Integer, nullable=False),
    Column("declaration_date", Date, nullable=False),
    Column("lane", String(6), nullable=True),
    Column("credit_level", String(30), nullable=False),
    Column("facilitation_mode", String(20), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    *(Column(milestone_column(m), UTCDateTime, nullable=True) for m in Milestone),
    Index("ix_release_facts_date", "declaration_date"),
    Index("ix_release_facts_flow_office_date", "flow", "office_code", "declaration_date"),
    Index("ix_release_facts_trader_date", "trader_id", "declaration_date"),
)

# One row per item of a declaration that counts in trade statistics (released or later).
trade_facts = Table(
    "trade_facts",
    metadata,
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("line_no", Integer, primary_key=True),
    Column("flow", String(6), nullable=False),
    Column("office_code", String(4), nullable=False),
    Column("port_code", String(10), nullable=False),
    Column("trader_id", Integer, nullable=False),
    Column("declaration_date", Date, nullable=False),
    Column("credit_level", String(30), nullable=False),
    Column("facilitation_mode", String(20), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    Column("tariff_code", String(10), nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("destination_country", String(2), nullable=False),
    Column("partner_country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("value", AMOUNT, nullable=False),
    Column("value_cny", AMOUNT, nullable=True),
    Column("value_usd", AMOUNT, nullable=True),
    Column("net_weight", QTY, nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Index("ix_trade_facts_date", "declaration_date"),
    Index("ix_trade_facts_flow_office_date", "flow", "office_code", "declaration_date"),
    Index("ix_trade_facts_trader_date", "trader_id", "declaration_date"),
    Index("ix_trade_facts_tariff_date", "tariff_code", "declaration_date"),
)
