"""The customs value from price terms: CIF at the border for imports, FOB for exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearway.declarations.model import Flow
from clearway.declarations.valuation import (
    Adjust,
    Charges,
    PriceTerms,
    Valuation,
    customs_value,
    default_insurance_rate,
    item_values,
    price_terms_table,
)
from clearway.reference.loading import parse_exchange_rate_csv
from clearway.shared.errors import RuleViolation

D = Decimal
RATE = D("0.003")
FULL = Charges(freight=D("100"), insurance=D("10"), other_charges=D("5"), deductions=D("2"))


def _paths(refused: pytest.ExceptionInfo[RuleViolation]) -> set[tuple[str, str]]:
    return {(e.path, e.rule) for e in refused.value.errors}


@pytest.mark.parametrize("terms", list(PriceTerms))
@pytest.mark.parametrize("flow", list(Flow))
def test_every_term_builds_its_basis_from_the_table(flow: Flow, terms: PriceTerms) -> None:
    row = price_terms_table()[terms]
    sign = {Adjust.ADD: 1, Adjust.DEDUCT: -1, Adjust.NONE: 0}
    expected = (
        D("1000")
        + sign[row.freight(flow)] * D("100")
        + sign[row.insurance(flow)] * D("10")
        + D("5")
        - D("2")
    )
    built = customs_value(flow, terms, D("1000"), FULL, RATE)
    assert built.value == expected
    assert built.basis == ("CIF" if flow is Flow.IMPORT else "FOB")


def test_fob_import_adds_freight_and_the_default_insurance_where_unknown() -> None:
    # 3 per mille of (cost 10 000 + freight 500) = 31.50
    built = customs_value(Flow.IMPORT, PriceTerms.FOB, D("10000"), Charges(D("500")), RATE)
    assert built.insurance == D("31.500") and built.insurance_defaulted
    assert built.value == D("10531.500")


def test_declared_insurance_is_used_as_declared() -> None:
    built = customs_value(Flow.IMPORT, PriceTerms.CFR, D("10000"), Charges(insurance=D("12")), RATE)
    assert built.value == D("10012") and not built.insurance_defaulted


def test_cif_import_and_fob_export_are_their_price() -> None:
    assert customs_value(Flow.IMPORT, PriceTerms.CIF, D("800"), Charges(), RATE).value == D("800")
    assert customs_value(Flow.EXPORT, PriceTerms.FOB, D("800"), Charges(), RATE).value == D("800")


def test_dap_at_the_border_is_the_cif_value_of_a_rail_import() -> None:
    assert customs_value(Flow.IMPORT, PriceTerms.DAP, D("900"), Charges(), RATE).value == D("900")


def test_cif_export_takes_freight_and_insurance_out() -> None:
    charges = Charges(freight=D("40"), insurance=D("3"))
    assert customs_value(Flow.EXPORT, PriceTerms.CIF, D("1000"), charges, RATE).value == D("957")


def test_a_value_that_cannot_be_built_names_each_missing_field() -> None:
    with pytest.raises(RuleViolation) as refused:
        customs_value(Flow.EXPORT, PriceTerms.CIF, D("1000"), Charges(), RATE)
    assert _paths(refused) == {("freight", "required"), ("insurance", "required")}
    with pytest.raises(RuleViolation) as refused:
        customs_value(Flow.IMPORT, PriceTerms.EXW, D("1000"), Charges(), RATE)
    assert _paths(refused) == {("freight", "required")}


def test_charges_without_price_terms_are_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        customs_value(Flow.IMPORT, None, D("1000"), Charges(freight=D("1")), RATE)
    assert _paths(refused) == {("price_terms", "required")}
    assert customs_value(Flow.IMPORT, None, D("1000"), Charges(), RATE).value == D("1000")


def test_deductions_may_not_take_the_value_to_zero() -> None:
    with pytest.raises(RuleViolation) as refused:
        customs_value(Flow.IMPORT, PriceTerms.DDP, D("100"), Charges(deductions=D("100")), RATE)
    assert _paths(refused) == {("deductions", "value_not_positive")}


def test_items_share_the_value_pro_rata() -> None:
    built = Valuation("CIF", D("300"), D("30"), D("0"), False, D("0"), D("0"), D("330"))
    assert item_values(built, [D("100"), D("200")]) == [D("110"), D("220")]


def test_the_default_insurance_rate_starts_with_decree_213() -> None:
    assert default_insurance_rate(date(2014, 1, 31)) == 0
    assert default_insurance_rate(date(2014, 2, 1)) == RATE


def test_a_customs_rate_is_for_a_month_and_one_per_month() -> None:
    with pytest.raises(RuleViolation) as refused:
        parse_exchange_rate_csv("currency,valid_from,cny_per_unit\nUSD,2024-01-02,7.1\n")
    assert ("line 2.valid_from", "month") in _paths(refused)
    with pytest.raises(RuleViolation) as refused:
        parse_exchange_rate_csv(
            "currency,valid_from,cny_per_unit\nUSD,2024-01-01,7.1\nUSD,2024-01-01,7.2\n"
        )
    assert ("currency USD", "one_per_month") in _paths(refused)
