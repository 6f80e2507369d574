"""Duty, import VAT and export rebate of a declaration from dated rates. Pure: no I/O.

Customs value in CNY = declared value x the exchange rate in force on the declaration date;
duty = value x MFN rate; import VAT = (value + duty) x VAT rate; export rebate = value x the
rebate rate in force on the declaration date. Every amount is rounded to the fen, half-up, per
item (:func:`clearway.declarations.duty.item_tax`); the declaration's totals are the sums of the
rounded item amounts, so a tax notice always adds up line by line. A rate that changes on the
declaration date applies to it: the dated lookups decide, never the date of payment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from clearway.declarations.duty import HUNDRED, ItemTax, item_tax, total_due
from clearway.reference.model import ExchangeRate, TariffLine
from clearway.shared.errors import Collector
from clearway.shared.money import round_fen

ZERO_FEN = Decimal("0.00")


class TaxReference(Protocol):
    """The dated tables the computation reads, without knowing where they live."""

    def tariff_line_on(self, code: str, day: date) -> TariffLine | None: ...

    def exchange_rate_on(self, currency: str, day: date) -> ExchangeRate | None: ...


@dataclass(frozen=True)
class TaxableLine:
    """What the computation needs of a declaration item."""

    line_no: int
    tariff_code: str
    value: Decimal


@dataclass(frozen=True)
class ImportTax:
    """A tax notice: per-item duty and VAT in CNY, and the declaration's totals."""

    day: date
    currency: str
    cny_per_unit: Decimal
    items: tuple[ItemTax, ...]

    @property
    def customs_value(self) -> Decimal:
        return sum((i.customs_value_cny for i in self.items), ZERO_FEN)

    @property
    def duty(self) -> Decimal:
        return sum((i.duty for i in self.items), ZERO_FEN)

    @property
    def vat(self) -> Decimal:
        return sum((i.vat for i in self.items), ZERO_FEN)

    @property
    def total(self) -> Decimal:
        return total_due(list(self.items))


@dataclass(frozen=True)
class RebateLine:
    """One item's refund; `reason` says why an item earns nothing (a rate of 0 % that day)."""

    line_no: int
    tariff_code: str
    customs_value_cny: Decimal
    rebate_rate: Decimal
    amount: Decimal
    reason: str | None = None


@dataclass(frozen=True)
class ExportRebate:
    """Export tax refund of a declaration at the rebate rates of its date."""

    day: date
    currency: str
    cny_per_unit: Decimal
    lines: tuple[RebateLine, ...]

    @property
    def customs_value(self) -> Decimal:
        return sum((line.customs_value_cny for line in self.lines), ZERO_FEN)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO_FEN)


def no_rebate_reason(tariff: TariffLine, day: date) -> str | None:
    """Why an item earns no refund on `day`, or None when its tariff period gives a rebate.

    The reason names the dated period that decided, so the exporter sees that the rebate was
    ended (or never granted) for the line rather than a refund silently missing.
    """
    if tariff.export_rebate_rate > 0:
        return None
    return (
        f"no export tax rebate for {tariff.code} on {day.isoformat()}: the tariff period in "
        f"force from {tariff.valid_from.isoformat()} gives a rebate rate of 0 %"
    )


def customs_value_cny(value: Decimal, cny_per_unit: Decimal) -> Decimal:
    """Declared value in CNY at the day's rate, to the fen half-up (as :func:`item_tax` does)."""
    return round_fen(value * cny_per_unit)


def rebate_amount(customs_value: Decimal, rebate_rate: Decimal) -> Decimal:
    """Refund of one item; the rate is a percentage as the tariff publishes it."""
    return round_fen(customs_value * rebate_rate / HUNDRED)


def assess_import(
    lines: Sequence[TaxableLine], currency: str, day: date, ref: TaxReference
) -> ImportTax:
    """Duty and import VAT of every line at the rates in force on `day`."""
    rate, tariffs = _rates(lines, currency, day, ref)
    items = tuple(
        item_tax(line.line_no, line.value, rate, tariff.mfn_rate, tariff.vat_rate)
        for line, tariff in zip(lines, tariffs, strict=True)
    )
    return ImportTax(day=day, currency=currency, cny_per_unit=rate, items=items)


def assess_rebate(
    lines: Sequence[TaxableLine], currency: str, day: date, ref: TaxReference
) -> ExportRebate:
    """Export tax refund of every line at the rebate rates in force on `day`."""
    rate, tariffs = _rates(lines, currency, day, ref)
    rebate_lines = []
    for line, tariff in zip(lines, tariffs, strict=True):
        value = customs_value_cny(line.value, rate)
        rebate_lines.append(
            RebateLine(
                line_no=line.line_no,
                tariff_code=line.tariff_code,
                customs_value_cny=value,
                rebate_rate=tariff.export_rebate_rate,
                amount=rebate_amount(value, tariff.export_rebate_rate),
                reason=no_rebate_reason(tariff, day),
            )
        )
    return ExportRebate(day=day, currency=currency, cny_per_unit=rate, lines=tuple(rebate_lines))


def _rates(
    lines: Sequence[TaxableLine], currency: str, day: date, ref: TaxReference
) -> tuple[Decimal, list[TariffLine]]:
    """The day's exchange rate and tariff periods, or every missing one reported at once."""
    errors = Collector()
    rate = Decimal(1)
    if currency != "CNY":
        found = ref.exchange_rate_on(currency, day)
        if found is None:
            errors.add("currency", "exchange_rate", f"no {currency} exchange rate on {day}")
        else:
            rate = found.cny_per_unit
    tariffs: list[TariffLine] = []
    for index, line in enumerate(lines):
        tariff = ref.tariff_line_on(line.tariff_code, day)
        if tariff is None:
            errors.add(
                f"items.{index}.tariff_code",
                "tariff_not_in_force",
                f"{line.tariff_code} not in force on {day}",
            )
        else:
            tariffs.append(tariff)
    errors.raise_if_any()
    return rate, tariffs
