"""The customs value of a declaration from its price terms: CIF at the border for imports, FOB
for exports (docs/rules/valuation.md).

:func:`customs_value` is pure: the price terms' row of the Incoterms 2020 table
(``data/price_terms.csv``) says, per flow, whether the declared freight and insurance are added
to the price (an import on FOB terms) or taken out of it (an export on CIF terms); other charges
(packing, commissions, loading to the border or on board) are always added and deductions (costs
after the border or after loading that the price includes) always taken out. Where an import's
insurance is unknown, the dated default rate (``data/insurance_defaults.csv``) of cost plus
freight is used. Statistics reuse the same function for their statistical value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib.resources import files

from clearway.declarations.model import Declaration, Flow
from clearway.reference.loading import Row, parse_rows, refuse_overlaps
from clearway.shared.errors import Collector
from clearway.shared.periods import in_force

ZERO = Decimal(0)


class PriceTerms(StrEnum):
    """Incoterms 2020 (ICC publication 723), the price terms a declaration states."""

    EXW = "EXW"
    FCA = "FCA"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"


class Adjust(StrEnum):
    """What a declared charge does to the price for one flow under one term."""

    ADD = "add"
    DEDUCT = "deduct"
    NONE = "none"


@dataclass(frozen=True)
class TermRule:
    """One row of the price terms table."""

    term: PriceTerms
    name: str
    import_freight: Adjust
    import_insurance: Adjust
    export_freight: Adjust
    export_insurance: Adjust

    def freight(self, flow: Flow) -> Adjust:
        return self.import_freight if flow is Flow.IMPORT else self.export_freight

    def insurance(self, flow: Flow) -> Adjust:
        return self.import_insurance if flow is Flow.IMPORT else self.export_insurance


@dataclass(frozen=True)
class Charges:
    """What a declaration says besides the price, in its currency; None where not declared."""

    freight: Decimal | None = None
    insurance: Decimal | None = None
    other_charges: Decimal | None = None
    deductions: Decimal | None = None

    @property
    def any_declared(self) -> bool:
        amounts = (self.freight, self.insurance, self.other_charges, self.deductions)
        return any(v is not None for v in amounts)


@dataclass(frozen=True)
class Valuation:
    """How a customs value was built: the basis, each step, and whether insurance was defaulted."""

    basis: str  # "CIF" (import) or "FOB" (export); "declared" without price terms
    price: Decimal
    freight: Decimal
    insurance: Decimal
    insurance_defaulted: bool
    other_charges: Decimal
    deductions: Decimal
    value: Decimal


def customs_value(
    flow: Flow,
    terms: PriceTerms | None,
    price: Decimal,
    charges: Charges,
    insurance_rate: Decimal,
    rule: TermRule | None = None,
) -> Valuation:
    """The customs value (CIF at the border for imports, FOB for exports) of a declared price.

    Without price terms the declared price is taken as the customs value, unless charges were
    declared (they cannot be placed without terms). Raises RuleViolation naming each field
    (``price_terms``, ``freight``, ``insurance``, ``deductions``) that keeps the value from being
    built. ``rule`` defaults to the shipped table's row for ``terms``.
    """
    errors = Collector()
    if terms is None:
        if charges.any_declared:
            errors.add(
                "price_terms",
                "required",
                "freight, insurance or charges were declared without price terms: the customs "
                "value cannot be built",
            )
        errors.raise_if_any()
        return Valuation("declared", price, ZERO, ZERO, False, ZERO, ZERO, price)
    row = rule or term_rule(terms)
    basis = "CIF" if flow is Flow.IMPORT else "FOB"
    other = charges.other_charges or ZERO
    deductions = charges.deductions or ZERO
    freight_adjust, insurance_adjust = row.freight(flow), row.insurance(flow)
    freight = ZERO
    if freight_adjust is not Adjust.NONE:
        if charges.freight is None:
            errors.add(
                "freight",
                "required",
                f"{terms.value} {flow.value}: the freight is needed to build the {basis} value",
            )
        else:
            freight = charges.freight
    insurance, defaulted = ZERO, False
    if insurance_adjust is not Adjust.NONE:
        if charges.insurance is not None:
            insurance = charges.insurance
        elif insurance_adjust is Adjust.ADD:
            # Unknown insurance on an import: the dated rate of cost plus freight.
            insurance, defaulted = (price + freight) * insurance_rate, True
        else:
            errors.add(
                "insurance",
                "required",
                f"{terms.value} {flow.value}: the insurance in the price is needed to build the "
                f"{basis} value",
            )
    errors.raise_if_any()
    value = price + other - deductions
    value += _signed(freight, freight_adjust) + _signed(insurance, insurance_adjust)
    if value <= 0:
        errors.add(
            "deductions",
            "value_not_positive",
            f"the {basis} value built from the price is {value}, not above zero",
        )
        errors.raise_if_any()
    return Valuation(basis, price, freight, insurance, defaulted, other, deductions, value)


def _signed(amount: Decimal, adjust: Adjust) -> Decimal:
    if adjust is Adjust.ADD:
        return amount
    return -amount if adjust is Adjust.DEDUCT else ZERO


def item_values(valuation: Valuation, prices: Sequence[Decimal]) -> list[Decimal]:
    """Each item's share of the customs value, pro rata to its declared price (unrounded, so
    the CNY amounts are rounded once, per item, where the tax is computed)."""
    total = sum(prices, ZERO)
    if total == 0 or valuation.value == valuation.price:
        return list(prices)
    return [valuation.value * p / total for p in prices]


# -- the shipped tables ------------------------------------------------------------------------


@cache
def price_terms_table() -> dict[PriceTerms, TermRule]:
    """The Incoterms 2020 table that ships with Clearway, by term."""
    text = (files("clearway.declarations") / "data" / "price_terms.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    table = {
        PriceTerms(r["term"]): TermRule(
            PriceTerms(r["term"]),
            r["name"],
            Adjust(r["import_freight"]),
            Adjust(r["import_insurance"]),
            Adjust(r["export_freight"]),
            Adjust(r["export_insurance"]),
        )
        for r in rows
    }
    missing = set(PriceTerms) - set(table)
    if missing:
        raise ValueError(f"price_terms.csv lacks {sorted(missing)}")
    return table


def term_rule(terms: PriceTerms) -> TermRule:
    return price_terms_table()[terms]


@dataclass(frozen=True)
class InsuranceDefault:
    """The insurance rate taken where an import's insurance is unknown, over its dates."""

    valid_from: date
    valid_to: date | None
    rate: Decimal
    source: str


