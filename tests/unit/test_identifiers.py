"""Unified social credit codes, customs codes, numbers and money rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clearway.declarations.duty import item_tax, total_due
from clearway.declarations.numbering import format_number
from clearway.enterprises.rules import customs_code_problem, make_uscc, uscc_problem
from clearway.shared.money import decimals_of, minor_units, round_fen


@pytest.mark.parametrize(
    "code", ["91350100M000100Y43", "91110000600037341L", make_uscc("91150600MA0QY0001")]
)
def test_valid_uscc(code: str) -> None:
    assert uscc_problem(code) is None


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y44", "check digit"),
        ("91350100M000100Y4", "18 characters"),
        ("91350100M0001OOY43", "outside the code alphabet"),
        ("", "18 characters"),
    ],
)
def test_invalid_uscc_says_why(code: str, why: str) -> None:
    problem = uscc_problem(code)
    assert problem is not None and why in problem


def test_customs_code() -> None:
    assert customs_code_problem("1506960001") is None
    assert customs_code_problem("15069600") is not None
    assert customs_code_problem("15069600０1") is not None


def test_numbers_are_human_readable_and_sortable() -> None:
    assert format_number("0291", 2024, "E", 123) == "0291-2024-E-000123"
    assert format_number("7909", 2026, "I", 1) < format_number("7909", 2026, "I", 2)


def test_minor_units() -> None:
    assert minor_units("CNY") == 2 and minor_units("JPY") == 0 and minor_units("KWD") == 3
    assert decimals_of(Decimal("1.230")) == 3 and decimals_of(Decimal("5")) == 0


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
    ],
)
def test_round_fen_half_up(amount: str, expected: str) -> None:
    assert round_fen(Decimal(amount)) == Decimal(expected)


def test_import_tax_hand_worked() -> None:
    # USD 10,000 at 7.2175 = 72,175.00 CNY; duty 10 % = 7,217.50; VAT 13 % of 79,392.50
    # = 10,321.025 -> 10,321.03 (half-up at the fen).
    tax = item_tax(1, Decimal("10000"), Decimal("7.2175"), Decimal("10"), Decimal("13"))
    assert tax.customs_value_cny == Decimal("72175.00")
    assert tax.duty == Decimal("7217.50")
    assert tax.vat == Decimal("10321.03")
    assert total_due([tax, tax]) == Decimal("35077.06")


def test_iron_ore_pays_vat_only() -> None:
    tax = item_tax(1, Decimal("4300000.00"), Decimal(1), Decimal(0), Decimal(13))
    assert tax.duty == 0 and tax.vat == Decimal("559000.00")
