"""``trade_monthly_items``: trade per month and per item attribute (HS code, country).

The per-item twin of ``trade_monthly`` (``persistence/tables_statistics.py``), re-derived
from ``trade_facts`` with it, a slice (enterprise × month) at a time (``monthly.py``).

One row per month, per-declaration attributes (office, port, enterprise, credit level,
facilitation and transport mode) and one value of one item attribute: ``dimension`` names the
attribute (``hs_chapter``, ``hs_heading``, ``hs_subheading``, ``hs_line``,
``origin_country``, ``destination_country``, ``partner_country``) and ``code`` its value. A
row counts the declarations with at least one item of that code, so the counts of the rows
of one code add up across months and per-declaration attributes (each declaration sits in one
of those), though never across codes (a declaration may have items in two chapters).

The table is declared with the statistics that keep and read it; importing
:mod:`clearway.statistics` registers it on the one metadata, as every import of the schema
(``persistence.schema``, through ``tables_statistics``) does.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from clearway.persistence.tables import AMOUNT, QTY, metadata

trade_monthly_items = Table(
    "trade_monthly_items",
    metadata,
    Column("dimension", String(20), primary_key=True),
    Column("period", Integer, primary_key=True),  # yyyymm
    Column("flow", String(6), primary_key=True),
    Column("office_code", String(4), primary_key=True),
    Column("trader_id", Integer, primary_key=True),
    Column("port_code", String(10), primary_key=True),
    Column("credit_level", String(30), primary_key=True),
    Column("facilitation_mode", String(20), primary_key=True),
    Column("transport_mode", String(20), primary_key=True),
    Column("code", String(10), primary_key=True),
    Column("declarations", Integer, nullable=False),
    Column("items", Integer, nullable=False),
    Column("value_cny", AMOUNT, nullable=False),
    Column("value_usd", AMOUNT, nullable=True),
    Column("usd_items", Integer, nullable=False),
    Column("net_weight", QTY, nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("unit_low", String(10), nullable=False),
    Column("unit_high", String(10), nullable=False),
    Index("ix_trade_monthly_items_trader_period", "trader_id", "period"),
)
