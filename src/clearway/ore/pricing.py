"""Provisional (formula) pricing of iron ore: the final price deadline and the settlement. Pure.

Iron ore is bought on a formula: an index (e.g. Platts 62 % Fe) averaged over a quotational
period, adjusted for the Fe and moisture the lab finds. At import the price is not known yet, so
the declaration states a provisional price and is taxed on it; once the lab has reported and
the quotational period has ended the importer declares the final price. Both prices are valued
by the same rule (``declarations.valuation``) and taxed at the rates of the declaration date;
the difference of duty and VAT, item by item, is the supplementary tax (final above
provisional) or the refund (below). The deadline for the final price is a dated table
(``data/final_price_deadlines.csv``), days after the end of the quotational period, in force
by the declaration date (docs/rules/ore_provisional_pricing.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from clearway.bonded.tax import ImportTax
from clearway.reference.loading import Row, parse_rows, refuse_overlaps

ZERO = Decimal("0.00")


class Settlement(StrEnum):
    """What the final price leaves to settle."""

    SUPPLEMENTARY = "supplementary"  # final tax above the provisional: the importer pays more
    REFUND = "refund"  # below: customs refunds the difference
    NONE = "none"  # the same tax to the fen


@dataclass(frozen=True)
class FinalPriceDeadline:
    """Days after the quotational period within which the final price is due, over dates."""

    valid_from: date
    valid_to: date | None
    days: int
    source: str


@cache
def final_price_deadlines() -> tuple[FinalPriceDeadline, ...]:
    """The dated final-price deadlines that ship with Clearway."""
    text = (files("clearway.ore") / "data" / "final_price_deadlines.csv").read_text("utf-8")
    columns = ("valid_from", "valid_to", "days_after_quotational_period", "source")
    rows = parse_rows(text, columns, _deadline)
    refuse_overlaps(rows, lambda _: "final price", "deadline")
    return tuple(rows)


def _deadline(row: Row) -> FinalPriceDeadline:
    return FinalPriceDeadline(
        row.day("valid_from") or date.min,
        row.day("valid_to", required=False),
        int(row.decimal("days_after_quotational_period", Decimal(1), Decimal(3650))),
        row.text("source"),
    )


def final_price_due(
    declared_on: date,
    quotational_period_end: date,
    table: tuple[FinalPriceDeadline, ...] | None = None,
) -> date | None:
    """The last day for the final price, by the rule in force on the declaration date; None
    before any rule (nothing is late then)."""
    for row in final_price_deadlines() if table is None else table:
        if row.valid_from <= declared_on and (row.valid_to is None or declared_on <= row.valid_to):
            return quotational_period_end + timedelta(days=row.days)
    return None


@dataclass(frozen=True)
class LineDifference:
    """One item's tax on the provisional and on the final price, and the difference."""

    line_no: int
    provisional_value_cny: Decimal
    final_value_cny: Decimal
    provisional_duty: Decimal
    final_duty: Decimal
    provisional_vat: Decimal
    final_vat: Decimal

    @property
    def duty(self) -> Decimal:
        return self.final_duty - self.provisional_duty

    @property
    def vat(self) -> Decimal:
        return self.final_vat - self.provisional_vat

    def as_dict(self) -> dict[str, Any]:
        fields = {k: str(v) for k, v in self.__dict__.items() if k != "line_no"}
        return {"line_no": self.line_no, **fields, "duty": str(self.duty), "vat": str(self.vat)}


@dataclass(frozen=True)
class PriceSettlement:
    """The difference of duty and VAT between the final and the provisional assessment."""

    lines: tuple[LineDifference, ...]

    @property
    def duty(self) -> Decimal:
        return sum((line.duty for line in self.lines), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.duty + self.vat

    @property
    def kind(self) -> Settlement:
        if self.total > 0:
            return Settlement.SUPPLEMENTARY
        return Settlement.REFUND if self.total < 0 else Settlement.NONE


def settle(provisional: ImportTax, final: ImportTax) -> PriceSettlement:
    """Item by item, final minus provisional; both notices are of the same declaration."""
    finals = {item.line_no: item for item in final.items}
    return PriceSettlement(
        tuple(
            LineDifference(
                line_no=p.line_no,
                provisional_value_cny=p.customs_value_cny,
                final_value_cny=finals[p.line_no].customs_value_cny,
                provisional_duty=p.duty,
                final_duty=finals[p.line_no].duty,
                provisional_vat=p.vat,
                final_vat=finals[p.line_no].vat,
            )
            for p in provisional.items
        )
    )
