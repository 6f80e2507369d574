"""Imperative mapping of the reference data's classes, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from sqlalchemy.orm import registry

from clearway.reference import tables as t
from clearway.reference.model import CustomsOffice, ExchangeRate, MainstreamOreOrigin, TariffLine


def map_reference(reg: registry) -> None:
    """Map the tariff lines, exchange rates, customs offices and ore origins onto their tables."""
    reg.map_imperatively(TariffLine, t.tariff_lines)
    reg.map_imperatively(ExchangeRate, t.exchange_rates)
    reg.map_imperatively(CustomsOffice, t.customs_offices)
    reg.map_imperatively(MainstreamOreOrigin, t.ore_mainstream_origins)
