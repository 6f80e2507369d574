"""Tables of the reference data: dated tariff lines, exchange rates, customs offices and the
dated list of mainstream iron ore origins."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, Numeric, String, Table, Text, UniqueConstraint

from clearway.persistence.metadata import metadata
from clearway.persistence.types import RATE

tariff_lines = Table(
    "tariff_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(10), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("mfn_rate", RATE, nullable=False),
    Column("vat_rate", RATE, nullable=False),
    Column("export_rebate_rate", RATE, nullable=False),
    Column("supervision_conditions", String(20), nullable=False, default=""),
    Column("unit", String(10), nullable=False),
    UniqueConstraint("code", "valid_from"),
)

exchange_rates = Table(
    "exchange_rates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("cny_per_unit", Numeric(18, 6), nullable=False),
    UniqueConstraint("currency", "valid_from"),
)

customs_offices = Table(
    "customs_offices",
    metadata,
    Column("code", String(4), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("port", String(200), nullable=False),
)

ore_mainstream_origins = Table(
    "ore_mainstream_origins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("country", String(2), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("note", String(300), nullable=False, default=""),
    UniqueConstraint("country", "valid_from"),
)
