"""Business checks on a declaration's content, pure over the input and a reference view.

Every broken rule names its field path and the rule, and all are reported together.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from clearway.declarations.commands import DeclarationInput, ItemInput
from clearway.declarations.valuation import (
    Charges,
    Valuation,
    customs_value,
    default_insurance_rate,
    item_values,
)
from clearway.reference.model import TariffLine
from clearway.shared.errors import Collector, RuleViolation
from clearway.shared.money import decimals_of, minor_units, round_fen

QUANTITY_DECIMALS = 4


class ReferenceView(Protocol):
    """What the rules need to know about reference data, without knowing where it lives."""

    def tariff_periods(self, code: str) -> list[TariffLine]: ...

    def country_exists(self, alpha2: str) -> bool: ...

    def currency_exists(self, alpha3: str) -> bool: ...

    def office_exists(self, code: str) -> bool: ...


def check_declaration(
    data: DeclarationInput, day: date, ref: ReferenceView, max_items: int
) -> None:
    """Raise RuleViolation listing every broken rule of the header and items."""
    errors = Collector()
    if not ref.office_exists(data.office_code):
        errors.add("office_code", "unknown_office", f"customs office {data.office_code} unknown")
    if not ref.country_exists(data.trade_country):
        errors.add("trade_country", "country", f"'{data.trade_country}' is not an ISO country")
    currency_ok = ref.currency_exists(data.currency)
    if not currency_ok:
        errors.add("currency", "currency", f"'{data.currency}' is not an ISO 4217 currency")
    if not data.items:
        errors.add("items", "min_items", "a declaration needs at least one item")
    if len(data.items) > max_items:
        errors.add("items", "max_items", f"at most {max_items} items, got {len(data.items)}")
    places = minor_units(data.currency) if currency_ok else 2
    _positive(errors, "total_value", data.total_value, places)
    _positive(errors, "net_weight", data.net_weight, QUANTITY_DECIMALS)
    _positive(errors, "gross_weight", data.gross_weight, QUANTITY_DECIMALS)
    for index, item in enumerate(data.items):
        _check_item(errors, f"items.{index}", item, day, ref, places)
    _check_totals(errors, data)
    _check_valuation(errors, data, day)
    for index, doc in enumerate(data.documents):
        if doc.valid_until is not None and doc.valid_until < doc.issue_date:
            errors.add(f"documents.{index}.valid_until", "period", "is before issue_date")
    errors.raise_if_any()


def _positive(errors: Collector, path: str, value: Decimal, places: int) -> None:
    if not value.is_finite() or value <= 0:
        errors.add(path, "positive", f"must be greater than zero, got {value}")
    elif decimals_of(value) > places:
        errors.add(path, "decimals", f"{value} has more than {places} decimal places")


def _check_item(
    errors: Collector, path: str, item: ItemInput, day: date, ref: ReferenceView, places: int
) -> None:
    periods = ref.tariff_periods(item.tariff_code)
    if not periods:
        errors.add(
            f"{path}.tariff_code",
            "tariff_unknown",
            f"tariff line {item.tariff_code} does not exist",
        )
    elif not any(p.in_force_on(day) for p in periods):
        errors.add(
            f"{path}.tariff_code",
            "tariff_not_in_force",
            f"tariff line {item.tariff_code} is not in force on {day.isoformat()}",
        )
    for field in ("origin_country", "destination_country"):
        code = getattr(item, field)
        if not ref.country_exists(code):
            errors.add(f"{path}.{field}", "country", f"'{code}' is not an ISO country")
    _positive(errors, f"{path}.quantity", item.quantity, QUANTITY_DECIMALS)
    _positive(errors, f"{path}.net_weight", item.net_weight, QUANTITY_DECIMALS)
    _positive(errors, f"{path}.gross_weight", item.gross_weight, QUANTITY_DECIMALS)
    _positive(errors, f"{path}.value", item.value, places)
    if (
        item.gross_weight.is_finite()
        and item.net_weight.is_finite()
        and item.gross_weight < item.net_weight
    ):
        errors.add(f"{path}.gross_weight", "gross_below_net", "is less than net_weight")


def charges_of(data: DeclarationInput) -> Charges:
    """The valuation amounts a declaration states besides its price."""
    return Charges(data.freight, data.insurance, data.other_charges, data.deductions)


def valuation_of(data: DeclarationInput, day: date) -> Valuation:
    """The customs value of a declaration's content, as the rules of its day build it."""
    return customs_value(
        data.flow,
        data.price_terms,
        data.total_value,
        charges_of(data),
        default_insurance_rate(day),
    )


def statistical_values(data: DeclarationInput, day: date) -> list[Decimal]:
    """Each item's statistical value: its share of the customs value, which is FOB for exports
    and CIF for imports as trade statistics count them (docs/rules/trade_statistics.md)."""
    shares = item_values(valuation_of(data, day), [item.value for item in data.items])
    return [round_fen(share) for share in shares]


def _check_valuation(errors: Collector, data: DeclarationInput, day: date) -> None:
    """The customs value must be buildable from the price terms and charges declared."""
    if not data.total_value.is_finite() or data.total_value <= 0:
        return
    try:
        valuation_of(data, day)
    except RuleViolation as refused:
        errors.errors.extend(refused.errors)


def _check_totals(errors: Collector, data: DeclarationInput) -> None:
    """Header totals must equal the sums of the items, to the unit sent."""
    if not data.items or any(not i.value.is_finite() for i in data.items):
        return
    for header, field in (
        ("total_value", "value"),
        ("net_weight", "net_weight"),
        ("gross_weight", "gross_weight"),
    ):
        total = sum((getattr(i, field) for i in data.items), Decimal(0))
        sent = getattr(data, header)
        if sent.is_finite() and total != sent:
            errors.add(header, "totals_agree", f"is {sent} but the items add up to {total}")


class DutyCover(StrEnum):
    """What lets goods go before an officer looks at the tax: nothing due, paid, or secured."""

    NIL = "nil"
    PAID = "paid"
    GUARANTEED = "guaranteed"


def duty_cover(due: Decimal, paid: bool, guaranteed: bool) -> DutyCover | None:
    """How duty and import VAT are covered, or None when release must wait for payment.

    Goods are released once their tax is paid or secured by a guarantee; a declaration that
    owes nothing (exports, nil-rated lines) needs neither (docs/rules/lane_release.md).
    """
    if paid:
        return DutyCover.PAID
    if due <= 0:
        return DutyCover.NIL
    return DutyCover.GUARANTEED if guaranteed else None
