"""Duty and import VAT of a declaration, from the dated tariff and exchange rate.

Customs value in CNY = value x rate; duty = value x MFN; VAT = (value + duty) x VAT rate.
Each amount is rounded to the fen half-up per item, then summed for the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clearway.shared.money import round_fen

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ItemTax:
    line_no: int
    customs_value_cny: Decimal
    duty: Decimal
    vat: Decimal


def item_tax(
    line_no: int, value: Decimal, cny_per_unit: Decimal, mfn_rate: Decimal, vat_rate: Decimal
) -> ItemTax:
    """Tax of one import item; rates are percentages as the tariff publishes them."""
    customs_value = round_fen(value * cny_per_unit)
    duty = round_fen(customs_value * mfn_rate / HUNDRED)
    vat = round_fen((customs_value + duty) * vat_rate / HUNDRED)
    return ItemTax(line_no, customs_value, duty, vat)


def total_due(items: list[ItemTax]) -> Decimal:
    return sum((i.duty + i.vat for i in items), Decimal("0.00"))