@cache
def insurance_defaults() -> tuple[InsuranceDefault, ...]:
    """The dated default insurance rates that ship with Clearway."""
    text = (files("clearway.declarations") / "data" / "insurance_defaults.csv").read_text("utf-8")
    rates = parse_rows(text, ("valid_from", "valid_to", "rate", "source"), _insurance_default)
    refuse_overlaps(rates, lambda _: "insurance", "default")
    return tuple(rates)


def _insurance_default(row: Row) -> InsuranceDefault:
    return InsuranceDefault(
        row.day("valid_from") or date.min,
        row.day("valid_to", required=False),
        row.decimal("rate", ZERO, Decimal(1)),
        row.text("source"),
    )


def default_insurance_rate(day: date) -> Decimal:
    """The default insurance rate in force on a day (0 before any rule: nothing is added)."""
    for row in insurance_defaults():
        if in_force(row.valid_from, row.valid_to, day):
            return row.rate
    return ZERO


def declaration_valuation(declaration: Declaration, price: Decimal | None = None) -> Valuation:
    """The customs value of a lodged declaration, as its date's rules build it; ``price``
    stands in for the declared total (a provisionally priced declaration's final price)."""
    terms = PriceTerms(declaration.price_terms) if declaration.price_terms else None
    charges = Charges(
        declaration.freight,
        declaration.insurance,
        declaration.other_charges,
        declaration.deductions,
    )
    return customs_value(
        declaration.flow,
        terms,
        declaration.total_value if price is None else price,
        charges,
        default_insurance_rate(declaration.declaration_date),
    )
