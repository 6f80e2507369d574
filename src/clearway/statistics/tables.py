"""Read models of trade statistics and the Time Release Study.

Both are derived data: every row is re-derived from the declaration, its items, its timeline,
the credit history and the exchange rates (``clearway.statistics.facts``) in the transaction
that changes them, so a dashboard reads one narrow table instead of joining four big ones.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Double, ForeignKey, Index, Integer, String, Table

from clearway.declarations.status import Milestone
from clearway.persistence.metadata import metadata
from clearway.persistence.types import AMOUNT, QTY, UTCDateTime
from clearway.statistics.trs import SEGMENTS, Segment


def milestone_column(milestone: Milestone) -> str:
    """Column holding a milestone's time: ``e1_at``, ``e6_end_at``, …"""
    return f"{milestone.value.lower()}_at"


def segment_column(segment: Segment) -> str:
    """Column holding a segment's seconds: ``release_time_s``, …"""
    return f"{segment.name}_s"


# One row per lodged declaration: its milestone times, the seconds of each TRS segment (NULL
# where it does not apply; ``trs.py`` defines them) and the attributes the TRS breaks down by.
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
    Column("facilitation_measures", String(120), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    *(Column(milestone_column(m), UTCDateTime, nullable=True) for m in Milestone),
    *(Column(segment_column(s), Double, nullable=True) for s in SEGMENTS),
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
    Column("facilitation_measures", String(120), nullable=False),
    Column("transport_mode", String(20), nullable=False),
    Column("trade_mode", String(4), nullable=False),  # the supervision mode
    Column("heading", String(15), nullable=False),  # trade or zone_movement (trade_modes.py)
    Column("tariff_code", String(10), nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("destination_country", String(2), nullable=False),
    Column("partner_country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("value", AMOUNT, nullable=False),
    Column("value_cny", AMOUNT, nullable=True),
    Column("value_usd", AMOUNT, nullable=True),
    Column("statistical_value_cny", AMOUNT, nullable=True),  # FOB (exports) / CIF (imports)
    Column("statistical_value_usd", AMOUNT, nullable=True),
    Column("net_weight", QTY, nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Index("ix_trade_facts_date", "declaration_date"),
    Index("ix_trade_facts_flow_office_date", "flow", "office_code", "declaration_date"),
    Index("ix_trade_facts_trader_date", "trader_id", "declaration_date"),
    Index("ix_trade_facts_tariff_date", "tariff_code", "declaration_date"),
)


def _monthly_slice() -> list[Column[object]]:
    """The key both monthly rollups share: the month and the per-declaration dimensions."""
    return [
        Column("period", Integer, primary_key=True),  # yyyymm
        Column("flow", String(6), primary_key=True),
        Column("office_code", String(4), primary_key=True),
        Column("trader_id", Integer, primary_key=True),
        Column("port_code", String(10), primary_key=True),
        Column("credit_level", String(30), primary_key=True),
        Column("facilitation_measures", String(120), primary_key=True),
        Column("transport_mode", String(20), primary_key=True),
        Column("trade_mode", String(4), primary_key=True),
        Column("heading", String(15), primary_key=True),
    ]


def _monthly_sums() -> list[Column[object]]:
    """What both monthly rollups add up per row."""
    return [
        Column("declarations", Integer, nullable=False),
        Column("items", Integer, nullable=False),
        Column("value_cny", AMOUNT, nullable=False),
        Column("value_usd", AMOUNT, nullable=True),
        Column("usd_items", Integer, nullable=False),
        Column("statistical_value_cny", AMOUNT, nullable=False),
        Column("statistical_value_usd", AMOUNT, nullable=True),
        Column("net_weight", QTY, nullable=False),
        Column("quantity", QTY, nullable=False),
        Column("unit_low", String(10), nullable=False),
        Column("unit_high", String(10), nullable=False),
    ]


# Trade per month at the grain of the per-declaration dimensions (office, port, enterprise,
# credit level, facilitation mode, transport mode, trade mode and its heading), re-derived
# from ``trade_facts`` a slice (enterprise × month) at a time. Every declaration sits in
# exactly one row, so its counts add up; dashboards over whole months read this instead of
# every item line.
trade_monthly = Table(
    "trade_monthly",
    metadata,
    *_monthly_slice(),
    *_monthly_sums(),
    Index("ix_trade_monthly_trader_period", "trader_id", "period"),
)

# ``trade_monthly``'s per-item twin, re-derived with it (``statistics/monthly.py``): one row per
# month, per-declaration dimensions and one value of one item attribute. ``dimension`` names the
# attribute (``hs_chapter``, ``hs_heading``, ``hs_subheading``, ``hs_line``, ``origin_country``,
# ``destination_country``, ``partner_country``) and ``code`` its value. A row counts the
# declarations with at least one item of that code, so the rows of one code add up across
# months and per-declaration dimensions (each declaration sits in one of those), though never
# across codes (a declaration may have items in two chapters).
trade_monthly_items = Table(
    "trade_monthly_items",
    metadata,
    Column("dimension", String(20), primary_key=True),
    *_monthly_slice(),
    Column("code", String(10), primary_key=True),
    *_monthly_sums(),
    Index("ix_trade_monthly_items_trader_period", "trader_id", "period"),
)
