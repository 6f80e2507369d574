"""Dated reference records: a tariff line or a rate is always read as of a day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clearway.shared.periods import in_force


class TariffLine:
    """A 10-digit national tariff line in force from `valid_from` up to and including `valid_to`.

    Rates are percentages as the published tariff writes them (13 means 13 %).
    """

    id: int
    code: str
    description: str
    valid_from: date
    valid_to: date | None
    mfn_rate: Decimal
    vat_rate: Decimal
    export_rebate_rate: Decimal
    supervision_conditions: str
    unit: str

    def __init__(
        self,
        code: str,
        description: str,
        valid_from: date,
        valid_to: date | None,
        mfn_rate: Decimal,
        vat_rate: Decimal,
        export_rebate_rate: Decimal,
        supervision_conditions: str,
        unit: str,
    ) -> None:
        self.code = code
        self.description = description
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.mfn_rate = mfn_rate
        self.vat_rate = vat_rate
        self.export_rebate_rate = export_rebate_rate
        self.supervision_conditions = supervision_conditions
        self.unit = unit

    def in_force_on(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)

    @property
    def hs6(self) -> str:
        return self.code[:6]


def month_of(day: date) -> date:
    """The first day of a day's month: the key of the monthly customs exchange rates."""
    return day.replace(day=1)


class ExchangeRate:
    """The customs rate (CNY per unit of a currency) of the month starting on `valid_from`.

    One rate per currency per month: GACC publishes it before the month begins, and every
    declaration dated in the month converts at it (docs/rules/valuation.md).
    """

    id: int
    currency: str
    valid_from: date
    cny_per_unit: Decimal

    def __init__(self, currency: str, valid_from: date, cny_per_unit: Decimal) -> None:
        self.currency = currency
        self.valid_from = valid_from
        self.cny_per_unit = cny_per_unit


class CustomsOffice:
    """A customs office (4-digit code) and the port it serves."""

    code: str
    name: str
    name_en: str
    port: str

    def __init__(self, code: str, name: str, name_en: str, port: str) -> None:
        self.code = code
        self.name = name
        self.name_en = name_en
        self.port = port


class MainstreamOreOrigin:
    """A country whose iron ore counts as mainstream (stable quality) from `valid_from` up to and
    including `valid_to`: the one list classification, pre-arrival screening and the risk rules
    read, as of the declaration's or the plan's day."""

    id: int
    country: str
    valid_from: date
    valid_to: date | None
    note: str

    def __init__(self, country: str, valid_from: date, valid_to: date | None, note: str) -> None:
        self.country = country
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.note = note

    def in_force_on(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)
